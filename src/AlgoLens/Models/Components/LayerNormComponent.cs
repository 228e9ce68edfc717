using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// LayerNorm with a learned scale and shift (TransformerLens's LayerNorm, normalization_type "LN"):
/// x - mean(x), divided by <c>{prefix}hook_scale</c> = sqrt(mean((x - mean)²) + eps) [batch, pos, 1],
/// times <c>{prefix}w</c> plus <c>{prefix}b</c> [d_model], through <c>{prefix}hook_normalized</c>.
/// </summary>
public sealed class LayerNormComponent : Normalization
{
    private readonly float eps;

    internal LayerNormComponent(string prefix, int width, float eps, ParameterStore parameters, HookPointList hooks)
        : base(prefix, parameters, hooks)
    {
        this.eps = eps;
        W = Parameter("w", [width], ParameterRole.NormScale, ParameterInit.Ones);
        B = Parameter("b", [width], ParameterRole.NormBias, ParameterInit.Zeros);
        HookScale = Hook("hook_scale", "[batch, pos, 1]");
        HookNormalized = Hook("hook_normalized", "[batch, pos, d_model]");
    }

    /// <summary>The scale [d_model].</summary>
    public Tensor W { get; }

    /// <summary>The shift [d_model].</summary>
    public Tensor B { get; }

    /// <summary><c>hook_scale</c>: the divisor [batch, pos, 1].</summary>
    public HookPoint HookScale { get; }

    /// <inheritdoc/>
    public override HookPoint HookNormalized { get; }

    /// <summary>
    /// Normalises the last axis, then scales and shifts. On a plain call (no hook, no cache) through
    /// the fused <see cref="Ops.LayerNorm"/>, which never forms the scale as a tensor; otherwise
    /// through the composition that forms <c>hook_scale</c>, so that a hook on it changes the output as
    /// in TransformerLens. The two agree to rounding, not bit for bit, so any hook or cache takes the
    /// composition (as <see cref="LayerNormPre"/> does): a filtered cache then holds the full cache's bits.
    /// </summary>
    public override Tensor Forward(Tensor x, HookRunner hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        if (hooks.ObservesNothing)
        {
            return hooks.Apply(HookNormalized, Apply(x));
        }
        var normalized = CentreAndScale(x, eps, HookScale, hooks); // [batch, pos, d_model]
        return hooks.Apply(HookNormalized, Ops.Add(Ops.Mul(normalized, W), B));
    }

    /// <inheritdoc/>
    public override Tensor Apply(Tensor x) => Ops.LayerNorm(x, W, B, eps);
}
