using AlgoLens.Models;

// Not AlgoLens.Tests.Analysis.Circuits: a namespace of that name would hide the class
// AlgoLens.Analysis.Interp.Circuits from the tests in AlgoLens.Tests.Analysis.Interp.
namespace AlgoLens.Tests.Analysis.CircuitDetection;

/// <summary>
/// Attention-only transformers whose heads are known by construction: one-hot token and position
/// embeddings in separate residual dimensions, so each head's QK and OV circuits can be set by hand.
/// </summary>
internal static class HandBuiltHeads
{
    /// <summary>Token ids 0..Values−1; BOS is id Values.</summary>
    public const int Values = 9;

    public const int Bos = Values;

    public const int Vocab = Values + 1;

    public const int Context = 9;

    // Large enough that softmax puts all but e^-30 of the attention on the intended key.
    private const float Sharp = 10f;

    private const int TokenDims = 0, PositionDims = Vocab, PreviousTokenDims = Vocab + Context;

    /// <summary>
    /// Layer 0 head 0 attends to the previous token and writes its identity into a slot of the
    /// residual; with two layers, layer 1 head 0 attends to the key whose previous token is the
    /// query's token (an induction head). Every other head has zero weights (uniform attention, no output).
    /// </summary>
    public static HookedTransformer Model(int layers = 2)
    {
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = layers, DModel = Vocab + Context + Vocab, NHeads = 2, DHead = Vocab, DVocab = Vocab, NCtx = Context,
            AttnOnly = true, NormalizationType = "none", Seed = 1,
        });
        foreach (string name in model.ParameterNames)
        {
            Array.Clear(model[name].Data);
        }
        var cfg = model.Config;
        for (int t = 0; t < Vocab; t++)
        {
            model["embed.W_E"].Data[t * cfg.DModel + TokenDims + t] = 1;
        }
        for (int i = 0; i < Context; i++)
        {
            model["pos_embed.W_pos"].Data[i * cfg.DModel + PositionDims + i] = 1;
        }
        // Previous-token head: query position i meets key position j where j + 1 = i.
        for (int i = 0; i < Context; i++)
        {
            Set(model, 0, "W_Q", PositionDims + i, i, Sharp);
            if (i + 1 < cfg.DHead)
            {
                Set(model, 0, "W_K", PositionDims + i, i + 1, Sharp);
            }
        }
        for (int t = 0; t < Vocab; t++)
        {
            Set(model, 0, "W_V", TokenDims + t, t, 1);
            model["blocks.0.attn.W_O"].Data[t * cfg.DModel + PreviousTokenDims + t] = 1; // head 0's slice
        }
        if (layers > 1)
        {
            // Induction head: the query's token meets the key's previous token.
            for (int t = 0; t < Vocab; t++)
            {
                Set(model, 1, "W_Q", TokenDims + t, t, Sharp);
                Set(model, 1, "W_K", PreviousTokenDims + t, t, Sharp);
            }
        }
        return model;
    }

    /// <summary>BOS x1..x4 x1..x4 with distinct x.</summary>
    public static int[] Repeated => [Bos, 3, 7, 1, 5, 3, 7, 1, 5];

    // Head 0's [d_model, d_head] slice of W_Q, W_K or W_V.
    private static void Set(HookedTransformer model, int layer, string weight, int row, int column, float value)
    {
        var cfg = model.Config;
        model[$"blocks.{layer}.attn.{weight}"].Data[row * cfg.DHead + column] = value;
    }
}
