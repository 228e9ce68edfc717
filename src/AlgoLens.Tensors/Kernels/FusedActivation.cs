namespace AlgoLens.Tensors.Kernels;

/// <summary>An activation a GEMM epilogue can apply to each finished element.</summary>
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

/// <summary>Activation names (as models spell them) and the lane kernels of the smooth ones.</summary>
internal static class FusedActivations
{
    /// <summary>The fused activation for a model's activation name (relu, gelu, gelu_new, silu).</summary>
    public static FusedActivation FromName(string name) => name switch
    {
        "relu" => FusedActivation.Relu,
        "gelu" => FusedActivation.Gelu,
        "gelu_new" => FusedActivation.GeluTanh,
        "silu" => FusedActivation.Silu,
        _ => throw new ArgumentException($"Unknown activation '{name}'. Use one of: relu, gelu, gelu_new, silu."),
    };

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
