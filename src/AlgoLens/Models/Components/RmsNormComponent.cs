using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// RMSNorm (TransformerLens's RMSNorm, normalization_type "RMS"): x divided by
/// <c>{prefix}hook_scale</c> = sqrt(mean(x²) + eps) [batch, pos, 1], times the learned
/// <c>{prefix}w</c> [d_model], through <c>{prefix}hook_normalized</c>. Without the learned scale it
/// is TransformerLens's RMSNormPre ("RMSPre"). No centring and no shift.
/// </summary>
public sealed class RmsNormComponent : Normalization
{
    private readonly float eps;

    internal RmsNormComponent(string prefix, int width, float eps, bool learnedScale, ParameterStore parameters, HookPointList hooks)
        : base(prefix, parameters, hooks)
    {
        this.eps = eps;
        W = learnedScale ? Parameter("w", [width], ParameterRole.NormScale, ParameterInit.Ones) : null;
        HookScale = Hook("hook_scale", "[batch, pos, 1]");
        HookNormalized = Hook("hook_normalized", "[batch, pos, d_model]");
    }

    /// <summary>The learned scale [d_model], or null for RMSPre.</summary>
    public Tensor? W { get; }

    /// <summary><c>hook_scale</c>: the divisor [batch, pos, 1].</summary>
    public HookPoint HookScale { get; }

    /// <inheritdoc/>
    public override HookPoint HookNormalized { get; }

    /// <summary>
    /// Normalises the last axis, then scales. Through the fused <see cref="Ops.RmsNorm"/>, which never
    /// forms the scale as a tensor, unless something hooks or caches <c>hook_scale</c>: then through
    /// the composition that does (the output has the same bits either way).
    /// </summary>
    public override Tensor Forward(Tensor x, HookRunner hooks, bool fusedOpsServe = true)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        if (!hooks.Observes(HookScale))
        {
            return hooks.Apply(HookNormalized, Apply(x));
        }
        var scale = hooks.Apply(HookScale, Ops.RootMeanSquare(x, eps)); // [batch, pos, 1]
        var normalized = Ops.Div(x, scale);                              // [batch, pos, d_model]
        return hooks.Apply(HookNormalized, W is null ? normalized : Ops.Mul(normalized, W));
    }

    /// <inheritdoc/>
    public override Tensor Apply(Tensor x) => Ops.RmsNorm(x, W, eps);
}
