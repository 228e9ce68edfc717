using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models.Mlp;

public class HookedMlpTests
{
    private static readonly MlpConfig Small = new()
    {
        NCtx = 3, DVocab = 5, DVocabOut = 4, DEmbed = 3, NLayers = 2, DHidden = [6, 5], ActFn = "gelu", Seed = 3,
    };

    private static readonly TokenBatch Tokens = new([0, 1, 4, 2, 3, 4, 4, 4, 0], 3, 3);

    [Theory]
    [InlineData("concat")]
    [InlineData("sum")]
    public void GradientsOfEveryParameterMatchFiniteDifferences(string combine) =>
        ModelGradCheck.Check(new HookedMlp(Small with { Combine = combine }), Tokens);

    [Fact]
    public void ParametersHaveTheDocumentedNamesAndShapes()
    {
        var model = new HookedMlp(Small);
        Assert.Equal(["embed.W_E", "layers.0.W", "layers.0.b", "layers.1.W", "layers.1.b", "unembed.W_U", "unembed.b_U"], model.ParameterNames);
        Assert.Equal([3, 5, 3], model["embed.W_E"].Shape);
        Assert.Equal([9, 6], model["layers.0.W"].Shape);
        Assert.Equal([6, 5], model["layers.1.W"].Shape);
        Assert.Equal([5, 4], model["unembed.W_U"].Shape);
        Assert.Equal([3, 6], new HookedMlp(Small with { Combine = "sum" })["layers.0.W"].Shape);
    }

