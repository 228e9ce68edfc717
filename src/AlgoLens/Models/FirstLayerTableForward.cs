using AlgoLens.Data;
using AlgoLens.Models.Components;
using AlgoLens.Models.Specialisations;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models;

/// <summary>
/// A fast specialisation of <see cref="HookedTransformer"/>'s forward pass for training and
/// evaluation, chosen automatically for plain calls it supports (<see cref="Supports"/>) and tested
/// against the general path. It runs no hooks.
/// </summary>
internal sealed class FirstLayerTableForward
{
    private readonly HookedTransformer model;
    private readonly bool foldMlpInput;

    private readonly bool? forceTables;

    private FirstLayerTableForward(HookedTransformer model, bool foldMlpInput, bool? forceTables = null)
    {
        this.model = model;
        this.foldMlpInput = foldMlpInput;
        this.forceTables = forceTables;
    }

    private HookedTransformerConfig Config => model.Config;

    private TransformerBlock FirstBlock => model.Blocks[0];

    private Attention FirstAttention => model.Blocks[0].Attn;

    // Only read when the first MLP folds into the tables, which needs an MLP.
    private Components.Mlp FirstMlp => model.Blocks[0].Mlp!;

    /// <summary>
    /// Token input without padding (everything before the first block's attention then depends only
    /// on the slot's (token, position) pair), to a model with what this path implements: causal
    /// attention at rate 1, any normalisation (each through its fused op), token embedding, and an
    /// activation <see cref="Ops.Activation"/> knows. Everything else takes the general path.
    /// </summary>
    public static bool Supports(HookedTransformer model, ModelInput input)
    {
        var config = model.Config;
        return input.IsTokens && input.AttentionMask is null
            && config.IsCausal
            && config.AttentionRate == 1f
            && !config.ReadsValues
            && (config.AttnOnly || config.ActFn is "relu" or "gelu" or "gelu_new" or "silu");
    }

    /// <summary>
    /// Logits [batch, positions.Length, d_vocab_out] at the given positions only, for training and
    /// evaluation: the same values and gradients as the general path (<see cref="HookedTransformer"/>) there, with work the loss
    /// cannot see skipped. No unembedding at other positions; in the last block no query and no MLP
    /// at other positions; and the first block's queries, keys and values, which depend only on
    /// (token, position), are computed once per distinct pair in the batch (e.g. 229 rows instead of
    /// 3830 x 3 for the grokking model), as is each head's value through W_O; the first block's
    /// attention reads those tables per slot (<see cref="TableOps.TableAttention"/>). Without normalisation
    /// the first MLP's input projection goes through the same tables (resid_mid is linear in their
    /// rows), so its [rows, d_model]·W_in product and both its backward products are never made
    /// (<see cref="TableOps.TableReluLinear"/> for ReLU). Later blocks use the fused attention kernel;
    /// MLPs the fused <see cref="Ops.Mlp"/> (activation and residual add in the products' epilogues). Runs no hooks.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="tokens">Token input, checked by the caller.</param>
    /// <param name="positions">Distinct output positions, checked by the caller.</param>
    /// <param name="foldMlpInput">Fold the first MLP's input projection into the tables where that
    /// pays (off only to measure or test the unfolded path).</param>
    /// <param name="tableAttention">Force the first block's attention to read the tables per slot
    /// (true) or to gather per-slot q, k and v (false); null chooses by the sequence length
    /// (<see cref="ReadsTablesInAttention"/>). For tests and measurements.</param>
    public static Tensor Forward(HookedTransformer model, TokenBatch tokens, int[] positions, bool foldMlpInput, bool? tableAttention = null) =>
        new FirstLayerTableForward(model, foldMlpInput, tableAttention).Run(tokens, positions);

    /// <summary>Whether <see cref="Forward"/> on these tokens and positions reads the tables per slot in the
    /// first block's attention (for tests).</summary>
    internal static bool ReadsTablesInFirstAttention(HookedTransformer model, TokenBatch tokens, int[] positions) =>
        new FirstLayerTableForward(model, foldMlpInput: true).ReadsTablesInAttention(FirstBlockQueries(model, tokens, positions));

