using AlgoLens.Tasks;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks;

public class SparseFeaturesTaskTests
{
    [Fact]
    public void DescribesRealInputAndTargetsOfOnePositionPerInstance()
    {
        var task = new SparseFeaturesTask();
        Assert.Equal("sparse-features", task.Name);
        Assert.Equal((10, 5, 5, TargetKind.Real), (task.SequenceLength, task.InputWidth, task.OutputWidth, task.TargetKind));
        Assert.Equal([TaskMetric.Mse], task.Metrics);
        Assert.Equal(0, task.Vocabulary.Count);
        Assert.Equal(0, task.OutputVocabulary.Count);
        Assert.Equal(1f, task.FeatureProbability[0]);
        Assert.Equal(0.05f, task.FeatureProbability[9], 6);
        Assert.Equal(Math.Pow(20, -1.0 / 9), task.FeatureProbability[1], 6);
        Assert.Equal([1f, 0.9f, 0.81f, 0.729f, 0.6561f], task.Importance.Select(v => MathF.Round(v, 6)));
        Assert.Equal("5", task.Settings["n_features"]);
    }

    [Fact]
    public void SamplesAreReproducibleAndTargetsAreTheInput()
    {
        var task = new SparseFeaturesTask(nFeatures: 3, nInstances: 4);
        var a = task.Sample(new Rng(42), 16);
        var b = task.Sample(new Rng(42), 16);
        Assert.Equal(a.Input.Values, b.Input.Values);
        Assert.NotEqual(a.Input.Values, task.Sample(new Rng(43), 16).Input.Values);
        Assert.Equal((16, 4, 3), (a.Input.Batch, a.Input.Positions, a.Input.Width));
        Assert.Equal(a.Input.Values, a.Targets.Values);
        Assert.All(a.Targets.LossMask, Assert.True);
        Assert.Equal(task.Importance, a.Targets.Weights!);
        Assert.All(a.Input.Values!, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void SparsityOfEachInstanceIsCloseToItsProbability()
    {
        var task = new SparseFeaturesTask(nFeatures: 5, nInstances: 6);
        const int count = 2000;
        var values = task.Sample(new Rng(3), count).Input.Values!;
        for (int i = 0; i < 6; i++)
        {
            int present = 0;
            for (int e = 0; e < count; e++)
            {
                for (int j = 0; j < 5; j++)
                {
                    present += values[(e * 6 + i) * 5 + j] != 0f ? 1 : 0;
                }
            }
            // Within four standard deviations of a binomial share.
            double p = task.FeatureProbability[i], n = count * 5;
            Assert.InRange(present / n, p - 4 * Math.Sqrt(p * (1 - p) / n) - 1e-9, p + 4 * Math.Sqrt(p * (1 - p) / n) + 1e-9);
        }
    }

    [Fact]
    public void SettingsRebuildTheTaskAndBadOptionsAreRefused()
    {
        var task = SparseFeaturesTask.FromSettings(new SparseFeaturesTask(7, 3).Settings);
        Assert.Equal((7, 3), (task.NFeatures, task.NInstances));
        Assert.Contains("n_features, n_instances", Assert.Throws<ArgumentException>(() => SparseFeaturesTask.FromSettings(new Dictionary<string, string> { ["p"] = "5" })).Message);
        Assert.Contains("whole number", Assert.Throws<ArgumentException>(() => SparseFeaturesTask.FromSettings(new Dictionary<string, string> { ["n_features"] = "x" })).Message);
        Assert.Contains("n_instances = 0", Assert.Throws<ArgumentException>(() => new SparseFeaturesTask(5, 0)).Message);
    }
}
