using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// LayerNorm with a learned scale and shift (TransformerLens's LayerNorm, normalization_type "LN"):
/// x - mean(x), divided by <c>{prefix}hook_scale</c> = sqrt(mean((x - mean)²) + eps) [batch, pos, 1],
/// times <c>{prefix}w</c> plus <c>{prefix}b</c> [d_model], through <c>{prefix}hook_normalized</c>.
/// </summary>
public sealed class LayerNormComponent : LayerNormBase
{
    internal LayerNormComponent(string prefix, int width, float eps, ParameterStore parameters, HookPointList hooks)
        : base(prefix, eps, parameters, hooks)
    {
        W = Parameter("w", [width], ParameterRole.NormScale, ParameterInit.Ones);
        B = Parameter("b", [width], ParameterRole.NormBias, ParameterInit.Zeros);
        HookScale = Hook("hook_scale", "[batch, pos, 1]");
        HookNormalized = Hook("hook_normalized", "[batch, pos, d_model]");
    }

    /// <summary>The scale [d_model].</summary>
    public Tensor W { get; }

    /// <summary>The shift [d_model].</summary>
    public Tensor B { get; }

    /// <inheritdoc/>
    public override HookPoint HookScale { get; }

    /// <inheritdoc/>
    public override HookPoint HookNormalized { get; }

    /// <inheritdoc/>
    public override Tensor Apply(Tensor x) => Ops.LayerNorm(x, W, B, Eps);

    // LN's general path has always been the fused op, in every configuration.
    private protected override bool PlainCallFuses(bool fusedOpsServe) => true;

    private protected override Tensor ScaleAndShift(Tensor normalized) => Ops.Add(Ops.Mul(normalized, W), B);
}
