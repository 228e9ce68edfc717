using AlgoLens.Analysis.Circuits.Discovery;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors.Random;

// Not AlgoLens.Tests.Analysis.CircuitDiscovery: a namespace of that name would hide the class.
namespace AlgoLens.Tests.Analysis.EdgePruning;

/// <summary>
/// Transformers whose circuit is known by construction, for circuit discovery: one-hot token and
/// position embeddings in separate residual dimensions, heads set by hand, every other weight 0.
/// </summary>
internal static class PlantedCircuits
{
    public const int Values = 9;
    public const int Bos = Values;
    public const int Vocab = Values + 1;
    public const int Half = 4;
    public const int Context = 2 * Half + 1;
    private const float Sharp = 10f;
    private const int TokenDims = 0, PositionDims = Vocab, PreviousTokenDims = Vocab + Context, OutputDims = Vocab + Context + Vocab;

    /// <summary>
    /// Two attention-only layers of two heads: L0H0 attends to the previous position (q and k from the
    /// positional embedding) and writes the previous token (v from the token embedding) into its own
    /// dimensions; L1H0 is an induction head (q from the token embedding, k from L0H0's output) that
    /// copies the attended token (v from the token embedding) into the dimensions the unembedding reads.
    /// L0H1 and L1H1 are zero. On BOS x1..x4 x1..x4 it predicts x2..x4 at positions 5..7.
    /// </summary>
    public static HookedTransformer Induction()
    {
        int dModel = OutputDims + Vocab;
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = 2, DModel = dModel, NHeads = 2, DHead = Math.Max(Vocab, Context), DVocab = Vocab, NCtx = Context,
            AttnOnly = true, NormalizationType = "none", Seed = 1,
        });
        Clear(model);
        int dHead = model.Config.DHead;
        for (int t = 0; t < Vocab; t++)
        {
            model["embed.W_E"].Data[t * dModel + TokenDims + t] = 1;
            model["unembed.W_U"].Data[(OutputDims + t) * Vocab + t] = 1;
        }
        for (int i = 0; i < Context; i++)
        {
            model["pos_embed.W_pos"].Data[i * dModel + PositionDims + i] = 1;
            // L0H0: query position i meets key position i - 1.
            model["blocks.0.attn.W_Q"].Data[(PositionDims + i) * dHead + i] = Sharp;
            if (i + 1 < Context)
            {
                model["blocks.0.attn.W_K"].Data[(PositionDims + i) * dHead + i + 1] = Sharp;
            }
        }
        for (int t = 0; t < Vocab; t++)
        {
            model["blocks.0.attn.W_V"].Data[(TokenDims + t) * dHead + t] = 1;
            model["blocks.0.attn.W_O"].Data[t * dModel + PreviousTokenDims + t] = 1;
            model["blocks.1.attn.W_Q"].Data[(TokenDims + t) * dHead + t] = Sharp;
            model["blocks.1.attn.W_K"].Data[(PreviousTokenDims + t) * dHead + t] = Sharp;
            model["blocks.1.attn.W_V"].Data[(TokenDims + t) * dHead + t] = 1;
            model["blocks.1.attn.W_O"].Data[t * dModel + OutputDims + t] = 4;
        }
        return model;
    }

    /// <summary>
    /// The edges that carry the induction model's computation between a clean and a corrupt input
    /// (the positional embedding is the same in both, so its edges carry nothing a patch can see).
    /// </summary>
    public static string[] InductionEdges =>
        ["L1H0 -> logits", "embed -> L1H0.q", "L0H0 -> L1H0.k", "embed -> L1H0.v", "embed -> L0H0.v"];

    /// <summary>
    /// <paramref name="count"/> sequences BOS x1..x4 x1..x4 (x distinct within a row) and as many
    /// others as corrupt inputs, right answers (the next token) at positions 5..7.
    /// </summary>
    public static CircuitInputs RepeatedHalves(int count, ulong seed)
    {
        var rng = new Rng(seed);
        TokenBatch Draw()
        {
            var rows = new List<IReadOnlyList<int>>();
            for (int r = 0; r < count; r++)
            {
                var x = Enumerable.Range(0, Values).OrderBy(_ => rng.NextInt(1 << 20)).Take(Half).ToArray();
                rows.Add([Bos, .. x, .. x]);
            }
            return TokenBatch.FromRows(rows);
        }
        var clean = Draw();
        var corrupt = Draw();
        return new CircuitInputs(clean, corrupt, Answers(clean), Answers(corrupt), "repeated halves");
    }

    /// <summary>
    /// A transformer linear in its edges: no normalisation and W_Q = W_K = 0 (uniform causal
    /// attention), the other weights random; its logits are linear in every writer's output.
    /// </summary>
    public static HookedTransformer Linear()
    {
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = 2, DModel = 12, NHeads = 2, DHead = 4, DVocab = Vocab, NCtx = Context,
            AttnOnly = true, NormalizationType = "none", Seed = 3,
        });
        foreach (string name in model.ParameterNames.Where(n => n.EndsWith("W_Q", StringComparison.Ordinal) || n.EndsWith("W_K", StringComparison.Ordinal)))
        {
            Array.Clear(model[name].Data);
        }
        return model;
    }

    private static int[] Answers(TokenBatch batch)
    {
        var answers = Enumerable.Repeat(-1, batch.Ids.Length).ToArray();
        for (int r = 0; r < batch.Batch; r++)
        {
            for (int p = Half + 1; p < Context - 1; p++)
            {
                answers[r * Context + p] = batch.Ids[r * Context + p + 1];
            }
        }
        return answers;
    }

    private static void Clear(HookedTransformer model)
    {
        foreach (string name in model.ParameterNames)
        {
            Array.Clear(model[name].Data);
        }
    }
}
