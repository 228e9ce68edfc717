namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// Tests that time the shared helper threads join this collection, which xunit runs alone so they
/// never race other tests. (Thread counts and GEMM kernel families need no such care: each test sets
/// its own in a scoped ComputeContext.)
/// </summary>
[CollectionDefinition("Parallelism", DisableParallelization = true)]
public sealed class ParallelismCollection
{
}
