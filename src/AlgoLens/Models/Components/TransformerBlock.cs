using AlgoLens.Tensors;

namespace AlgoLens.Models.Components;

/// <summary>
/// One transformer block: optional normalisation, attention, optional normalisation and MLP, each added to
/// the residual stream; hook points <c>hook_resid_pre|mid|post</c>, <c>hook_attn_out</c>,
/// <c>hook_mlp_out</c>, and with TransformerLens's switches (<see cref="TransformerHookFlags"/>)
/// <c>hook_attn_in</c>, <c>hook_q_input|k_input|v_input</c> [batch, pos, head, d_model] and
/// <c>hook_mlp_in</c> [batch, pos, d_model].
/// </summary>
public sealed class TransformerBlock : Component
{
    private readonly TransformerHookFlags flags;
    private readonly int heads;

    internal TransformerBlock(int layer, HookedTransformerConfig config, TransformerHookFlags flags, TransformerInit init, ParameterStore parameters, HookPointList hooks)
        : base($"blocks.{layer}.", parameters, hooks)
    {
        Layer = layer;
        this.flags = flags;
        heads = config.NHeads;
        HookResidPre = Hook("hook_resid_pre", "[batch, pos, d_model]");
        HookAttnIn = hooks.Add(Prefix + "hook_attn_in", "[batch, pos, head, d_model]", () => flags.UseAttnIn);
        HookQInput = hooks.Add(Prefix + "hook_q_input", "[batch, pos, head, d_model]", () => flags.UseSplitQkvInput);
        HookKInput = hooks.Add(Prefix + "hook_k_input", "[batch, pos, head, d_model]", () => flags.UseSplitQkvInput);
        HookVInput = hooks.Add(Prefix + "hook_v_input", "[batch, pos, head, d_model]", () => flags.UseSplitQkvInput);
        Ln1 = Normalization.Create(Prefix + "ln1.", config, parameters, hooks);
        Attn = new Attention(layer, config, flags, init, parameters, hooks);
        HookAttnOut = Hook("hook_attn_out", "[batch, pos, d_model]");
        if (!config.AttnOnly)
        {
            HookResidMid = Hook("hook_resid_mid", "[batch, pos, d_model]");
            HookMlpIn = hooks.Add(Prefix + "hook_mlp_in", "[batch, pos, d_model]", () => flags.UseHookMlpIn);
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

    /// <summary><c>hook_attn_in</c> (only with <c>use_attn_in</c>): the residual copied per head, [batch, pos, head, d_model].</summary>
    public HookPoint HookAttnIn { get; }

    /// <summary><c>hook_q_input</c> (only with <c>use_split_qkv_input</c>): each head's query input before ln1, [batch, pos, head, d_model].</summary>
    public HookPoint HookQInput { get; }

    /// <summary><c>hook_k_input</c> (only with <c>use_split_qkv_input</c>): each head's key input before ln1.</summary>
    public HookPoint HookKInput { get; }

    /// <summary><c>hook_v_input</c> (only with <c>use_split_qkv_input</c>): each head's value input before ln1.</summary>
    public HookPoint HookVInput { get; }

    /// <summary><c>hook_mlp_in</c> (only with <c>use_hook_mlp_in</c>; null for attention-only blocks): the MLP's input before ln2.</summary>
    public HookPoint? HookMlpIn { get; }

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
    /// (see <see cref="Attention.Forward(Tensor, HookRunner, int[], bool[])"/>). On a plain call (no hook, no cache) attention and MLP each
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
        Tensor residMid;
        if (fusedOpsServe && Attention.Fuses(hooks))
        {
            // A plain call observes no hook, so the switches change nothing here.
            var attnIn = Ln1 is null ? resid : Ln1.Forward(resid, hooks, fusedOpsServe);
            residMid = Attn.ForwardAddedTo(attnIn, resid, queryPositions);
        }
        else
        {
            var attnOut = hooks.Apply(HookAttnOut, flags.SplitsHeads
                ? AttentionPerHead(resid, hooks, queryPositions, attentionMask, fusedOpsServe)
                : Attn.Forward(Ln1 is null ? resid : Ln1.Forward(resid, hooks, fusedOpsServe), hooks, queryPositions, attentionMask));
            var residAtQueries = queryPositions is null ? resid : Ops.IndexSelect(resid, 1, queryPositions);
            residMid = residAtQueries + attnOut;
        }
        return AfterAttention(residMid, hooks, fusedOpsServe);
    }

    /// <summary>
    /// The attention with a head axis on its input, as TransformerLens's block with
    /// <c>use_attn_in</c> or <c>use_split_qkv_input</c>: the residual [batch, pos, d_model] is copied
    /// per head ([batch, pos, head, d_model]; through <c>hook_attn_in</c>, and with split inputs
    /// through <c>hook_q_input</c>, <c>hook_k_input</c> and <c>hook_v_input</c>, each its own copy),
    /// and ln1 is applied to the query, key and value inputs in turn (its hooks fire three times and
    /// see a head axis), so that an edit of head h's input reaches only head h. With both switches on,
    /// hook_attn_in fires and the split inputs are taken from the residual, as TransformerLens does.
    /// </summary>
    private Tensor AttentionPerHead(Tensor resid, HookRunner hooks, int[]? queryPositions, bool[]? attentionMask, bool fusedOpsServe)
    {
        Tensor attnIn = resid;
        if (flags.UseAttnIn)
        {
            attnIn = hooks.Apply(HookAttnIn, RepeatPerHead(resid));
        }
        Tensor queryInput = attnIn, keyInput = attnIn, valueInput = attnIn;
        if (flags.UseSplitQkvInput)
        {
            queryInput = hooks.Apply(HookQInput, RepeatPerHead(resid));
            keyInput = hooks.Apply(HookKInput, RepeatPerHead(resid));
            valueInput = hooks.Apply(HookVInput, RepeatPerHead(resid));
        }
        if (Ln1 is not null)
        {
            queryInput = Ln1.Forward(queryInput, hooks, fusedOpsServe);
            keyInput = Ln1.Forward(keyInput, hooks, fusedOpsServe);
            valueInput = Ln1.Forward(valueInput, hooks, fusedOpsServe);
        }
        return Attn.Forward(queryInput, keyInput, valueInput, hooks, queryPositions, attentionMask);
    }

    // [batch, pos, d_model] -> [batch, pos, head, d_model], one copy per head (a broadcast add to
    // zeros, so that gradients of the copies sum back into the residual).
    private Tensor RepeatPerHead(Tensor resid)
    {
        int batch = resid.Shape[0], pos = resid.Shape[1], d = resid.Shape[2];
        var perHead = Ops.Reshape(resid, batch, pos, 1, d);
        return Ops.Add(perHead, new Tensor(new float[batch * pos * heads * d], [batch, pos, heads, d]));
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
        // TransformerLens's use_hook_mlp_in: the MLP's input, a hook point of its own (a plain call observes nothing, so this changes no bits).
        var mlpSource = flags.UseHookMlpIn ? hooks.Apply(HookMlpIn!, residMid) : residMid;
        var mlpIn = Ln2 is null ? mlpSource : Ln2.Forward(mlpSource, hooks, fusedOpsServe);
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
