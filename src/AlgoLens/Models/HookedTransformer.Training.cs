using AlgoLens.Tensors;

namespace AlgoLens.Models;

public sealed partial class HookedTransformer
{
    /// <summary>
    /// Logits [batch, positions.Length, d_vocab_out] at the given positions only, for training and
    /// evaluation: the same values and gradients as <see cref="Forward"/> there, with work the loss
    /// cannot see skipped. No unembedding at other positions; in the last block no query and no MLP
    /// at other positions; and the first block's queries, keys and values, which depend only on
    /// (token, position), are computed once per distinct pair in the batch (e.g. 114 x 3 rows
    /// instead of 3830 x 3 for the grokking model) and gathered. Attention is the fused kernel.
    /// Runs no hooks.
    /// </summary>
    public Tensor ForwardAtPositions(TokenBatch tokens, int[] positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(tokens);
        CheckTokens(tokens);
        CheckOutputPositions(positions, tokens.Positions);
        int batch = tokens.Batch, pos = tokens.Positions;
        int[] allPositions = Enumerable.Range(0, pos).ToArray();

        // The first block's input is W_E[token] + W_pos[position]: one row per distinct pair.
        var pairs = TokenPositionPairs.Of(tokens);
        var residTable = Ops.Embedding(this["embed.W_E"], pairs.Tokens, pairs.Count)
            + Ops.Embedding(this["pos_embed.W_pos"], pairs.Positions, pairs.Count); // [pairs, d_model]

        Tensor? resid = null; // [batch, pos, d_model] once past the first block
        for (int layer = 0; layer < Config.NLayers; layer++)
        {
            bool last = layer == Config.NLayers - 1;
            int[] queries = last ? positions : allPositions;
            string b = $"blocks.{layer}.";
            Tensor q, k, v, residAtQueries;
            if (layer == 0)
            {
                var x = Config.UsesLayerNorm ? Ops.LayerNorm(residTable, this[b + "ln1.w"], this[b + "ln1.b"], Config.Eps) : residTable;
                var (qTable, kTable, vTable) = (ProjectFlat(x, layer, "Q"), ProjectFlat(x, layer, "K"), ProjectFlat(x, layer, "V")); // [pairs, head*d_head]
                int[] querySlots = pairs.SlotsAt(queries, pos);
                q = Ops.Embedding(qTable, querySlots, batch, queries.Length);
                k = Ops.Embedding(kTable, pairs.Slots, batch, pos);
                v = Ops.Embedding(vTable, pairs.Slots, batch, pos);
                residAtQueries = Ops.Embedding(residTable, querySlots, batch, queries.Length);
            }
            else
            {
                var x = Config.UsesLayerNorm ? Ops.LayerNorm(resid!, this[b + "ln1.w"], this[b + "ln1.b"], Config.Eps) : resid!;
                var xq = last && queries.Length != pos ? Ops.IndexSelect(x, 1, queries) : x;
                q = ProjectFlat(xq, layer, "Q");
                k = ProjectFlat(x, layer, "K");
                v = ProjectFlat(x, layer, "V");
                residAtQueries = last && queries.Length != pos ? Ops.IndexSelect(resid!, 1, queries) : resid!;
            }
            var z = Ops.Attention(q, k, v, Config.NHeads, queries); // [batch, q, head*d_head]
            var wO = Ops.Reshape(this[b + "attn.W_O"], Config.NHeads * Config.DHead, Config.DModel);
            var residMid = residAtQueries + Ops.Linear(z, wO, this[b + "attn.b_O"]);
            if (Config.AttnOnly)
            {
                resid = residMid;
                continue;
            }
            var mlpIn = Config.UsesLayerNorm ? Ops.LayerNorm(residMid, this[b + "ln2.w"], this[b + "ln2.b"], Config.Eps) : residMid;
            var hidden = Ops.Activation(Ops.Linear(mlpIn, this[b + "mlp.W_in"], this[b + "mlp.b_in"]), Config.ActFn);
            resid = residMid + Ops.Linear(hidden, this[b + "mlp.W_out"], this[b + "mlp.b_out"]);
        }
        if (Config.UsesLayerNorm)
        {
            resid = Ops.LayerNorm(resid!, this["ln_final.w"], this["ln_final.b"], Config.Eps);
        }
        return Ops.Linear(resid!, this["unembed.W_U"], this["unembed.b_U"]); // [batch, positions, d_vocab_out]
    }

    private static void CheckOutputPositions(int[] positions, int sequenceLength)
    {
        if (positions.Length == 0 || positions.Any(p => p < 0 || p >= sequenceLength) || positions.Distinct().Count() != positions.Length)
        {
            throw new ArgumentException($"Output positions [{string.Join(", ", positions)}] must be distinct positions in 0..{sequenceLength - 1}.");
        }
    }

    // x·W + b for one of Q, K, V with the heads merged: x [..., d_model] -> [..., head*d_head].
    private Tensor ProjectFlat(Tensor x, int layer, string which)
    {
        string b = $"blocks.{layer}.attn.";
        int width = Config.NHeads * Config.DHead;
        var w = Ops.Reshape(Ops.Permute(this[b + "W_" + which], 1, 0, 2), Config.DModel, width); // [d_model, head*d_head]
        return Ops.Linear(x, w, Ops.Reshape(this[b + "b_" + which], width));
    }
}
