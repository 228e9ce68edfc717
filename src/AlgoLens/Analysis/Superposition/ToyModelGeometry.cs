using AlgoLens.Models.ToySuperposition;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Superposition;

/// <summary>
/// Reads every instance of a trained <see cref="ToySuperpositionModel"/> at the settings of its
/// <see cref="SparseFeaturesTask"/>: W per instance, its <see cref="InstanceGeometry"/>, and each
/// instance's own importance-weighted loss on a seeded held-out sample.
/// </summary>
public static class ToyModelGeometry
{
    /// <summary>Examples in the held-out sample of <see cref="Of"/>'s losses.</summary>
    public const int LossExamples = 4096;

    /// <summary>Seed of that sample (apart from any training seed, so every checkpoint sees the same examples).</summary>
    public const ulong LossSeed = 0x5EED_70F;

    /// <summary>W [m, n] of instance <paramref name="instance"/>.</summary>
    public static double[,] WeightsOf(ToySuperpositionModel model, int instance)
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = model.Config;
        if (instance < 0 || instance >= config.NInstances)
        {
            throw new ArgumentException($"Instance {instance} is outside 0 .. {config.NInstances - 1}.");
        }
        int m = config.DHidden, n = config.NFeatures;
        var data = model.W.Data; // [instance, d_hidden, n_features]
        var w = new double[m, n];
        for (int k = 0; k < m; k++)
        {
            for (int i = 0; i < n; i++)
            {
                w[k, i] = data[(instance * m + k) * n + i];
            }
        }
        return w;
    }

    /// <summary>Every instance's geometry and loss.</summary>
    /// <exception cref="ArgumentException">The model and the task disagree on the features or instances.</exception>
    public static IReadOnlyList<InstanceGeometry> Of(ToySuperpositionModel model, SparseFeaturesTask task)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        if (model.Config.NFeatures != task.NFeatures || model.Config.NInstances != task.NInstances)
        {
            throw new ArgumentException($"The model has {model.Config.NInstances} instances of {model.Config.NFeatures} features but the task {task.NInstances} of {task.NFeatures}; read a model with the task it was trained on.");
        }
        var losses = InstanceLosses(model, task);
        return [.. Enumerable.Range(0, task.NInstances).Select(i =>
            InstanceGeometry.Of(i, task.Sparsity[i], task.ImportanceDecay[i], WeightsOf(model, i), losses[i]))];
    }

    /// <summary>
    /// Each instance's importance-weighted MSE, Σ_j r^j (x'_j − x_j)² averaged over examples and
    /// features, on <see cref="LossExamples"/> examples drawn with <see cref="LossSeed"/>.
    /// </summary>
    public static double[] InstanceLosses(ToySuperpositionModel model, SparseFeaturesTask task)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        var batch = task.Sample(new Rng(LossSeed), LossExamples);
        using var noGrad = Tensor.NoGrad();
        var output = model.Forward(batch.Input).Data; // [batch, instance, n_features]
        var target = batch.Targets.Values!;
        int instances = task.NInstances, n = task.NFeatures;
        var losses = new double[instances];
        for (int i = 0; i < instances; i++)
        {
            var importance = task.ImportanceOf(i);
            double sum = 0;
            for (int b = 0; b < LossExamples; b++)
            {
                int offset = (b * instances + i) * n;
                for (int j = 0; j < n; j++)
                {
                    double d = output[offset + j] - target[offset + j];
                    sum += importance[j] * d * d;
                }
            }
            losses[i] = sum / ((double)LossExamples * n);
        }
        return losses;
    }
}
