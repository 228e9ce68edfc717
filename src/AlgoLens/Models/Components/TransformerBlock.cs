using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// One transformer block: optional normalisation, attention, optional normalisation and MLP, each added to
/// the residual stream; hook points <c>hook_resid_pre|mid|post</c>, <c>hook_attn_out</c>,
/// <c>hook_mlp_out</c>.
/// </summary>
public sealed class TransformerBlock : Component
{
    internal TransformerBlock(int layer, HookedTransformerConfig config, TransformerInit init, ParameterStore parameters, HookPointList hooks)
        : base($"blocks.{layer}.", parameters, hooks)
    {
        Layer = layer;
        HookResidPre = Hook("hook_resid_pre", "[batch, pos, d_model]");
        Ln1 = Normalization.Create(Prefix + "ln1.", config, parameters, hooks);
        Attn = new Attention(layer, config, init, parameters, hooks);
        HookAttnOut = Hook("hook_attn_out", "[batch, pos, d_model]");
        if (!config.AttnOnly)
        {
            HookResidMid = Hook("hook_resid_mid", "[batch, pos, d_model]");
            Ln2 = Normalization.Create(Prefix + "ln2.", config, parameters, hooks);
            Mlp = new Mlp(layer, config, init, parameters, hooks);
            HookMlpOut = Hook("hook_mlp_out", "[batch, pos, d_model]");
        }
        HookResidPost = Hook("hook_resid_post", "[batch, pos, d_model]");
    }

    /// <summary>The block's index.</summary>
    public int Layer { get; }

    /// <summary>The normalisation before attention, or null.</summary>
    public Normalization? Ln1 { get; }

    /// <summary>The attention.</summary>
    public Attention Attn { get; }

    /// <summary>The normalisation before the MLP, or null.</summary>
    public Normalization? Ln2 { get; }

    /// <summary>The MLP, or null for attention-only blocks.</summary>
    public Mlp? Mlp { get; }

    /// <summary><c>hook_resid_pre</c>.</summary>
    public HookPoint HookResidPre { get; }

    /// <summary><c>hook_attn_out</c>.</summary>
    public HookPoint HookAttnOut { get; }

    /// <summary><c>hook_resid_mid</c> (null for attention-only blocks).</summary>
    public HookPoint? HookResidMid { get; }

    /// <summary><c>hook_mlp_out</c> (null for attention-only blocks).</summary>
    public HookPoint? HookMlpOut { get; }

    /// <summary><c>hook_resid_post</c>.</summary>
    public HookPoint HookResidPost { get; }

    /// <summary>
    /// The block on the residual stream [batch, pos, d_model]. With <paramref name="queryPositions"/>,
    /// only those positions are carried past attention (the result has queryPositions.Length positions).
    /// <paramref name="attentionMask"/> ([batch, pos], true = real slot, or null) hides padding keys
    /// (see <see cref="Attention.Forward"/>). On a plain call (no hook, no cache) attention and MLP each
    /// take their fused op, the residual added in its last product's epilogue, in the configurations
    /// the fused ops serve (<see cref="Attention.FusedOpsServe"/>); with any hook or cache, every
    /// activation is formed and the bits are those of the unfused ops (<see cref="Attention.Fuses"/>).
    /// </summary>
    public Tensor Forward(Tensor resid, HookRunner hooks, int[]? queryPositions, bool[]? attentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        if (queryPositions is not null && IsEveryPosition(queryPositions, resid.Shape[1]))
        {
            queryPositions = null; // the same queries without a gather
        }
        resid = hooks.Apply(HookResidPre, resid);
        bool fusedOpsServe = Attn.FusedOpsServe(attentionMask);
        var attnIn = Ln1 is null ? resid : Ln1.Forward(resid, hooks, fusedOpsServe);
        Tensor residMid;
        if (fusedOpsServe && Attention.Fuses(hooks))
        {
            residMid = Attn.ForwardAddedTo(attnIn, resid, queryPositions);
        }
        else
        {
            var attnOut = hooks.Apply(HookAttnOut, Attn.Forward(attnIn, hooks, queryPositions, attentionMask));
            var residAtQueries = queryPositions is null ? resid : Ops.IndexSelect(resid, 1, queryPositions);
            residMid = residAtQueries + attnOut;
        }
        return AfterAttention(residMid, hooks, fusedOpsServe);
    }

    /// <summary>
    /// The rest of the block from resid_mid (the residual plus the attention's output) [batch, q, d_model]:
    /// <c>hook_resid_mid</c>, the MLP and its residual add, <c>hook_resid_post</c>. Also the first
    /// block's tail in the table specialisation, which makes resid_mid its own way.
    /// <paramref name="fusedOpsServe"/>: the configuration is one the fused ops serve
    /// (<see cref="Attention.FusedOpsServe"/>).
    /// </summary>
    internal Tensor AfterAttention(Tensor residMid, HookRunner hooks, bool fusedOpsServe)
    {
        if (Mlp is null)
        {
            return hooks.Apply(HookResidPost, residMid);
        }
        residMid = hooks.Apply(HookResidMid!, residMid);
        var mlpIn = Ln2 is null ? residMid : Ln2.Forward(residMid, hooks, fusedOpsServe);
        var resid = fusedOpsServe && Components.Mlp.Fuses(hooks)
            ? Mlp.ForwardAddedTo(mlpIn, residMid)
            : residMid + hooks.Apply(HookMlpOut!, Mlp.Forward(mlpIn, hooks));
        return hooks.Apply(HookResidPost, resid);
    }

    private static bool IsEveryPosition(int[] positions, int count)
    {
        if (positions.Length != count)
        {
            return false;
        }
        for (int p = 0; p < count; p++)
        {
            if (positions[p] != p)
            {
                return false;
            }
        }
        return true;
    }
}
