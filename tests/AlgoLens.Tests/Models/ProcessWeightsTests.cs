using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>
/// fold_ln, center_writing_weights and center_unembed (TransformerLens's process_weights) leave the
/// model's function unchanged, fold to hand-computed values, and are refused where they do not apply.
/// </summary>
public class ProcessWeightsTests
{
    private static readonly TokenBatch Tokens = new([0, 1, 2, 3, 4, 2, 1, 0, 3, 3, 1, 4], 3, 4);

    private static HookedTransformerConfig Config(string norm, bool attnOnly) => new()
    {
        NLayers = 2, DModel = 8, NHeads = 2, DHead = 3, DMlp = 12, DVocab = 5, DVocabOut = 6, NCtx = 4,
        ActFn = "gelu", NormalizationType = norm, AttnOnly = attnOnly, Seed = 7,
    };

    // Every parameter random (LN's w and b and every bias included: at their initial 1 and 0 a wrong fold would go unseen).
    private static HookedTransformer RandomModel(string norm, bool attnOnly)
    {
        var model = new HookedTransformer(Config(norm, attnOnly));
        var rng = new System.Random(11);
        foreach (string name in model.ParameterNames)
        {
            bool scale = model.Parameters.Spec(name).Role == ParameterRole.NormScale; // around 1, as a trained one
            var data = model[name].Data;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)(rng.NextDouble() * 2 - 1) * (scale ? 0.5f : 0.6f) + (scale ? 1f : 0f);
            }
        }
        return model;
    }

    private static float[] Logits(HookedTransformer model) => model.Forward(Tokens, new ForwardOptions { AllowSpecialisations = false }).ToArray();

    private static double[] LogSoftmax(float[] logits, int vocab)
    {
        var result = new double[logits.Length];
        for (int row = 0; row < logits.Length / vocab; row++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int v = 0; v < vocab; v++)
            {
                max = Math.Max(max, logits[row * vocab + v]);
            }
            for (int v = 0; v < vocab; v++)
            {
                sum += Math.Exp(logits[row * vocab + v] - max);
            }
            for (int v = 0; v < vocab; v++)
            {
                result[row * vocab + v] = logits[row * vocab + v] - max - Math.Log(sum);
            }
        }
        return result;
    }

    private static void Close(IReadOnlyList<float> expected, IReadOnlyList<float> actual, double tolerance = 2e-4)
    {
        Assert.Equal(expected.Count, actual.Count);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / (1 + Math.Abs(e))).Max();
        Assert.True(worst < tolerance, $"largest relative difference {worst:g3}");
    }

    [Theory]
    [InlineData("LN", false)]
    [InlineData("LN", true)]
    [InlineData("LNPre", false)]
    [InlineData("LNPre", true)]
    public void FoldingAndCentringKeepTheLogits(string norm, bool attnOnly)
    {
        var model = RandomModel(norm, attnOnly);
        var before = Logits(model);
        var originalWq = model["blocks.0.attn.W_Q"].ToArray();

        var folded = model.ProcessWeights(foldLn: true, centerWritingWeights: true, centerUnembed: false);
        Assert.Equal("LNPre", folded.Config.NormalizationType);
        Assert.DoesNotContain(folded.ParameterNames, n => n.Contains(".ln", StringComparison.Ordinal) || n.StartsWith("ln_final", StringComparison.Ordinal));
        Close(before, Logits(folded));
        Assert.Equal(originalWq, model["blocks.0.attn.W_Q"].Data); // the loaded model is left as it is
        Assert.Equal(norm, model.Config.NormalizationType);

        // Writing weights centred along d_model: every row of W_E sums to zero.
        var wE = folded["embed.W_E"].Data;
        for (int row = 0; row < 5; row++)
        {
            Assert.Equal(0, wE.Skip(row * 8).Take(8).Sum(), 4);
        }
    }

    [Theory]
    [InlineData("LN", false)]
    [InlineData("LNPre", true)]
    [InlineData("none", false)]
    [InlineData("RMS", false)]
    public void CentringTheUnembedShiftsEachPositionsLogitsByAConstant(string norm, bool attnOnly)
    {
        var model = RandomModel(norm, attnOnly);
        var before = Logits(model);
        var after = Logits(model.ProcessWeights(foldLn: false, centerWritingWeights: false, centerUnembed: true));
        Assert.NotEqual(before, after); // the logits do move...
        var a = LogSoftmax(before, 6);
        var b = LogSoftmax(after, 6);
        Assert.True(a.Zip(b, (x, y) => Math.Abs(x - y)).Max() < 1e-4); // ...their log-softmax does not
        for (int row = 0; row < after.Length / 6; row++)
        {
            Assert.Equal(0, after.Skip(row * 6).Take(6).Sum(), 3); // centred along d_vocab (b_U too)
        }
    }

    [Fact]
    public void RmsFoldsItsScaleAndBecomesRmsPre()
    {
        var model = RandomModel("RMS", attnOnly: false);
        var folded = model.ProcessWeights(foldLn: true, centerWritingWeights: false, centerUnembed: false);
        Assert.Equal("RMSPre", folded.Config.NormalizationType);
        Close(Logits(model), Logits(folded));
    }

    [Fact]
    public void FoldedWeightsAreTheHandComputedOnes()
    {
        var model = RandomModel("LN", attnOnly: false);
        var folded = model.ProcessWeights(foldLn: true, centerWritingWeights: false, centerUnembed: false);
        float[] w = model["blocks.1.ln1.w"].Data, b = model["blocks.1.ln1.b"].Data;
        var wK = model["blocks.1.attn.W_K"]; // [head, d_model, d_head]
        int head = 1, j = 2;
        // b_K' = b_K + Σ_i ln.b[i] · W_K[h, i, j]
        double bias = model["blocks.1.attn.b_K"][head, j];
        double mean = 0;
        for (int i = 0; i < 8; i++)
        {
            bias += b[i] * wK[head, i, j];
            mean += w[i] * wK[head, i, j];
        }
        mean /= 8;
        Assert.Equal(bias, folded["blocks.1.attn.b_K"][head, j], 5);
        // W_K'[h, i, j] = ln.w[i] · W_K[h, i, j] - mean over i of the same
        Assert.Equal(w[5] * wK[head, 5, j] - mean, folded["blocks.1.attn.W_K"][head, 5, j], 5);

        // The unembedding reads ln_final: W_U'[i, v] = ln_final.w[i] · W_U[i, v] - mean_i, b_U' = b_U + ln_final.b · W_U.
        float[] wf = model["ln_final.w"].Data, bf = model["ln_final.b"].Data;
        var wU = model["unembed.W_U"];
        double bU = model["unembed.b_U"][4], meanU = 0;
        for (int i = 0; i < 8; i++)
        {
            bU += bf[i] * wU[i, 4];
            meanU += wf[i] * wU[i, 4];
        }
        Assert.Equal(bU, folded["unembed.b_U"][4], 5);
        Assert.Equal(wf[0] * wU[0, 4] - meanU / 8, folded["unembed.W_U"][0, 4], 5);
    }

    [Fact]
    public void StepsThatDoNotApplyAreRefusedOrNoOps()
    {
        var plain = RandomModel("none", attnOnly: false);
        var error = Assert.Throws<ArgumentException>(() => plain.ProcessWeights());
        Assert.Contains("center_writing_weights", error.Message);
        Assert.Contains("centerWritingWeights: false", error.Message);
        Assert.Contains("center_writing_weights", Assert.Throws<ArgumentException>(() => RandomModel("RMS", false).ProcessWeights(centerUnembed: false)).Message);

        // Without normalisation there is nothing to fold: the weights come back as they were (TransformerLens's no-op).
        var same = plain.ProcessWeights(foldLn: true, centerWritingWeights: false, centerUnembed: false);
        Assert.Equal(plain.ParameterNames, same.ParameterNames);
        foreach (string name in plain.ParameterNames)
        {
            Assert.Equal(plain[name].Data, same[name].Data);
        }
    }
}
