using AlgoLens.Data;
using AlgoLens.Models;

namespace AlgoLens.Tests.Analysis.Scrubbing;

/// <summary>
/// A hand-set one-layer attention-only model on <c>a b =</c> mod <see cref="P"/> whose answer is
/// known by construction: the embedding of a number t holds cos/sin(w_k t) of the key frequency
/// <see cref="Key"/> in the "key" dimensions and components of two other frequencies in "junk"
/// dimensions; '=' attends (sharply, by position) to position 0, copies the key dimensions, and the
/// unembedding reads them as Σ cos(w_k(a − c)), so the prediction is a. Nothing reads the junk
/// dimensions, so "only frequency <see cref="Key"/> of the embedding matters" is exactly true.
/// </summary>
internal static class FourierCopyModel
{
    public const int P = 7;

    public const int Key = 2;

    /// <summary>The frequencies the junk dimensions hold (read by nothing).</summary>
    public static readonly int[] Junk = [1, 3];

    public const int KeyDims = 0, JunkDims = 2, PositionDims = 6, DModel = 9;

    private const float Sharp = 30f, Scale = 30f;

    public static HookedTransformer Model()
    {
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = 1, DModel = DModel, NHeads = 1, DHead = DModel, DVocab = P + 1, DVocabOut = P, NCtx = 3,
            AttnOnly = true, NormalizationType = "none", Seed = 1,
        });
        foreach (string name in model.ParameterNames)
        {
            Array.Clear(model[name].Data);
        }
        double w(int k) => 2 * Math.PI * k / P;
        var embed = model["embed.W_E"].Data;
        for (int t = 0; t < P; t++)
        {
            embed[t * DModel + KeyDims] = (float)Math.Cos(w(Key) * t);
            embed[t * DModel + KeyDims + 1] = (float)Math.Sin(w(Key) * t);
            // Junk: other frequencies, mixed, in dimensions of their own.
            embed[t * DModel + JunkDims] = (float)(0.7 * Math.Cos(w(Junk[0]) * t) + 0.3 * Math.Sin(w(Junk[1]) * t));
            embed[t * DModel + JunkDims + 1] = (float)Math.Sin(w(Junk[0]) * t);
            embed[t * DModel + JunkDims + 2] = (float)Math.Cos(w(Junk[1]) * t);
            embed[t * DModel + JunkDims + 3] = (float)(0.5 * Math.Sin(w(Junk[1]) * t) - 0.2 * Math.Cos(w(Junk[0]) * t));
        }
        var pos = model["pos_embed.W_pos"].Data;
        for (int i = 0; i < 3; i++)
        {
            pos[i * DModel + PositionDims + i] = 1;
        }
        // Query at position 2 meets the key at position 0 (W_Q, W_K, W_V: [head, d_model, d_head]).
        model["blocks.0.attn.W_Q"].Data[(PositionDims + 2) * DModel + 0] = Sharp;
        model["blocks.0.attn.W_K"].Data[(PositionDims + 0) * DModel + 0] = Sharp;
        // OV copies the key dimensions only (W_O: [head, d_head, d_model]).
        for (int d = KeyDims; d < KeyDims + 2; d++)
        {
            model["blocks.0.attn.W_V"].Data[d * DModel + d] = 1;
            model["blocks.0.attn.W_O"].Data[d * DModel + d] = 1;
        }
        var unembed = model["unembed.W_U"].Data; // [d_model, p]
        for (int c = 0; c < P; c++)
        {
            unembed[(KeyDims + 0) * P + c] = (float)(Scale * Math.Cos(w(Key) * c));
            unembed[(KeyDims + 1) * P + c] = (float)(Scale * Math.Sin(w(Key) * c));
        }
        return model;
    }

    /// <summary>Every input a b = (a-major), target a at position 2.</summary>
    public static ExampleBatch Examples()
    {
        var ids = new int[P * P * 3];
        var targets = new int[P * P * 3];
        for (int a = 0; a < P; a++)
        {
            for (int b = 0; b < P; b++)
            {
                int row = a * P + b;
                ids[row * 3] = a;
                ids[row * 3 + 1] = b;
                ids[row * 3 + 2] = P;
                targets[row * 3] = -1;
                targets[row * 3 + 1] = -1;
                targets[row * 3 + 2] = a;
            }
        }
        return new ExampleBatch(ModelInput.FromTokens(new TokenBatch(ids, P * P, 3)), Targets.FromClasses(targets, P * P, 3));
    }

    /// <summary>The unit vectors of the key dimensions, as a hypothesis file's "directions".</summary>
    public static string KeyDirectionsJson =>
        "[" + string.Join(", ", Enumerable.Range(KeyDims, 2).Select(d => "[" + string.Join(", ", Enumerable.Range(0, DModel).Select(j => j == d ? "1" : "0")) + "]")) + "]";
}
