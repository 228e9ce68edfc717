using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// LayerNorm without learned parameters (TransformerLens's LayerNormPre, normalization_type
/// "LNPre"): x - mean(x), divided by <c>{prefix}hook_scale</c> = sqrt(mean((x - mean)²) + eps)
/// [batch, pos, 1], through <c>{prefix}hook_normalized</c>. The scale goes through its own hook
/// point, so replacing it (e.g. freezing it to a cached value to make the norm linear) changes the
/// output, as in TransformerLens.
/// </summary>
public sealed class LayerNormPre : LayerNormBase
{
    internal LayerNormPre(string prefix, float eps, ParameterStore parameters, HookPointList hooks)
        : base(prefix, eps, parameters, hooks)
    {
        HookScale = Hook("hook_scale", "[batch, pos, 1]");
        HookNormalized = Hook("hook_normalized", "[batch, pos, d_model]");
    }

    /// <inheritdoc/>
    public override HookPoint HookScale { get; }

    /// <inheritdoc/>
    public override HookPoint HookNormalized { get; }

    /// <inheritdoc/>
    public override Tensor Apply(Tensor x) => Ops.LayerNorm(x, null, null, Eps);

    // LNPre's general path was the composition; it fuses only where the table forward always did
    // (the configurations the fused ops serve), so the others train on the same bits as before.
    private protected override bool PlainCallFuses(bool fusedOpsServe) => fusedOpsServe;

    private protected override Tensor ScaleAndShift(Tensor normalized) => normalized;
}
