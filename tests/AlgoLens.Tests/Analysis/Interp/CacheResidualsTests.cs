using AlgoLens.Analysis.Interp;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Interp;

/// <summary>TransformerLens's cache conveniences against what the cache itself recorded.</summary>
public class CacheResidualsTests
{
    private static (HookedTransformer Model, Tensor Logits, ActivationCache Cache) Run(string norm, bool attnOnly = false)
    {
        var model = TinyModels.Model(layers: 2, norm: norm, attnOnly: attnOnly);
        if (model.ParameterNames.Contains("ln_final.w"))
        {
            // Unfolded LayerNorm weights, so that apply_ln_to_stack's handling of w is tested.
            var rng = new AlgoLens.Tensors.Random.Rng(5);
            foreach (string name in model.ParameterNames.Where(n => n.EndsWith(".w", StringComparison.Ordinal)))
            {
                var data = model[name].Data;
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = (float)(0.5 + rng.NextDouble());
                }
            }
        }
        var (logits, cache) = model.RunWithCache(TinyModels.Clean);
        return (model, logits, cache);
    }

    private static float[] SumOver(Tensor stack)
    {
        int size = stack.Size / stack.Shape[0];
        var sum = new float[size];
        for (int c = 0; c < stack.Shape[0]; c++)
        {
            for (int i = 0; i < size; i++)
            {
                sum[i] += stack.Data[c * size + i];
            }
        }
        return sum;
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("LN", false)]
    [InlineData("LN", true)]
    [InlineData("LNPre", false)]
    public void DecomposeResidSumsToTheFinalResidualStream(string norm, bool attnOnly)
    {
        var (model, _, cache) = Run(norm, attnOnly);
        var decomposed = cache.DecomposeResid(model);
        string[] expected = attnOnly
            ? ["embed", "pos_embed", "0_attn_out", "1_attn_out"]
            : ["embed", "pos_embed", "0_attn_out", "0_mlp_out", "1_attn_out", "1_mlp_out"];
        Assert.Equal(expected, decomposed.Labels);
        Assert.Equal([expected.Length, 3, 4, 8], decomposed.Stack.Shape);
        TinyModels.AssertClose(cache["resid_post", 1].Data, SumOver(decomposed.Stack), 1e-5);
    }

    [Fact]
    public void DecomposeResidAtAnMlpInputSumsToResidMid()
    {
        var (model, _, cache) = Run("LN");
        var decomposed = cache.DecomposeResid(model, layer: 1, mlpInput: true, posSlice: -1);
        Assert.Equal(["embed", "pos_embed", "0_attn_out", "0_mlp_out", "1_attn_out"], decomposed.Labels);
        var mid = cache["resid_mid", 1];
        var expected = Enumerable.Range(0, 3).SelectMany(b => mid.Data.AsSpan((b * 4 + 3) * 8, 8).ToArray()).ToArray();
        TinyModels.AssertClose(expected, SumOver(decomposed.Stack), 1e-5);
        Assert.Equal(["attn", "mlp"], new[] { "attn", "mlp" }.Where(m => cache.DecomposeResid(model, mode: m).Labels.Any(l => l.EndsWith(m + "_out", StringComparison.Ordinal))));
    }

    [Fact]
    public void AccumulatedResidEndsAtTheInputOfTheLayerAsked()
    {
        var (model, _, cache) = Run("LN");
        var full = cache.AccumulatedResid(model, inclMid: true);
        Assert.Equal(["0_pre", "0_mid", "1_pre", "1_mid", "final_post"], full.Labels);
        for (int n = 0; n < 2; n++)
        {
            var upTo = cache.AccumulatedResid(model, layer: n);
            Assert.Equal(Enumerable.Range(0, n + 1).Select(l => $"{l}_pre"), upTo.Labels);
            var lastTerm = upTo.Stack.Data.AsSpan(n * 3 * 4 * 8, 3 * 4 * 8).ToArray();
            Assert.Equal(cache["resid_pre", n].Data, lastTerm);
        }
        Assert.Equal(["0_pre", "0_mid"], cache.AccumulatedResid(model, layer: 0, mlpInput: true).Labels);
    }

    [Fact]
    public void ApplyLnToStackOfTheLastAccumulatedTermIsTheNormalisedInputLessTheShift()
    {
        // The normalisation's linear part at the cached scale: what ln1 wrote, minus b.
        var (model, _, cache) = Run("LN");
        var scaled = cache.AccumulatedResid(model, layer: 1, applyLn: true);
        var last = scaled.Stack.Data.AsSpan(3 * 4 * 8, 3 * 4 * 8).ToArray();
        var normalized = cache["normalized", 1, "ln1"].Data;
        var b = model["blocks.1.ln1.b"].Data;
        TinyModels.AssertClose(normalized.Select((v, i) => v - b[i % 8]).ToArray(), last, 1e-5);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("LN")]
    public void StackHeadResultsSumWithBiasToAttnOut(string norm)
    {
        var (model, _, cache) = Run(norm);
        var heads = cache.StackHeadResults(model);
        Assert.Equal(["L0H0", "L0H1", "L1H0", "L1H1"], heads.Labels);
        int size = 3 * 4 * 8;
        for (int l = 0; l < 2; l++)
        {
            var bO = model[$"blocks.{l}.attn.b_O"].Data;
            var sum = new float[size];
            for (int i = 0; i < size; i++)
            {
                sum[i] = heads.Stack.Data[(2 * l) * size + i] + heads.Stack.Data[(2 * l + 1) * size + i] + bO[i % 8];
            }
            TinyModels.AssertClose(cache["attn_out", l].Data, sum, 1e-5);
        }
        var withRest = cache.StackHeadResults(model, layer: 1, inclRemainder: true);
        Assert.Equal(["L0H0", "L0H1", "remainder"], withRest.Labels);
        TinyModels.AssertClose(cache["resid_post", 0].Data, SumOver(withRest.Stack), 1e-5);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("LN")]
    [InlineData("LNPre")]
    public void LogitAttrsOfTheFinalResidualAreTheLogitsWithoutTheConstantTerms(string norm)
    {
        var (model, logits, cache) = Run(norm);
        int[] correct = [3, 0, 6];
        int[] wrong = [1, 1, 2];
        var final = cache.AccumulatedResid(model, layer: -1, posSlice: -1);
        Assert.Equal("final_post", final.Labels[^1]);
        var lastOnly = new Tensor(final.Stack.Data[(final.Stack.Size - 3 * 8)..], [1, 3, 8]);
        var attrs = cache.LogitAttrs(model, lastOnly, correct, wrong, posSlice: -1);
        Assert.Equal([1, 3], attrs.Shape);
        var bU = model["unembed.b_U"].Data;
        var wU = model["unembed.W_U"].Data;
        var lnB = model.ParameterNames.Contains("ln_final.b") ? model["ln_final.b"].Data : new float[8];
        for (int b = 0; b < 3; b++)
        {
            int o = (b * 4 + 3) * 7;
            double lnTerm = Enumerable.Range(0, 8).Sum(i => lnB[i] * ((double)wU[i * 7 + correct[b]] - wU[i * 7 + wrong[b]]));
            double expected = logits.Data[o + correct[b]] - logits.Data[o + wrong[b]] - (bU[correct[b]] - bU[wrong[b]]) - lnTerm;
            Assert.Equal(expected, attrs.Data[b], 4);
        }
        // Summed over the decomposition, the same number (direct logit attribution adds up).
        var parts = cache.LogitAttrs(model, cache.DecomposeResid(model, posSlice: -1).Stack, correct, wrong, posSlice: -1);
        for (int b = 0; b < 3; b++)
        {
            double total = Enumerable.Range(0, parts.Shape[0]).Sum(c => (double)parts.Data[c * 3 + b]);
            Assert.Equal(attrs.Data[b], total, 4);
        }
    }

    [Fact]
    public void ApplyLnToStackNamesTheMissingScale()
    {
        var model = TinyModels.Model(layers: 2, norm: "LN");
        var (_, cache) = model.RunWithCache(TinyModels.Clean, n => n.Contains("resid", StringComparison.Ordinal));
        var error = Assert.Throws<KeyNotFoundException>(() => cache.AccumulatedResid(model, applyLn: true));
        Assert.Contains("ln_final.hook_scale", error.Message, StringComparison.Ordinal);
    }
}
