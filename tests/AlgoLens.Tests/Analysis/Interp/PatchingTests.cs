using AlgoLens.Data;
using AlgoLens.Analysis.Interp;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Interp;

public class PatchingTests
{
    private static readonly TokenBatch Clean = TinyModels.Clean;
    private static readonly TokenBatch Corrupted = TinyModels.Corrupted;
    private static readonly Func<Tensor, double> Metric = LogitMetrics.LogitDifference(2, 5);

    [Fact]
    public void PatchingTheWholeFinalResidualRestoresTheCleanMetricAndPatchingNothingRestoresNone()
    {
        var model = TinyModels.Model(layers: 2);
        var (cleanLogits, cache) = model.RunWithCache(Clean);
        double clean = Metric(cleanLogits), corrupted = Metric(model.Forward(Corrupted));
        Assert.NotEqual(clean, corrupted, 3);
        double patched = Metric(ActivationPatching.Patch(model, cache, Corrupted, "blocks.1.hook_resid_post"));
        Assert.Equal(1.0, (patched - corrupted) / (clean - corrupted), 5);

        var grid = ActivationPatching.ResidualStream(model, Clean, Corrupted, Metric, "resid_post");
        Assert.Equal(clean, grid.CleanMetric, 6);
        Assert.Equal(corrupted, grid.CorruptedMetric, 6);
        var normalised = grid.Normalised();
        Assert.Equal(1.0, normalised[1, 3], 5); // the metric reads the last position only
        for (int p = 0; p < 3; p++)
        {
            Assert.Equal(0.0, normalised[1, p], 5);
        }
    }

    [Fact]
    public void ResidPreOfTheFirstLayerMattersOnlyWhereTheInputsDiffer()
    {
        var model = TinyModels.Model(layers: 2);
        var grid = ActivationPatching.ResidualStream(model, Clean, Corrupted, Metric);
        Assert.Equal([2, 4], new[] { grid.Values.GetLength(0), grid.Values.GetLength(1) });
        Assert.Equal(["L0", "L1"], grid.RowLabels);
        var normalised = grid.Normalised();
        Assert.Equal(1.0, normalised[0, 1], 5);
        foreach (int p in new[] { 0, 2, 3 })
        {
            Assert.Equal(0.0, normalised[0, p], 5);
        }
    }

    [Fact]
    public void APatchedHeadWithoutOutputRestoresNothingAndHeadEffectsAddUpInALinearModel()
    {
        // One attention-only layer without LayerNorm: the logits are linear in z, so patching both
        // heads moves the metric by the sum of the single-head moves.
        var model = TinyModels.Model(attnOnly: true);
        var grid = ActivationPatching.Heads(model, Clean, Corrupted, Metric);
        var (_, cache) = model.RunWithCache(Clean);
        double both = Metric(ActivationPatching.Patch(model, cache, Corrupted, "blocks.0.attn.hook_z"));
        Assert.Equal(both - grid.CorruptedMetric, (grid.Values[0, 0] - grid.CorruptedMetric) + (grid.Values[0, 1] - grid.CorruptedMetric), 4);

        TinyModels.SilenceHead(model, 0, 1);
        var silenced = ActivationPatching.Heads(model, Clean, Corrupted, Metric);
        Assert.Equal(0.0, silenced.Normalised()[0, 1], 5);
        Assert.Equal(["H0", "H1"], silenced.ColumnLabels);
    }

    [Fact]
    public void HeadPatchesByPositionAddUpToThePatchAtAllPositions()
    {
        var model = TinyModels.Model(attnOnly: true);
        var all = ActivationPatching.Heads(model, Clean, Corrupted, Metric);
        var byPosition = ActivationPatching.HeadsByPosition(model, Clean, Corrupted, Metric);
        Assert.Equal(4, byPosition.Count);
        // Only the last position's z reaches the metric (one layer: no later attention reads it).
        Assert.Equal(all.Values[0, 0], byPosition[3].Values[0, 0], 5);
        Assert.Equal(all.CorruptedMetric, byPosition[0].Values[0, 1], 5);
    }

    [Fact]
    public void MismatchedBatchesAndMissingHooksAreRefused()
    {
        var model = TinyModels.Model(attnOnly: true);
        Assert.Contains("same shape", Assert.Throws<ArgumentException>(() => ActivationPatching.ResidualStream(model, Clean, TinyModels.Batch([1, 2, 3, 4]), Metric)).Message);
        Assert.Contains("attn-only", Assert.Throws<ArgumentException>(() => ActivationPatching.ResidualStream(model, Clean, Corrupted, Metric, "mlp_out")).Message);
        Assert.Throws<ArgumentException>(() => ActivationPatching.ResidualStream(model, Clean, Corrupted, Metric, "hook_q"));
    }

    [Fact]
    public void StandardMetricsReadTheRightEntries()
    {
        // logits [batch 2, pos 2, vocab 3]
        var logits = new Tensor([0, 0, 0, 1, 2, 3, 0, 0, 0, 3, 2, 1], 2, 2, 3);
        Assert.Equal(((1 - 3) + (3 - 1)) / 2.0, LogitMetrics.LogitDifference(0, 2)(logits), 10);
        Assert.Equal(((3 - 1) + (3 - 1)) / 2.0, LogitMetrics.LogitDifference([2, 0], [0, 2])(logits), 10);
        Assert.Equal(0.0, LogitMetrics.LogitDifference(0, 2, position: 0)(logits), 10);
        double logZ = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        int[] labels = [2, 0];
        Assert.Equal(logZ - 3, LogitMetrics.Loss(labels)(logits), 10);
        Assert.Equal(3 - logZ, LogitMetrics.LogProbability(labels)(logits), 10);
        Assert.Equal(Math.Exp(3 - logZ), LogitMetrics.Probability(labels)(logits), 10);
        Ops.CrossEntropy(Ops.Reshape(Ops.IndexSelect(logits, 1, 1), 2, 3), labels, out double reference);
        Assert.Equal(reference, LogitMetrics.Loss(labels)(logits), 6);
    }
}