    // The first block's queries: every position, or the output positions when it is the last block.
    private static int[] FirstBlockQueries(HookedTransformer model, TokenBatch tokens, int[] positions) =>
        model.Config.NLayers == 1 ? positions : AllPositions(tokens.Positions);

    // 0..positions−1, in an array from the scope's pool.
    private static int[] AllPositions(int positions)
    {
        var all = MemoryScope.RentInts(positions);
        for (int p = 0; p < positions; p++)
        {
            all[p] = p;
        }
        return all;
    }

    private Tensor Run(TokenBatch tokens, int[] positions)
    {
        int batch = tokens.Batch, pos = tokens.Positions;
        int[] firstQueries = FirstBlockQueries(model, tokens, positions);

        // The first block's input is W_E[token] + W_pos[position]: one row per distinct pair.
        var pairs = TokenPositionPairs.Of(tokens);
        var residTable = Ops.Embedding(model.EmbedComponent.W_E, pairs.Tokens, pairs.Count)
            + Ops.Embedding(model.PosEmbedComponent.W_pos, pairs.Positions, pairs.Count); // [pairs, d_model]

        Tensor resid; // [batch, pos, d_model] past the first block
        if (!ReadsTablesInAttention(firstQueries))
        {
            resid = FirstBlock.AfterAttention(GatheredFirstAttention(residTable, pairs, firstQueries, batch, pos), HookRunner.None, fusedOpsServe: true);
        }
        else
        {
            var tables = FirstBlockTables(residTable, pairs);
            var residMid = TableOps.TableAttention(tables.Q, tables.K, tables.Ov, tables.Residual, pairs.Slots, pos, firstQueries);
            resid = FoldsMlpInputIntoTables(pairs.Count, batch * firstQueries.Length)
                ? FirstMlpFromTables(tables, residMid, pairs, firstQueries, pos)
                : FirstBlock.AfterAttention(residMid, HookRunner.None, fusedOpsServe: true);
        }

        // Later blocks: the general block, whose plain call takes the fused attention and MLP.
        for (int layer = 1; layer < Config.NLayers; layer++)
        {
            bool last = layer == Config.NLayers - 1;
            resid = model.Blocks[layer].Forward(resid, HookRunner.None, last ? positions : null);
        }
        if (model.LnFinal is { } lnFinal)
        {
            resid = lnFinal.Forward(resid, HookRunner.None);
        }
        return model.UnembedComponent.Forward(resid); // [batch, positions, d_vocab_out]
    }

    /// <summary>x through the normalisation's fused op (<see cref="Normalization.Apply"/>), or x itself without one.</summary>
    private static Tensor Normalized(Tensor x, Normalization? normalization) => normalization?.Apply(x) ?? x;

    /// <summary>
    /// The tables the first block's attention reads: q, k, each head's value through W_O (the "OV"
    /// rows) and the stream before the block plus b_O, one row per distinct (token, position) pair.
    /// Everything before the attention mixes slots depends only on the slot's pair, so these are
    /// computed once per pair (a few hundred rows) instead of once per slot (thousands), and
    /// <see cref="TableOps.TableAttention"/> reads them per slot: no [batch·pos] copies of q, k or v and
    /// no per-slot W_O product.
    /// </summary>
    private FirstBlockTableSet FirstBlockTables(Tensor residTable, TokenPositionPairs pairs)
    {
        int heads = Config.NHeads, dh = Config.DHead;
        var x = Normalized(residTable, model.Blocks[0].Ln1);
        var qTable = FirstAttention.ProjectFlat(x, FirstAttention.W_Q, FirstAttention.b_Q); // [pairs, head*d_head]
        var kTable = FirstAttention.ProjectFlat(x, FirstAttention.W_K, FirstAttention.b_K);
        var vTable = FirstAttention.ProjectFlat(x, FirstAttention.W_V, FirstAttention.b_V);
        var vHeads = Ops.Permute(Ops.Reshape(vTable, pairs.Count, heads, dh), 1, 0, 2); // [head, pairs, d_head]
        var ovTable = Ops.MatMul(vHeads, FirstAttention.W_O); // [head, pairs, d_model]
        var residual = residTable + FirstAttention.b_O; // the stream before the block, plus b_O, per pair
        return new FirstBlockTableSet(qTable, kTable, vHeads, ovTable, residual);
    }