    [Fact]
    public void HandSetWeightsComputeAdditionModThree()
    {
        // W_E[pos] = identity: the concatenation is [onehot(a), onehot(b)]. Hidden unit 3i+j fires
        // (value 1) exactly when a = i and b = j; W_U sends it to class (i + j) mod 3.
        var model = new HookedMlp(new MlpConfig { NCtx = 2, DVocab = 3, DEmbed = 3, NLayers = 1, DHidden = [9] });
        var embed = new float[18];
        var w = new float[6 * 9];
        var unembed = new float[9 * 3];
        for (int i = 0; i < 3; i++)
        {
            embed[i * 3 + i] = 1f;
            embed[9 + i * 3 + i] = 1f;
            for (int j = 0; j < 3; j++)
            {
                w[i * 9 + (3 * i + j)] = 1f;
                w[(3 + j) * 9 + (3 * i + j)] = 1f;
                unembed[(3 * i + j) * 3 + (i + j) % 3] = 1f;
            }
        }
        model.SetParameter("embed.W_E", embed, [2, 3, 3]);
        model.SetParameter("layers.0.W", w, [6, 9]);
        model.SetParameter("layers.0.b", Enumerable.Repeat(-1f, 9).ToArray(), [9]);
        model.SetParameter("unembed.W_U", unembed, [9, 3]);
        model.SetParameter("unembed.b_U", new float[3], [3]);

        var pairs = new TokenBatch([.. Enumerable.Range(0, 9).SelectMany(k => new[] { k / 3, k % 3 })], 9, 2);
        var logits = model.Forward(pairs);
        Assert.Equal([9, 1, 3], logits.Shape);
        for (int k = 0; k < 9; k++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(c == (k / 3 + k % 3) % 3 ? 1f : 0f, logits[k, 0, c]);
            }
        }
    }

    [Fact]
    public void HookPointsAreListedInForwardOrderAndAllCached()
    {
        var model = new HookedMlp(Small);
        string[] expected = ["hook_embed", "hook_embed_combined", "layers.0.hook_pre", "layers.0.hook_post", "layers.1.hook_pre", "layers.1.hook_post"];
        Assert.Equal(expected, model.HookPoints.Select(h => h.Name));
        var (logits, cache) = model.RunWithCache(Tokens);
        Assert.Equal(expected, cache.Names);
        Assert.Equal([3, 3, 3], cache["hook_embed"].Shape);
        Assert.Equal([3, 9], cache["hook_embed_combined"].Shape);
        Assert.Equal([3, 6], cache["layers.0.hook_pre"].Shape);
        Assert.Equal([3, 5], cache["layers.1.hook_post"].Shape);
        Assert.Equal(model.Forward(Tokens).Data, logits.Data);
        // Sequence 1 is (2, 3, 4): its embedding at position 1 is W_E[1, 3].
        for (int d = 0; d < 3; d++)
        {
            Assert.Equal(model["embed.W_E"][1, 3, d], cache["hook_embed"][1, 1, d]);
            Assert.Equal(model["embed.W_E"][1, 3, d], cache["hook_embed_combined"][1, 3 + d]);
        }
        var post = Ops.Gelu(cache["layers.1.hook_pre"]);
        Assert.Equal(post.Data, cache["layers.1.hook_post"].Data);
        var (_, summed) = new HookedMlp(Small with { Combine = "sum" }).RunWithCache(Tokens);
        Assert.Equal([3, 3], summed["hook_embed_combined"].Shape);
        Assert.Equal(summed["hook_embed"][0, 0, 1] + summed["hook_embed"][0, 1, 1] + summed["hook_embed"][0, 2, 1], summed["hook_embed_combined"][0, 1], 6);
    }

    [Fact]
    public void ZeroingTheLastHiddenLayerLeavesTheUnembeddingBias()
    {
        var model = new HookedMlp(Small);
        var clean = model.Forward(Tokens).ToArray();
        var hooked = model.RunWithHooks(Tokens, ("layers.1.hook_post", (act, _) => Tensor.Zeros(act.Shape)));
        for (int b = 0; b < 3; b++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(model["unembed.b_U"].Data[c], hooked[b, 0, c]);
            }
        }
        Assert.NotEqual(clean, hooked.Data);
        Assert.Equal(clean, model.Forward(Tokens).Data);
    }

    [Fact]
    public void OnlyTheLastPositionHasAnOutput()
    {
        var model = new HookedMlp(Small);
        Assert.Equal(model.Forward(Tokens).Data, model.Forward(Tokens, ForwardOptions.AtPositions([2])).Data);
        var refused = Assert.Throws<ArgumentException>(() => model.Forward(Tokens, ForwardOptions.AtPositions([0, 2])));
        Assert.Contains("only at the last position (2,", refused.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OtherPositionsAreRefusedOnEveryPath(bool allowSpecialisations)
    {
        // A batch larger than the vocabulary: the plain call takes the table path (MlpTableForward),
        // which once ignored the positions and returned the last one for [0, 2].
        var model = new HookedMlp(Small);
        var tokens = new TokenBatch(Enumerable.Range(0, 8 * 3).Select(i => i * 7 % Small.DVocab).ToArray(), 8, 3);
        Assert.True(MlpTableForward.Pays(Small, tokens.Batch));
        foreach (int[] positions in new[] { new[] { 0, 2 }, [0], [1, 2] })
        {
            var options = new ForwardOptions { OutputPositions = positions, AllowSpecialisations = allowSpecialisations };
            var refused = Assert.Throws<ArgumentException>(() => model.Forward(tokens, options));
            Assert.Contains("only at the last position (2,", refused.Message);
        }
        var last = model.Forward(tokens, new ForwardOptions { OutputPositions = [2], AllowSpecialisations = allowSpecialisations });
        Assert.Equal([8, 1, Small.DVocabOut], last.Shape);
    }

    [Fact]
    public void InputsThatDoNotFitAreRefused()
    {
        var model = new HookedMlp(Small);
        Assert.Contains("n_ctx = 3", Assert.Throws<ArgumentException>(() => model.Forward(new TokenBatch([1, 2], 1, 2))).Message);
        Assert.Contains("vocabulary", Assert.Throws<ArgumentException>(() => model.Forward(new TokenBatch([1, 2, 5], 1, 3))).Message);
        Assert.Contains("padding", Assert.Throws<ArgumentException>(() => model.Forward(new TokenBatch([1, 2, 0], 1, 3, [true, true, false]))).Message);
        Assert.Contains("token ids", Assert.Throws<ArgumentException>(() => model.Forward(ModelInput.FromValues(new float[3], 1, 3, 1))).Message);
    }

    [Fact]
    public void TorchInitDrawsUniformWithinOneOverSqrtFanIn()
    {
        var model = new HookedMlp(Small with { Combine = "concat", Seed = 11 });
        float bound = 1f / MathF.Sqrt(9);
        Assert.All(model["layers.0.W"].Data, v => Assert.InRange(v, -bound, bound));
        Assert.All(model["layers.0.b"].Data, v => Assert.InRange(v, -bound, bound));
        Assert.Contains(model["layers.0.b"].Data, v => v != 0f);
        var frozen = new HookedMlp(Small with { TrainableBiases = false });
        Assert.All(frozen["unembed.b_U"].Data, v => Assert.Equal(0f, v));
        Assert.False(frozen.Parameters.Spec("layers.0.b").Trainable);
        Assert.Equal(new HookedMlp(Small).Parameters.Tensors.SelectMany(t => t.Data), new HookedMlp(Small).Parameters.Tensors.SelectMany(t => t.Data));
    }
}
