using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

namespace AlgoLens.Tests.Tasks;

public class SparseFeaturesSettingsTests
{
    [Fact]
    public void Without_the_new_options_the_settings_and_weights_are_as_before()
    {
        var task = new SparseFeaturesTask(5, 4);
        Assert.Equal(["n_features", "n_instances"], task.Settings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5, task.Sample(new Rng(1), 3).Targets.Weights!.Length);
        Assert.All(task.ImportanceDecay, r => Assert.Equal(0.9, r));
        Assert.Equal(1.0 - task.FeatureProbability[3], task.Sparsity[3], 12);
    }

    [Fact]
    public void Sparsities_and_importances_per_instance_round_trip_through_the_settings()
    {
        var task = new SparseFeaturesTask(3, 2, [0.25, 0.9], [1.0, 0.5]);
        Assert.Equal("0.25,0.9", task.Settings["sparsity"]);
        Assert.Equal("1,0.5", task.Settings["importance_decay"]);
        var back = SparseFeaturesTask.FromSettings(new Dictionary<string, string> { ["n_features"] = "3", ["sparsity"] = "0.25,0.9", ["importance_decay"] = "1,0.5" });
        Assert.Equal(task.Settings, back.Settings);
        Assert.Equal([0.75f, 0.1f], back.FeatureProbability.Select(p => MathF.Round(p, 6)));
        Assert.Equal([1f, 0.5f, 0.25f], back.ImportanceOf(1));
        // One weight row per instance: [n_instances · n_features].
        Assert.Equal([1f, 1f, 1f, 1f, 0.5f, 0.25f], back.Sample(new Rng(0), 2).Targets.Weights!);
    }

    [Theory]
    [InlineData("sparsity", "0,1", "sparsity 1 is outside [0, 1)")]
    [InlineData("sparsity", "0,x", "'x', which is not a number")]
    [InlineData("importance_decay", "0", "importance decay 0 is not a positive number")]
    [InlineData("importance_decay", "1,1,1", "3 importance decays for n_instances = 2")]
    public void Bad_values_name_the_option_and_the_fix(string key, string value, string message)
    {
        var settings = new Dictionary<string, string> { ["sparsity"] = "0,0.5", [key] = value };
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => SparseFeaturesTask.FromSettings(settings)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loss_with_weights_per_instance_is_the_weighted_mean_worked_by_hand()
    {
        // Two instances of two features, one example: outputs 0, targets x; weights [1, 1] and [1, 0.5].
        float[] x = [1f, 2f, 3f, 4f];
        var targets = Targets.FromValues(x, 1, 2, 2, [true, true], [1f, 1f, 1f, 0.5f]);
        Assert.True(targets.HasPositionWeights);
        var outputs = new Tensor(new float[4], 1, 2, 2);
        TrainingLoss.Compute(outputs, targets, [0, 1], out double loss);
        Assert.Equal((1 + 4 + 9 + 0.5 * 16) / 4.0, loss, 6);
        // Equal rows give what one shared row gives.
        var shared = Targets.FromValues(x, 1, 2, 2, [true, true], [1f, 0.5f]);
        var perPosition = Targets.FromValues(x, 1, 2, 2, [true, true], [1f, 0.5f, 1f, 0.5f]);
        TrainingLoss.Compute(outputs, shared, [0, 1], out double a);
        TrainingLoss.Compute(outputs, perPosition, [0, 1], out double b);
        Assert.Equal(a, b, 6);
        Assert.Equal(0.5f, perPosition.WeightAt(1, 1));
    }
}
