using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>LNPre, RMS and RMSPre against their closed forms; hook_scale; the linear embedding of real-valued input.</summary>
public class NormalizationAndInputTests
{
    [Theory]
    [InlineData("LNPre")]
    [InlineData("RMS")]
    [InlineData("RMSPre")]
    public void NormalisationsMatchTheirClosedForms(string type)
    {
        var model = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { NormalizationType = type });
        var (_, cache) = model.RunWithCache(TransformerGradCheck.Tokens());
        var x = cache["blocks.1.hook_resid_pre"].Data; // ln1's input [batch, pos, d_model]
        var normalized = cache["blocks.1.ln1.hook_normalized"].Data;
        var scale = cache["blocks.1.ln1.hook_scale"];
        Assert.Equal([3, 4, 1], scale.Shape);
        float[]? w = type == "RMS" ? model["blocks.1.ln1.w"].Data : null;
        for (int row = 0; row < 12; row++)
        {
            var v = x.AsSpan(row * 8, 8).ToArray().Select(f => (double)f).ToArray();
            double mean = type == "LNPre" ? v.Average() : 0;
            double rms = Math.Sqrt(v.Average(f => (f - mean) * (f - mean)) + 1e-5);
            Assert.Equal(rms, scale.Data[row], 1e-5);
            for (int j = 0; j < 8; j++)
            {
                Assert.Equal((v[j] - mean) / rms * (w?[j] ?? 1f), normalized[row * 8 + j], 1e-5);
            }
        }
        // Only RMS has a learned parameter; none has a shift.
        Assert.Equal(type == "RMS", model.HasParameter("blocks.1.ln1.w"));
        Assert.False(model.HasParameter("blocks.1.ln1.b"));
    }

    [Fact]
    public void ReplacingHookScaleChangesTheOutput()
    {
        var model = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { NormalizationType = "LNPre" });
        var tokens = TransformerGradCheck.Tokens();
        var clean = model.Forward(tokens);
        var (_, cache) = model.RunWithCache(tokens);
        var frozen = model.RunWithHooks(tokens, ("ln_final.hook_scale", (act, _) => Tensor.Zeros(act.Shape) + 2f));
        Assert.NotEqual(clean.Data, frozen.Data);
        // The final norm divided by 2: logits = (resid_post - mean) / 2 · W_U + b_U.
        var resid = cache["blocks.1.hook_resid_post"];
        var centred = Ops.Sub(resid, Ops.Mean(resid, -1, keepDim: true));
        var expected = Ops.MatMul(Ops.Scale(centred, 0.5f), model["unembed.W_U"]) + model["unembed.b_U"];
        Assert.InRange(Fixtures.ScaledError(frozen.Data, expected.Data), 0, 1e-6);
    }

    [Fact]
    public void LayerNormHasHookScaleAsTransformerLens()
    {
        // TransformerLens's LayerNorm has hook_scale too (the libtorch fixtures predate it).
        var model = TransformerGradCheck.Model(TransformerGradCheck.Tiny);
        Assert.Contains(model.HookPoints, h => h.Name == "blocks.0.ln1.hook_scale");
        Assert.Contains(model.HookPoints, h => h.Name == "ln_final.hook_scale");
        var rms = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { NormalizationType = "RMS" });
        Assert.Contains(rms.HookPoints, h => h.Name == "blocks.0.ln2.hook_scale");
    }

    [Fact]
    public void RealValuedInputGoesThroughTheLinearEmbedding()
    {
        var model = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { DInput = 3, DVocab = 1 });
        Assert.Equal([3, 8], model["embed.W_E"].Shape);
        var values = Enumerable.Range(0, 2 * 4 * 3).Select(i => 0.1f * i - 1f).ToArray();
        var input = ModelInput.FromValues(values, 2, 4, 3);
        var (output, cache) = model.RunWithCache(input);
        Assert.Equal([2, 4, 4], output.Shape);
        var expected = Ops.MatMul(new Tensor(values, 2, 4, 3), model["embed.W_E"]);
        Assert.Equal(expected.Data, cache["hook_embed"].Data);
        // A cached run takes the unfused ops (LayerNorm's included): the plain forward agrees to rounding.
        Assert.InRange(Fixtures.ScaledError(model.Forward(input).Data, output.Data), 0, 1e-6);
    }

    [Fact]
    public void TheWrongKindOfInputIsRefusedWithTheFix()
    {
        var valueModel = new HookedTransformer(TransformerGradCheck.Tiny with { DInput = 3 });
        var tokenModel = new HookedTransformer(TransformerGradCheck.Tiny);
        var values = ModelInput.FromValues(new float[24], 2, 4, 3);
        Assert.Contains("FromValues", Assert.Throws<ArgumentException>(() => valueModel.Forward(TransformerGradCheck.Tokens())).Message);
        Assert.Contains("d_input is 3", Assert.Throws<ArgumentException>(() => valueModel.Forward(ModelInput.FromValues(new float[16], 2, 4, 2))).Message);
        Assert.Contains("d_input", Assert.Throws<ArgumentException>(() => tokenModel.Forward(values)).Message);
    }
}
