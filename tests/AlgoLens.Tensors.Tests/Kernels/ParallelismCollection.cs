namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// Tests that change the process-wide GEMM kernel family (Gemm.Isa), or that time the shared helper
/// threads, join this collection, which xunit runs alone so they never race other tests. (Thread
/// counts need no such care: each test sets its own in a scoped ComputeContext.)
/// </summary>
[CollectionDefinition("Parallelism", DisableParallelization = true)]
public sealed class ParallelismCollection
{
}
