namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// Tests that change process-wide kernel settings (Parallelism.MaxThreads, the GEMM kernel family)
/// join this collection, which xunit runs alone so they never race other tests.
/// </summary>
[CollectionDefinition("Parallelism", DisableParallelization = true)]
public sealed class ParallelismCollection
{
}
