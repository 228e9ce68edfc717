using AlgoLens.Models;

namespace AlgoLens.Training.Memory;

/// <summary>
/// Floats of activation one example's forward pass keeps, an upper bound from the config's sizes
/// (every position counted as read, every intermediate counted as kept). Each model kind declares
/// its own formula (<see cref="IModelConfig.ActivationFloatsPerExample"/>), so a kind added later
/// is estimated like the built-in ones.
/// </summary>
public static class ActivationSize
{
    /// <summary>Per example: the kind's own <see cref="IModelConfig.ActivationFloatsPerExample"/>.</summary>
    public static long FloatsPerExample(IModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ActivationFloatsPerExample();
    }
}