    /// <summary>
    /// Whether the first block's attention reads the tables per slot (<see cref="TableOps.TableAttention"/>:
    /// each query sums its visible keys' OV rows, heads × d_model wide) rather than gathering q, k and v
    /// from the tables into per-slot rows for the fused attention, whose weighted sums are d_head
    /// wide, followed by one W_O product (<see cref="GatheredFirstAttention"/>). The first costs
    /// about visible keys × heads × d_model multiply-adds per query in scattered loops; the second
    /// 2 × visible × heads × d_head in cache plus heads × d_head × d_model at the GEMM's rate, several
    /// times faster per flop. Measured (docs/PERFORMANCE.md, "Sequence shapes"): with 3 positions the
    /// tables win (and let the first MLP's input fold into them); at 32 positions, where a query sees
    /// 16.5 keys on average, gathering is several times faster. The switch is put at 8 visible keys
    /// per query on average, with <see cref="forceTables"/> for tests and measurements.
    /// </summary>
    private bool ReadsTablesInAttention(int[] queries)
    {
        if (forceTables is { } forced)
        {
            return forced;
        }
        double visible = 0;
        foreach (int query in queries)
        {
            visible += query + 1.0;
        }
        return visible / queries.Length <= MaxMeanVisibleKeysForTables;
    }

    private const double MaxMeanVisibleKeysForTables = 8;

    /// <summary>
    /// The first block's attention added to its input, per slot: q, k and v projected once per
    /// (token, position) pair, gathered into [batch, pos, head·d_head] rows, the fused attention,
    /// one z·W_O product and the input stream gathered from its table. Only the projections see
    /// the tables; the gathers' backward adds the slots' gradients into the pairs' rows.
    /// </summary>
    private Tensor GatheredFirstAttention(Tensor residTable, TokenPositionPairs pairs, int[] queries, int batch, int positions)
    {
        var x = Normalized(residTable, model.Blocks[0].Ln1);
        int[] querySlots = queries.Length == positions ? pairs.Slots : pairs.SlotsAt(queries, positions);
        var q = Ops.Embedding(FirstAttention.ProjectFlat(x, FirstAttention.W_Q, FirstAttention.b_Q), querySlots, batch, queries.Length); // [batch, q, head*d_head]
        var k = Ops.Embedding(FirstAttention.ProjectFlat(x, FirstAttention.W_K, FirstAttention.b_K), pairs.Slots, batch, positions);    // [batch, pos, head*d_head]
        var v = Ops.Embedding(FirstAttention.ProjectFlat(x, FirstAttention.W_V, FirstAttention.b_V), pairs.Slots, batch, positions);
        var z = Ops.Attention(q, k, v, Config.NHeads, queries);
        var wO = Ops.Reshape(FirstAttention.W_O, Config.NHeads * Config.DHead, Config.DModel);
        return Ops.Linear(z, wO, FirstAttention.b_O, addend: Ops.Embedding(residTable, querySlots, batch, queries.Length));
    }

    /// <summary>
    /// Whether the first MLP's input projection can be taken through the attention's tables: the
    /// MLP reads resid_mid directly (no normalisation, which is not linear) and the tables' rows, one per
    /// (head, pair) plus one per pair, are fewer than the rows the projection would otherwise see.
    /// </summary>
    private bool FoldsMlpInputIntoTables(int pairCount, int rows) =>
        foldMlpInput && !Config.AttnOnly && !Config.UsesNormalization && (Config.NHeads + 1) * pairCount < rows;

