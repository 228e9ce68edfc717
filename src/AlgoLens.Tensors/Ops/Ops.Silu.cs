using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// SiLU (swish), x·σ(x) with σ the logistic sigmoid (PyTorch's <c>silu</c>, TransformerLens's
    /// "silu"). σ is computed in a form that cannot overflow for large |x|.
    /// </summary>
    /// <remarks>Vectorised in float32 with the engine's own exp (<see cref="SiluKernels"/>), the slope
    /// stored for the backward as <see cref="Gelu(Tensor)"/> does; the same bits for any thread count.</remarks>
    public static Tensor Silu(Tensor x) => SmoothActivation(x, FusedActivation.Silu, "Silu");
}
