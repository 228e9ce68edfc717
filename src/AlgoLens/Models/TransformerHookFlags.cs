namespace AlgoLens.Models;

/// <summary>
/// The hook switches of a live <see cref="HookedTransformer"/>, as TransformerLens's config flags
/// <c>use_attn_result</c>, <c>use_split_qkv_input</c>, <c>use_attn_in</c>, <c>use_hook_mlp_in</c> and
/// <c>use_hook_tokens</c>: each adds hook points that the forward pass otherwise does not form. The
/// model's components read this one shared object, so that
/// <see cref="HookedTransformer.SetUseAttnResult"/> and its siblings switch hooks at run time, as
/// TransformerLens's <c>model.set_use_attn_result(True)</c> does.
/// </summary>
/// <remarks>
/// A switched-on hook point exists and fires on hooked and cached runs (<c>RunWithHooks</c>,
/// <c>RunWithCache</c>). A plain <c>Forward</c> observes no hook, so it computes what it computes with
/// every switch off (the fused ops, the same bits): the switches change what a hook can see and
/// edit, never the function.
/// </remarks>
public sealed class TransformerHookFlags
{
    internal TransformerHookFlags(HookedTransformerConfig config)
    {
        UseAttnResult = config.UseAttnResult;
        UseSplitQkvInput = config.UseSplitQkvInput;
        UseAttnIn = config.UseAttnIn;
        UseHookMlpIn = config.UseHookMlpIn;
        UseHookTokens = config.UseHookTokens;
    }

    /// <summary><c>blocks.L.attn.hook_result</c> [batch, pos, head, d_model]: each head's output z_h·W_O[h].</summary>
    public bool UseAttnResult { get; internal set; }

    /// <summary><c>blocks.L.hook_q_input|hook_k_input|hook_v_input</c> [batch, pos, head, d_model]: each head's own copy of the residual.</summary>
    public bool UseSplitQkvInput { get; internal set; }

    /// <summary><c>blocks.L.hook_attn_in</c> [batch, pos, head, d_model]: one per-head copy of the residual for q, k and v.</summary>
    public bool UseAttnIn { get; internal set; }

    /// <summary><c>blocks.L.hook_mlp_in</c> [batch, pos, d_model]: the MLP's input before ln2.</summary>
    public bool UseHookMlpIn { get; internal set; }

    /// <summary><c>hook_tokens</c> [batch, pos]: the token ids, as floats.</summary>
    public bool UseHookTokens { get; internal set; }

    /// <summary>True when the residual goes to attention with a head axis (split q/k/v inputs or attn_in).</summary>
    internal bool SplitsHeads => UseSplitQkvInput || UseAttnIn;
}
