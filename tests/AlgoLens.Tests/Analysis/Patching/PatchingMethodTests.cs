using AlgoLens.Analysis.Patching;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Patching;

/// <summary>
/// Attribution patching against activation patching where the metric is exactly linear in the
/// patched activation (equal) and where it is not (different); path patching on a hand-set model
/// whose paths are known, and with every downstream receiver against activation patching.
/// </summary>
public class PatchingMethodTests
{
    private static readonly TokenBatch Clean = new([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 2, 4], 3, 4);
    private static readonly TokenBatch Corrupt = new([1, 2, 7, 4, 5, 9, 7, 1, 9, 3, 2, 6], 3, 4);
    private static readonly PatchingMetric LogitDiff = PatchingMetric.LogitDifference([2, 5, 7], [3, 1, 0]);

    // Random weights and non-zero biases; no final normalisation when norm is "none".
    private static HookedTransformer RandomModel(int layers, string norm)
    {
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = layers, DModel = 12, NHeads = 2, DHead = 4, DVocab = 10, NCtx = 4, AttnOnly = true, ActFn = null, NormalizationType = norm, Seed = 11,
        });
        var rng = new Random(5);
        foreach (string name in model.ParameterNames)
        {
            var p = model[name];
            float scale = name.Contains(".b_", StringComparison.Ordinal) || name.EndsWith("b_U", StringComparison.Ordinal) ? 0.3f : 0.6f;
            model.SetParameter(name, Enumerable.Range(0, p.Size).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray(), p.Shape);
        }
        return model;
    }

    [Fact]
    public void AttributionEqualsActivationPatchingWhereTheMetricIsLinearInTheActivation()
    {
        // The last layer's z reaches the logits through W_O and W_U only (no MLP, no final
        // normalisation): logit difference is affine in it, so the first-order estimate is exact.
        var model = RandomModel(2, "none");
        var targets = new[] { PatchTarget.HeadOutput(1, 0), PatchTarget.HeadOutput(1, 1) };
        var activation = TargetPatching.Activation(model, Clean, Corrupt, LogitDiff, targets);
        var attribution = AttributionPatching.Estimate(model, Clean, Corrupt, LogitDiff, targets);
        Assert.Equal(activation.MetricClean, attribution.MetricClean, 1e-9);
        for (int i = 0; i < targets.Length; i++)
        {
            Assert.True(Math.Abs(activation.Effects[i].Value - activation.MetricCorrupt) > 0.05, "the patch must change the metric for the test to mean anything");
            Assert.Equal(activation.Effects[i].Value, attribution.Effects[i].Value, 1e-4);
        }
    }

    [Fact]
    public void AttributionDiffersFromActivationPatchingWhereTheMetricIsNotLinear()
    {
        var model = RandomModel(2, "none");
        // Layer 0's heads act through layer 1's softmax; the loss is nonlinear in the logits.
        var early = new[] { PatchTarget.HeadOutput(0, 0), PatchTarget.HeadOutput(0, 1) };
        var activation = TargetPatching.Activation(model, Clean, Corrupt, LogitDiff, early);
        var attribution = AttributionPatching.Estimate(model, Clean, Corrupt, LogitDiff, early);
        Assert.Contains(Enumerable.Range(0, 2), i => Math.Abs(activation.Effects[i].Value - attribution.Effects[i].Value) > 1e-3);

        var loss = PatchingMetric.Loss([2, 5, 7]);
        var late = new[] { PatchTarget.HeadOutput(1, 0), PatchTarget.HeadOutput(1, 1) };
        var lossActivation = TargetPatching.Activation(model, Clean, Corrupt, loss, late);
        var lossAttribution = AttributionPatching.Estimate(model, Clean, Corrupt, loss, late);
        Assert.Contains(Enumerable.Range(0, 2), i => Math.Abs(lossActivation.Effects[i].Value - lossAttribution.Effects[i].Value) > 1e-3);
    }

    [Theory]
    [InlineData("logit-diff")]
    [InlineData("loss")]
    [InlineData("prob")]
    public void MetricGradientsMatchFiniteDifferences(string name)
    {
        var metric = name switch
        {
            "logit-diff" => PatchingMetric.LogitDifference([1, 2], [0, 3]),
            "loss" => PatchingMetric.Loss([1, 2]),
            _ => PatchingMetric.Probability([1, 2]),
        };
        var rng = new Random(1);
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var logits = new Tensor(data, [2, 3, 4]);
        var gradient = metric.Gradient(logits);
        for (int i = 0; i < data.Length; i++)
        {
            const float h = 1e-2f;
            var up = (float[])data.Clone();
            var down = (float[])data.Clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (metric.Value(new Tensor(up, [2, 3, 4])) - metric.Value(new Tensor(down, [2, 3, 4]))) / (2 * h);
            Assert.Equal(numeric, gradient.Data[i], 1e-3);
        }
    }

    // d_model 8: tokens one-hot in dims 0..3; L0H0 copies dims 0,1 (uniform attention) into 4,5;
    // L1H0 copies 4,5 into 6,7 through its values (its queries and keys are zero, so its pattern
    // cannot change); W_U reads 6,7 fully and 4,5 at half weight (the sender's direct path).
    // L0H1 and L1H1 are zero. Logit difference of token 0 over token 1.
    private static HookedTransformer HandSetModel()
    {
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = 2, DModel = 8, NHeads = 2, DHead = 2, DVocab = 4, NCtx = 2, AttnOnly = true, ActFn = null, NormalizationType = "none",
        });
        foreach (string name in model.ParameterNames)
        {
            model.SetParameter(name, new float[model[name].Size], model[name].Shape);
        }
        void Set(string name, float value, params int[] index)
        {
            var p = model[name];
            int flat = 0;
            for (int a = 0; a < index.Length; a++)
            {
                flat = flat * p.Shape[a] + index[a];
            }
            p.Data[flat] = value;
        }
        for (int t = 0; t < 4; t++)
        {
            Set("embed.W_E", 1f, t, t);
        }
        for (int e = 0; e < 2; e++)
        {
            Set("blocks.0.attn.W_V", 1f, 0, e, e);
            Set("blocks.0.attn.W_O", 1f, 0, e, 4 + e);
            Set("blocks.1.attn.W_V", 1f, 0, 4 + e, e);
            Set("blocks.1.attn.W_O", 1f, 0, e, 6 + e);
            Set("unembed.W_U", 1f, 6 + e, e);
            Set("unembed.W_U", 0.5f, 4 + e, e);
        }
        return model;
    }

    [Fact]
    public void PathPatchingOnAHandSetModelSplitsTheEffectAlongItsPaths()
    {
        var model = HandSetModel();
        var clean = new TokenBatch([0, 0], 1, 2);
        var corrupt = new TokenBatch([1, 1], 1, 2);
        var metric = PatchingMetric.LogitDifference([0], [1]);
        (int, int)[] sender = [(0, 0)];
        double Path(string receivers) => PathPatching.Run(model, clean, corrupt, metric, sender, PathReceiver.ParseList(receivers, 2, 2)).Effects[0].Value;

        var direct = PathPatching.Run(model, clean, corrupt, metric, sender, [PathReceiver.Logits]);
        Assert.Equal(1.5, direct.MetricClean, 1e-6);
        Assert.Equal(-1.5, direct.MetricCorrupt, 1e-6);
        Assert.Equal(-0.5, direct.Effects[0].Value, 1e-6);  // the direct path: 0.5 · 2
        Assert.Equal(0.5, Path("L1H0:v"), 1e-6);            // through L1H0's values: 1 · 2
        Assert.Equal(-1.5, Path("L1H0:q,L1H0:k,L1H1"), 1e-6); // paths that carry nothing
        Assert.Equal(1.5, Path("L1H0,logits"), 1e-6);        // both paths: the whole effect
        var activation = TargetPatching.Activation(model, clean, corrupt, metric, [PatchTarget.HeadOutput(0, 0)]);
        Assert.Equal(activation.Effects[0].Value, Path("L1H0,L1H1,logits"), 1e-6);
        Assert.False(model.Flags.UseSplitQkvInput);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("LN")]
    public void PathPatchingIntoEverythingDownstreamIsActivationPatchingOfTheSender(string norm)
    {
        var model = RandomModel(3, norm);
        var senders = new List<(int, int)>();
        for (int l = 0; l < 3; l++)
        {
            for (int h = 0; h < 2; h++)
            {
                var path = PathPatching.Run(model, Clean, Corrupt, LogitDiff, [(l, h)], PathReceiver.AllFrom(l + 1, 3, 2));
                var activation = TargetPatching.Activation(model, Clean, Corrupt, LogitDiff, [PatchTarget.HeadOutput(l, h)]);
                Assert.True(Math.Abs(activation.Effects[0].Value - activation.MetricCorrupt) > 1e-3);
                Assert.Equal(activation.Effects[0].Value, path.Effects[0].Value, 1e-4);
                if (l < 2)
                {
                    // Only the direct path: not the whole effect where later heads carry some of it.
                    var direct = PathPatching.Run(model, Clean, Corrupt, LogitDiff, [(l, h)], [PathReceiver.Logits]);
                    senders.Add((l, h));
                    Assert.NotEqual(activation.Effects[0].Value, direct.Effects[0].Value, 3);
                }
            }
        }
        Assert.Equal(4, senders.Count);
    }

    [Fact]
    public void BadInputIsRefusedWithTheProblemNamed()
    {
        var model = RandomModel(2, "none");
        var shorter = new TokenBatch([1, 2, 3], 1, 3);
        Assert.Contains("same number", Assert.Throws<ArgumentException>(() => TargetPatching.Activation(model, Clean, shorter, LogitDiff, [PatchTarget.HeadOutput(0, 0)])).Message, StringComparison.Ordinal);
        Assert.Contains("No hook point", Assert.ThrowsAny<ArgumentException>(() => AttributionPatching.Estimate(model, Clean, Corrupt, LogitDiff, [PatchTarget.MlpOutput(0)])).Message, StringComparison.Ordinal);
        Assert.Contains("lacks", Assert.Throws<ArgumentException>(() => PathReceiver.ParseList("L5H0", 2, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("not one of", Assert.Throws<ArgumentException>(() => PathReceiver.ParseList("L1H0:x", 2, 2)).Message, StringComparison.Ordinal);
    }
}
