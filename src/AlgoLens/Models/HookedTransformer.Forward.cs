using AlgoLens.Tensors;

namespace AlgoLens.Models;

public sealed partial class HookedTransformer
{
    /// <summary>Logits [batch, pos, d_vocab_out] for every position.</summary>
    public Tensor Forward(TokenBatch tokens) => Run(tokens, HookRunner.None, outputPositions: null);

    /// <summary>
    /// Runs the model and caches every hook activation whose full name passes
    /// <paramref name="namesFilter"/> (all when null). With <paramref name="retainGrads"/>, a later
    /// <c>Backward()</c> on a function of the logits leaves each cached activation's gradient in
    /// <see cref="ActivationCache.Gradient"/>. With <paramref name="outputPositions"/>, the last
    /// block computes queries, MLP and logits only at those positions (its later hooks and the
    /// logits then have outputPositions.Length positions), which is what analyses of the final
    /// position need at a fraction of the cost.
    /// </summary>
    public (Tensor Logits, ActivationCache Cache) RunWithCache(TokenBatch tokens, Func<string, bool>? namesFilter = null, bool retainGrads = false, int[]? outputPositions = null)
    {
        if (outputPositions is not null)
        {
            ArgumentNullException.ThrowIfNull(tokens);
            CheckOutputPositions(outputPositions, tokens.Positions);
        }
        var runner = new HookRunner(cacheFilter: namesFilter ?? (_ => true), retainGrads: retainGrads);
        var logits = Run(tokens, runner, outputPositions);
        return (logits, new ActivationCache(runner.Cache, Config.NLayers));
    }

    /// <summary>
    /// Runs the model with hooks: each hook sees its activation and may return a replacement that
    /// the rest of the pass uses. The hooks apply to this call only.
    /// </summary>
    public Tensor RunWithHooks(TokenBatch tokens, params (string HookName, HookFunction Hook)[] hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        foreach (var (name, _) in hooks)
        {
            if (!HookNames.All(Config).Contains(name))
            {
                throw new ArgumentException($"No hook point '{name}' in this model. Hook points: {string.Join(", ", HookNames.All(Config))}.");
            }
        }
        return Run(tokens, new HookRunner(hooks), outputPositions: null);
    }

    private Tensor Run(TokenBatch tokens, HookRunner hooks, int[]? outputPositions)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        CheckTokens(tokens);
        int batch = tokens.Batch, pos = tokens.Positions;
        var embed = hooks.Apply(HookNames.Embed, Ops.Embedding(this["embed.W_E"], tokens.Ids, batch, pos));
        var posEmbed = hooks.Apply(HookNames.PosEmbed, Ops.Embedding(this["pos_embed.W_pos"], tokens.PositionIds(), batch, pos));
        var resid = embed + posEmbed; // [batch, pos, d_model]
        for (int layer = 0; layer < Config.NLayers; layer++)
        {
            bool last = layer == Config.NLayers - 1;
            resid = Block(resid, layer, hooks, last ? outputPositions : null);
        }
        if (Config.UsesLayerNorm)
        {
            resid = hooks.Apply(HookNames.LnFinalNormalized, Ops.LayerNorm(resid, this["ln_final.w"], this["ln_final.b"], Config.Eps));
        }
        return Ops.MatMul(resid, this["unembed.W_U"]) + this["unembed.b_U"]; // [batch, pos, d_vocab_out]
    }

    private void CheckTokens(TokenBatch tokens)
    {
        if (tokens.Positions > Config.NCtx)
        {
            throw new ArgumentException($"Sequences of {tokens.Positions} tokens are longer than the model's context n_ctx = {Config.NCtx}.");
        }
        for (int i = 0; i < tokens.Ids.Length; i++)
        {
            if ((uint)tokens.Ids[i] >= (uint)Config.DVocab)
            {
                throw new ArgumentException($"Token id {tokens.Ids[i]} (sequence {i / tokens.Positions}, position {i % tokens.Positions}) is outside the vocabulary 0..{Config.DVocab - 1}.");
            }
        }
    }

    // One block. With queryPositions, only those positions are carried past attention (the
    // residual stream of the result has queryPositions.Length positions).
    private Tensor Block(Tensor resid, int layer, HookRunner hooks, int[]? queryPositions)
    {
        string b = $"blocks.{layer}.";
        resid = hooks.Apply(b + "hook_resid_pre", resid);
        var attnIn = Config.UsesLayerNorm
            ? hooks.Apply(b + "ln1.hook_normalized", Ops.LayerNorm(resid, this[b + "ln1.w"], this[b + "ln1.b"], Config.Eps))
            : resid;
        var attnOut = hooks.Apply(b + "hook_attn_out", Attention(attnIn, layer, hooks, queryPositions));
        var residAtQueries = queryPositions is null ? resid : Ops.IndexSelect(resid, 1, queryPositions);
        if (Config.AttnOnly)
        {
            return hooks.Apply(b + "hook_resid_post", residAtQueries + attnOut);
        }
        var residMid = hooks.Apply(b + "hook_resid_mid", residAtQueries + attnOut);
        var mlpIn = Config.UsesLayerNorm
            ? hooks.Apply(b + "ln2.hook_normalized", Ops.LayerNorm(residMid, this[b + "ln2.w"], this[b + "ln2.b"], Config.Eps))
            : residMid;
        var mlpOut = hooks.Apply(b + "hook_mlp_out", Mlp(mlpIn, layer, hooks));
        return hooks.Apply(b + "hook_resid_post", residMid + mlpOut);
    }

    private Tensor Mlp(Tensor x, int layer, HookRunner hooks)
    {
        string b = $"blocks.{layer}.mlp.";
        var pre = hooks.Apply(b + "hook_pre", Ops.MatMul(x, this[b + "W_in"]) + this[b + "b_in"]); // [batch, pos, d_mlp]
        var post = hooks.Apply(b + "hook_post", Ops.Activation(pre, Config.ActFn));
        return Ops.MatMul(post, this[b + "W_out"]) + this[b + "b_out"]; // [batch, pos, d_model]
    }
}
