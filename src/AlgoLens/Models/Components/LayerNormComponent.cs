using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>LayerNorm with a learned scale and shift: <c>{prefix}w</c>, <c>{prefix}b</c> [d_model] and <c>{prefix}hook_normalized</c>.</summary>
public sealed class LayerNormComponent : Normalization
{
    private readonly float eps;

    internal LayerNormComponent(string prefix, int width, float eps, ParameterStore parameters, HookPointList hooks)
        : base(prefix, parameters, hooks)
    {
        this.eps = eps;
        W = Parameter("w", [width], ParameterRole.NormScale, ParameterInit.Ones);
        B = Parameter("b", [width], ParameterRole.NormBias, ParameterInit.Zeros);
        HookNormalized = Hook("hook_normalized", "[batch, pos, d_model]");
    }

    /// <summary>The scale [d_model].</summary>
    public Tensor W { get; }

    /// <summary>The shift [d_model].</summary>
    public Tensor B { get; }

    /// <inheritdoc/>
    public override HookPoint HookNormalized { get; }

    /// <summary>Normalises the last axis, then scales and shifts.</summary>
    public override Tensor Forward(Tensor x, HookRunner hooks) => hooks.Apply(HookNormalized, Apply(x));

    /// <inheritdoc/>
    public override Tensor Apply(Tensor x) => Ops.LayerNorm(x, W, B, eps);
}
