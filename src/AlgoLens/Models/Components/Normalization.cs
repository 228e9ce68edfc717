using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// A normalisation before attention, MLP or unembedding, as TransformerLens's LayerNorm,
/// LayerNormPre, RMSNorm and RMSNormPre: it normalises the last axis of [batch, pos, d_model] and
/// passes the result through <c>{prefix}hook_normalized</c>.
/// </summary>
public abstract class Normalization : Component
{
    /// <summary>Binds the component to its prefix, e.g. <c>blocks.0.ln1.</c>.</summary>
    private protected Normalization(string prefix, ParameterStore parameters, HookPointList hooks)
        : base(prefix, parameters, hooks)
    {
    }

    /// <summary><c>hook_normalized</c>: the output [batch, pos, d_model].</summary>
    public abstract HookPoint HookNormalized { get; }

    /// <summary>
    /// Normalises the last axis of x [batch, pos, d_model], through the hook points.
    /// <paramref name="fusedOpsServe"/>: the model's configuration is one the fused ops serve
    /// (<see cref="Attention.FusedOpsServe"/>); a normalisation whose fused op differs from its
    /// composition in the last bits takes the fused op only then, so that runs of the other
    /// configurations keep their bits.
    /// </summary>
    public abstract Tensor Forward(Tensor x, HookRunner hooks, bool fusedOpsServe = true);

    /// <summary>
    /// The same normalisation without hooks, through a fused op (for fast paths): the same values as
    /// <see cref="Forward"/> up to float rounding.
    /// </summary>
    public abstract Tensor Apply(Tensor x);

    /// <summary>
    /// The normalisation that <paramref name="config"/>'s normalization_type asks for at
    /// <paramref name="prefix"/>, or null for "none".
    /// </summary>
    internal static Normalization? Create(string prefix, HookedTransformerConfig config, ParameterStore parameters, HookPointList hooks) =>
        config.NormalizationType switch
        {
            "LN" => new LayerNormComponent(prefix, config.DModel, config.Eps, parameters, hooks),
            "LNPre" => new LayerNormPre(prefix, config.Eps, parameters, hooks),
            "RMS" => new RmsNormComponent(prefix, config.DModel, config.Eps, learnedScale: true, parameters, hooks),
            "RMSPre" => new RmsNormComponent(prefix, config.DModel, config.Eps, learnedScale: false, parameters, hooks),
            _ => null,
        };
}
