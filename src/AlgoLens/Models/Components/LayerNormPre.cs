using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// LayerNorm without learned parameters (TransformerLens's LayerNormPre, normalization_type
/// "LNPre"): x - mean(x), divided by <c>{prefix}hook_scale</c> = sqrt(mean((x - mean)²) + eps)
/// [batch, pos, 1], through <c>{prefix}hook_normalized</c>. The scale goes through its own hook
/// point, so replacing it (e.g. freezing it to a cached value to make the norm linear) changes the
/// output, as in TransformerLens.
/// </summary>
public sealed class LayerNormPre : Normalization
{
    private readonly float eps;

    internal LayerNormPre(string prefix, float eps, ParameterStore parameters, HookPointList hooks)
        : base(prefix, parameters, hooks)
    {
        this.eps = eps;
        HookScale = Hook("hook_scale", "[batch, pos, 1]");
        HookNormalized = Hook("hook_normalized", "[batch, pos, d_model]");
    }

    /// <summary><c>hook_scale</c>: the divisor [batch, pos, 1].</summary>
    public HookPoint HookScale { get; }

    /// <inheritdoc/>
    public override HookPoint HookNormalized { get; }

    /// <summary>
    /// Centres and normalises the last axis. On a plain call (no hook, no cache) through the fused
    /// <see cref="Ops.LayerNorm"/>, as the table forward always did; otherwise through the composition
    /// that forms <c>hook_scale</c>. The two agree to rounding, not bit for bit, so any hook or cache
    /// takes the composition: a filtered cache then holds the full cache's bits.
    /// </summary>
    public override Tensor Forward(Tensor x, HookRunner hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        if (hooks.ObservesNothing)
        {
            return hooks.Apply(HookNormalized, Apply(x));
        }
        return hooks.Apply(HookNormalized, CentreAndScale(x, eps, HookScale, hooks)); // [batch, pos, d_model]
    }

    /// <inheritdoc/>
    public override Tensor Apply(Tensor x) => Ops.LayerNorm(x, null, null, eps);
}
