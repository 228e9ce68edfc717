using AlgoLens.Models;

namespace AlgoLens.Tests.Analysis.Scrubbing;

/// <summary>
/// A hand-set attention-only transformer with an exact induction circuit that predicts the repeat:
/// one-hot tokens and positions in their own residual dimensions; layer 0 head 0 attends to the
/// previous position and writes that token into a "previous token" slot; layer 1 head 0 attends from
/// the current token to the key whose previous token it is, and copies the key's token into an
/// "answer" slot, which the unembedding reads. (As <c>HandBuiltHeads</c>, plus the copy and the readout.)
/// </summary>
internal static class InductionModel
{
    public const int Values = 9, Bos = Values, Vocab = Values + 1, Context = 9;

    private const int TokenDims = 0, PositionDims = Vocab, PreviousDims = Vocab + Context, AnswerDims = PreviousDims + Vocab, DModel = AnswerDims + Vocab;

    private const float Sharp = 20f, Readout = 20f;

    public static HookedTransformer Model()
    {
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = 2, DModel = DModel, NHeads = 1, DHead = Vocab, DVocab = Vocab, DVocabOut = Values, NCtx = Context,
            AttnOnly = true, NormalizationType = "none", Seed = 1,
        });
        foreach (string name in model.ParameterNames)
        {
            Array.Clear(model[name].Data);
        }
        for (int t = 0; t < Vocab; t++)
        {
            model["embed.W_E"].Data[t * DModel + TokenDims + t] = 1;
        }
        for (int i = 0; i < Context; i++)
        {
            model["pos_embed.W_pos"].Data[i * DModel + PositionDims + i] = 1;
        }
        // Layer 0: position i meets position i − 1 and copies its token into the previous-token slot.
        for (int i = 0; i < Context; i++)
        {
            Set(model, 0, "W_Q", PositionDims + i, i % Vocab, Sharp);
            if (i + 1 < Context)
            {
                Set(model, 0, "W_K", PositionDims + i, (i + 1) % Vocab, Sharp);
            }
        }
        for (int t = 0; t < Vocab; t++)
        {
            Set(model, 0, "W_V", TokenDims + t, t, 1);
            model["blocks.0.attn.W_O"].Data[t * DModel + PreviousDims + t] = 1;
        }
        // Layer 1: the query's token meets the key's previous token; the key's token goes to the answer slot.
        for (int t = 0; t < Vocab; t++)
        {
            Set(model, 1, "W_Q", TokenDims + t, t, Sharp);
            Set(model, 1, "W_K", PreviousDims + t, t, Sharp);
            Set(model, 1, "W_V", TokenDims + t, t, 1);
            model["blocks.1.attn.W_O"].Data[t * DModel + AnswerDims + t] = 1;
        }
        for (int t = 0; t < Values; t++)
        {
            model["unembed.W_U"].Data[(AnswerDims + t) * Values + t] = Readout;
        }
        return model;
    }

    private static void Set(HookedTransformer model, int layer, string weight, int row, int column, float value) =>
        model[$"blocks.{layer}.attn.{weight}"].Data[row * Vocab + column] = value;
}
