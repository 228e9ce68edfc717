using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

public class HookTests
{
    private static readonly HookedTransformerConfig SmallConfig = new()
    {
        NLayers = 2, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, DVocab = 10, NCtx = 4, NormalizationType = "LN", Seed = 1,
    };

    private static readonly TokenBatch Tokens = new([1, 2, 3, 4, 5, 6, 7, 8], 2, 4);

    [Fact]
    public void HookReplacementChangesLogitsDownstreamAndVanishesAfterTheCall()
    {
        var model = new HookedTransformer(SmallConfig);
        var clean = model.Forward(Tokens).ToArray();
        int calls = 0;
        var hooked = model.RunWithHooks(Tokens, ("blocks.1.hook_mlp_out", (act, name) =>
        {
            calls++;
            Assert.Equal("blocks.1.hook_mlp_out", name);
            Assert.Equal([2, 4, 16], act.Shape);
            return Tensor.Zeros(act.Shape); // zero-ablate the last MLP
        }));
        Assert.Equal(1, calls);
        Assert.NotEqual(clean, hooked.Data);
        Assert.Equal(clean, model.Forward(Tokens).Data);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void ZeroAblatingTheLastMlpLeavesExactlyTheOtherTerms()
    {
        // With the last MLP's output zeroed, resid_post = resid_mid: a check computable by hand.
        // resid_mid is read in the same call: how it was computed (fused or not) does not matter.
        var model = new HookedTransformer(SmallConfig with { NormalizationType = "none" });
        Tensor? residMid = null;
        var hooked = model.RunWithHooks(Tokens,
            ("blocks.1.hook_resid_mid", (act, _) => { residMid = act; return null; }),
            ("blocks.1.hook_mlp_out", (act, _) => Tensor.Zeros(act.Shape)));
        var expected = Ops.MatMul(residMid!, model["unembed.W_U"]) + model["unembed.b_U"];
        Assert.Equal(expected.Data, hooked.Data);
    }

    [Fact]
    public void ObservingHooksSeeEveryHookPointInOrder()
    {
        var model = new HookedTransformer(SmallConfig);
        var seen = new List<string>();
        var hooks = model.HookPoints.Select(h => h.Name).Select(n => (n, (HookFunction)((_, name) => { seen.Add(name); return null; }))).ToArray();
        var logits = model.RunWithHooks(Tokens, hooks);
        Assert.Equal(model.HookPoints.Select(h => h.Name), seen);
        // Observing every hook takes every unfused op, as the full cache does: the same bits.
        Assert.Equal(model.RunWithCache(Tokens).Output.Data, logits.Data);
    }

    [Fact]
    public void UnknownHookAndWrongShapeAreRefused()
    {
        var model = new HookedTransformer(SmallConfig);
        var unknown = Assert.ThrowsAny<ArgumentException>(() => model.RunWithHooks(Tokens, ("blocks.7.hook_resid_pre", (a, _) => null)));
        Assert.Contains("blocks.7.hook_resid_pre", unknown.Message);
        var shape = Assert.Throws<InvalidOperationException>(() => model.RunWithHooks(Tokens, ("hook_embed", (a, _) => Tensor.Zeros(1))));
        Assert.Contains("[2, 4, 16]", shape.Message);
    }

    [Fact]
    public void CacheAnswersToShorthandAndFilters()
    {
        var model = new HookedTransformer(SmallConfig);
        var (_, cache) = model.RunWithCache(Tokens);
        Assert.Same(cache["blocks.0.attn.hook_pattern"], cache["pattern", 0]);
        Assert.Same(cache["blocks.1.attn.hook_pattern"], cache["attn", 1]);
        Assert.Same(cache["blocks.1.ln2.hook_normalized"], cache["normalized", 1, "ln2"]);
        Assert.Same(cache["ln_final.hook_normalized"], cache["normalized"]);
        Assert.Same(cache["hook_embed"], cache["embed"]);
        Assert.Equal([2, 2, 4, 4], cache["pattern", 1].Shape);
        Assert.Equal([2, 4, 2, 8], cache["z", 0].Shape);
        Assert.Equal(float.NegativeInfinity, cache["attn_scores", 0][0, 0, 0, 1]);

        var (_, filtered) = model.RunWithCache(Tokens, name => name.EndsWith("hook_pattern", StringComparison.Ordinal));
        Assert.Equal(["blocks.0.attn.hook_pattern", "blocks.1.attn.hook_pattern"], filtered.Names);
        Assert.Throws<KeyNotFoundException>(() => filtered["embed"]);
        Assert.ThrowsAny<ArgumentException>(() => cache["pattern"]);
    }

    [Fact]
    public void GradientsWithRespectToCachedActivations()
    {
        var model = new HookedTransformer(SmallConfig with { NormalizationType = "none" });
        var (logits, cache) = model.RunWithCache(Tokens, retainGrads: true);
        // The logit of token 3 at the last position of sequence 0 depends linearly on
        // ln_final's input (no final LN here): its gradient with respect to resid_post is W_U[:, 3].
        var metric = Ops.SumAll(Ops.Mul(logits, OneHot(logits.Shape, 0, 3, 3)));
        metric.Backward();
        var grad = cache.Gradient("resid_post", 1);
        for (int d = 0; d < 16; d++)
        {
            Assert.Equal(model["unembed.W_U"][d, 3], grad[0, 3, d], 6);
            Assert.Equal(0f, grad[1, 3, d]);
        }
    }

    private static Tensor OneHot(int[] shape, int b, int p, int v)
    {
        var t = Tensor.Zeros(shape);
        t[b, p, v] = 1f;
        return t;
    }

    [Fact]
    public void TokensOutsideVocabOrContextAreRefused()
    {
        var model = new HookedTransformer(SmallConfig);
        Assert.Contains("vocabulary", Assert.Throws<ArgumentException>(() => model.Forward(new TokenBatch([1, 10], 1, 2))).Message);
        Assert.Contains("n_ctx", Assert.Throws<ArgumentException>(() => model.Forward(new TokenBatch([1, 2, 3, 4, 5], 1, 5))).Message);
    }
}