    /// <summary>Whether <see cref="Forward"/> on these tokens and positions folds the first MLP's input
    /// projection into the attention's tables (for tests).</summary>
    internal static bool FoldsFirstMlpInput(HookedTransformer model, TokenBatch tokens, int[] positions) =>
        ReadsTablesInFirstAttention(model, tokens, positions) && new FirstLayerTableForward(model, foldMlpInput: true)
            .FoldsMlpInputIntoTables(TokenPositionPairs.Of(tokens).Count, tokens.Batch * (model.Config.NLayers == 1 ? positions.Length : tokens.Positions));

    /// <summary>
    /// The first block's MLP added to resid_mid, with its input projection folded into the tables:
    /// resid_mid is linear in the tables' rows (the residual row plus each head's OV rows weighted by
    /// the attention), so resid_mid·W_in + b_in is the same attention over the tables' rows times
    /// W_in. Each head's OV rows times W_in are its value rows times W_O[h]·W_in ([d_head, d_mlp]), and
    /// only the residual rows some query reads are projected: for the grokking preset 4·229 rows of
    /// 32 and one row of 128 through W_in's 512 columns, instead of 3,830 rows of 128. The backward
    /// follows: no [rows, d_model] gradient through W_in is ever formed, the attention's backward
    /// takes the hidden gradient straight to the tables.
    /// </summary>
    private Tensor FirstMlpFromTables(FirstBlockTableSet tables, Tensor residMid, TokenPositionPairs pairs, int[] queries, int positions)
    {
        var wIn = FirstMlp.W_in;
        var ovIn = Ops.MatMul(tables.VHeads, Ops.MatMul(FirstAttention.W_O, wIn)); // [head, pairs, d_mlp]
        var residualIn = ResidualThroughWIn(tables.Residual, pairs, queries, positions);
        var activation = ActivationNames.Parse(Config.ActFn!);
        if (activation == FusedActivation.Relu)
        {
            return TableOps.TableReluLinear(tables.Q, tables.K, ovIn, residualIn, pairs.Slots, positions, queries,
                FirstMlp.W_out, FirstMlp.b_out, addend: residMid);
        }
        var pre = TableOps.TableAttention(tables.Q, tables.K, ovIn, residualIn, pairs.Slots, positions, queries);
        var hidden = Ops.Activation(pre, activation);
        return Ops.Linear(hidden, FirstMlp.W_out, FirstMlp.b_out, addend: residMid);
    }

    /// <summary>
    /// residual·W_in + b_in as a [pairs, d_mlp] table, projecting only the rows a query reads as its
    /// own (with one query position, the few pairs found there): the other rows are copies of the
    /// first projected row, which the attention never reads, so they get no gradient.
    /// </summary>
    private Tensor ResidualThroughWIn(Tensor residual, TokenPositionPairs pairs, int[] queries, int positions)
    {
        var projectedIndex = MemoryScope.RentInts(pairs.Count); // pair → its row among the projected, −1: none
        Array.Fill(projectedIndex, -1);
        var projected = MemoryScope.RentInts(pairs.Count);
        int count = 0;
        for (int at = 0; at < pairs.Slots.Length; at += positions)
        {
            foreach (int query in queries)
            {
                int pair = pairs.Slots[at + query];
                if (projectedIndex[pair] < 0)
                {
                    projectedIndex[pair] = count;
                    projected[count++] = pair;
                }
            }
        }
        if (count == pairs.Count)
        {
            return Ops.Linear(residual, FirstMlp.W_in, FirstMlp.b_in);
        }
        var rows = Ops.Linear(Ops.IndexSelect(residual, 0, projected.AsSpan(0, count)), FirstMlp.W_in, FirstMlp.b_in);
        for (int pair = 0; pair < pairs.Count; pair++)
        {
            projectedIndex[pair] = Math.Max(projectedIndex[pair], 0);
        }
        return Ops.Embedding(rows, projectedIndex, pairs.Count);
    }

    private sealed record FirstBlockTableSet(Tensor Q, Tensor K, Tensor VHeads, Tensor Ov, Tensor Residual);
}
