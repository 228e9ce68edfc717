using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// What LayerNorm and LayerNormPre share: centring, then division by <c>{prefix}hook_scale</c> =
/// sqrt(mean((x - mean)²) + eps) [batch, pos, 1], then (for LN) the learned scale and shift, through
/// <c>{prefix}hook_normalized</c>.
/// </summary>
public abstract class LayerNormBase : Normalization
{
    private readonly float eps;

    private protected LayerNormBase(string prefix, float eps, ParameterStore parameters, HookPointList hooks)
        : base(prefix, parameters, hooks)
    {
        this.eps = eps;
    }

    /// <summary>The eps added to the variance.</summary>
    protected float Eps => eps;

    /// <summary><c>hook_scale</c>: the divisor [batch, pos, 1].</summary>
    public abstract HookPoint HookScale { get; }

    /// <summary>
    /// Normalises the last axis. On a plain call (no hook, no cache) through the fused
    /// <see cref="Ops.LayerNorm"/>, which never forms the scale as a tensor; otherwise through the
    /// composition that forms <c>hook_scale</c>, so that a hook on it changes the output as in
    /// TransformerLens. The two agree to rounding, not bit for bit, so any hook or cache takes the
    /// composition: a filtered cache then holds the full cache's bits.
    /// </summary>
    public override Tensor Forward(Tensor x, HookRunner hooks, bool fusedOpsServe = true)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        if (hooks.ObservesNothing && PlainCallFuses(fusedOpsServe))
        {
            return hooks.Apply(HookNormalized, Apply(x));
        }
        var centred = Ops.Sub(x, Ops.Mean(x, -1, keepDim: true));             // [batch, pos, d_model]
        var scale = hooks.Apply(HookScale, Ops.RootMeanSquare(centred, eps)); // [batch, pos, 1]
        return hooks.Apply(HookNormalized, ScaleAndShift(Ops.Div(centred, scale)));
    }

    /// <summary>
    /// Whether a call with no hook and no cache takes the fused op; <paramref name="fusedOpsServe"/>
    /// says whether the model's configuration is one the fused ops serve.
    /// </summary>
    private protected abstract bool PlainCallFuses(bool fusedOpsServe);

    /// <summary>The learned scale and shift of the normalised x [batch, pos, d_model]; none for LNPre.</summary>
    private protected abstract Tensor ScaleAndShift(Tensor normalized);
}
