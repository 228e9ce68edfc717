namespace AlgoLens.Tensors.Kernels;

/// <summary>
/// An element-wise activation, as the ops take it (<see cref="Ops.Activation(Tensor, FusedActivation)"/>,
/// <see cref="Ops.Mlp"/>) and as a GEMM epilogue applies it to each finished element.
/// </summary>
public enum FusedActivation
{
    /// <summary>The identity.</summary>
    None,

    /// <summary>max(x, 0), NaN kept; its backward mask is recorded as bits.</summary>
    Relu,

    /// <summary>Exact GELU, x·Φ(x) (the erf form); its slope is stored as floats.</summary>
    Gelu,

    /// <summary>GELU's tanh form, "gelu_new"; its slope is stored as floats.</summary>
    GeluTanh,

    /// <summary>SiLU, x·σ(x); its slope is stored as floats.</summary>
    Silu,
}

/// <summary>The lane kernels of the smooth activations. (Names as configs spell them, "gelu_new" and
/// the rest, belong to the models, which map them to <see cref="FusedActivation"/>.)</summary>
internal static class FusedActivations
{
    /// <summary>Whether the activation's backward is a stored slope (every one but ReLU and the identity).</summary>
    public static bool IsSmooth(this FusedActivation activation) => activation >= FusedActivation.Gelu;

    /// <summary>Over n floats: y = act(x), and slope = act'(x) when <paramref name="slope"/> is not null
    /// (y may be x), by the lane code of <see cref="GeluKernels"/> or <see cref="SiluKernels"/>, so an
    /// element has the same bits wherever it falls in a row or tile.</summary>
    public static unsafe void Smooth(FusedActivation activation, float* x, float* y, float* slope, int n)
    {
        switch (activation)
        {
            case FusedActivation.Gelu:
                GeluKernels.Forward(GeluForm.Erf, x, y, slope, n);
                break;
            case FusedActivation.GeluTanh:
                GeluKernels.Forward(GeluForm.Tanh, x, y, slope, n);
                break;
            case FusedActivation.Silu:
                SiluKernels.Forward(x, y, slope, n);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a smooth activation.");
        }
    }
}
