using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>The hook points a default TransformerLens HookedTransformer caches, by name, order and shape.</summary>
public class TransformerLensHookListTests
{
    private static readonly TokenBatch Tokens = new([1, 2, 3, 4, 5, 6, 7, 8], 2, 4);

    private static HookedTransformerConfig Config(string norm, bool attnOnly = false) => new()
    {
        NLayers = 2, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, DVocab = 10, NCtx = 4, NormalizationType = norm, AttnOnly = attnOnly, Seed = 1,
    };

    // TransformerLens's run_with_cache keys, in forward order, for a model of these options.
    private static List<(string Name, int[] Shape)> Expected(int layers, bool norm, bool attnOnly)
    {
        int[] resid = [2, 4, 16], scale = [2, 4, 1], qkv = [2, 4, 2, 8], pattern = [2, 2, 4, 4], mlp = [2, 4, 32];
        var list = new List<(string, int[])> { ("hook_embed", resid), ("hook_pos_embed", resid) };
        for (int l = 0; l < layers; l++)
        {
            string b = $"blocks.{l}.";
            list.Add((b + "hook_resid_pre", resid));
            if (norm)
            {
                list.Add((b + "ln1.hook_scale", scale));
                list.Add((b + "ln1.hook_normalized", resid));
            }
            list.AddRange([(b + "attn.hook_q", qkv), (b + "attn.hook_k", qkv), (b + "attn.hook_v", qkv),
                (b + "attn.hook_attn_scores", pattern), (b + "attn.hook_pattern", pattern), (b + "attn.hook_z", qkv), (b + "hook_attn_out", resid)]);
            if (!attnOnly)
            {
                list.Add((b + "hook_resid_mid", resid));
                if (norm)
                {
                    list.Add((b + "ln2.hook_scale", scale));
                    list.Add((b + "ln2.hook_normalized", resid));
                }
                list.AddRange([(b + "mlp.hook_pre", mlp), (b + "mlp.hook_post", mlp), (b + "hook_mlp_out", resid)]);
            }
            list.Add((b + "hook_resid_post", resid));
        }
        if (norm)
        {
            list.Add(("ln_final.hook_scale", scale));
            list.Add(("ln_final.hook_normalized", resid));
        }
        return list;
    }

    [Theory]
    [InlineData("LN", false)]
    [InlineData("LN", true)]
    [InlineData("LNPre", false)]
    [InlineData("RMS", false)]
    [InlineData("none", false)]
    public void TheFullCacheHoldsTransformerLensHooksInForwardOrderWithTheirShapes(string norm, bool attnOnly)
    {
        var model = new HookedTransformer(Config(norm, attnOnly));
        var (_, cache) = model.RunWithCache(Tokens);
        var expected = Expected(2, norm != "none", attnOnly);
        Assert.Equal(expected.Select(e => e.Name), cache.Names);
        foreach (var (name, shape) in expected)
        {
            Assert.Equal(shape, cache[name].Shape);
        }
        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), model.HookPoints.Select(h => h.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LayerNormScaleIsTheStandardDeviationOfTheInputAndItsShorthandResolves()
    {
        var model = new HookedTransformer(Config("LN"));
        var (_, cache) = model.RunWithCache(Tokens);
        var x = cache["resid_pre", 1].Data;
        var scale = cache["scale", 1].Data;
        Assert.Same(cache["blocks.1.ln1.hook_scale"], cache["scale", 1]);
        Assert.Same(cache["ln_final.hook_scale"], cache["scale"]);
        for (int r = 0; r < scale.Length; r++)
        {
            var row = x.AsSpan(r * 16, 16).ToArray();
            double mean = row.Average(v => (double)v);
            double variance = row.Average(v => (v - mean) * (v - mean));
            Assert.Equal(Math.Sqrt(variance + 1e-5), scale[r], 5);
        }
    }

    [Fact]
    public void HookingTheLayerNormScaleChangesTheOutputAsTransformerLensDoes()
    {
        // Doubling ln_final's scale halves the normalised part: logits = (n · w) / 2 · W_U + b·W_U + b_U.
        var model = new HookedTransformer(Config("LN"));
        Tensor? normalized = null;
        var logits = model.RunWithHooks(Tokens,
            ("ln_final.hook_scale", (act, _) => Ops.Scale(act, 2f)),
            ("ln_final.hook_normalized", (act, _) => { normalized = act; return null; }));
        var (plain, cache) = model.RunWithCache(Tokens);
        var b = model["ln_final.b"].Data;
        var before = cache["ln_final.hook_normalized"].Data;
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal((before[i] - b[i % 16]) / 2 + b[i % 16], normalized!.Data[i], 5);
        }
        Assert.NotEqual(plain.Data, logits.Data);
    }

    [Fact]
    public void CachedAndPlainForwardsOfALayerNormModelAgree()
    {
        var model = new HookedTransformer(Config("LN"));
        var plain = model.Forward(Tokens).Data;
        var cached = model.RunWithCache(Tokens).Output.Data;
        for (int i = 0; i < plain.Length; i++)
        {
            Assert.Equal(plain[i], cached[i], 4);
        }
    }
}
