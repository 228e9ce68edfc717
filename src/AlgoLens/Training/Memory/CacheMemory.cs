using System.Globalization;
using AlgoLens.Models;

namespace AlgoLens.Training.Memory;

/// <summary>
/// The memory estimate of an activation cache (<see cref="Analysis.CacheExport"/>), made from the
/// model's sizes and the number of sequences before the forward pass runs, and the refusal of a
/// cache that would not fit.
/// </summary>
/// <remarks>
/// With B sequences of L tokens, P parameters and F activation floats per sequence
/// (<see cref="ActivationSize.FloatsPerExample"/>, every hook counted): tokens 8·B·L bytes (ids and
/// labels); model 4·P, 8·P with gradients; activations 4·F·B for the forward values, as much again
/// for their gradients, and 4·F·B for the copies the export holds until it is written, as much again
/// for the copies of their gradients (<c>grad.&lt;hook&gt;</c>) with gradients (every hook
/// counted, so picking hooks with --names only lowers the real need); 128 MiB for the runtime.
/// </remarks>
public static class CacheMemory
{
    /// <summary>The estimate of caching <paramref name="sequences"/> sequences of <paramref name="positions"/> tokens through <paramref name="model"/>.</summary>
    public static MemoryEstimate ForCache(IModelConfig model, long sequences, long positions, bool withGradients)
    {
        ArgumentNullException.ThrowIfNull(model);
        long floats = ActivationSize.FloatsPerExample(model);
        long tokens = MemoryEstimate.Product(8 * sequences, positions);
        long parameters = MemoryEstimate.Product(withGradients ? 8 : 4, model.ParameterCount());
        long activations = MemoryEstimate.Product(MemoryEstimate.Product(withGradients ? 16 : 8, floats), sequences);
        return new MemoryEstimate(tokens, parameters, activations, sequences, TrainingMemory.OverheadBytes);
    }

    /// <summary>Refuses a cache whose estimate exceeds <paramref name="availableBytes"/>, with the estimate, the memory available and how many sequences would fit.</summary>
    /// <exception cref="MemoryLimitException">The cache would not fit.</exception>
    public static void EnsureFits(MemoryEstimate estimate, long availableBytes)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        if (estimate.TotalBytes <= availableBytes)
        {
            return;
        }
        long fixedPart = MemoryEstimate.Sum(estimate.ModelBytes, estimate.OverheadBytes);
        long perSequence = estimate.BatchExamples > 0
            ? MemoryEstimate.Sum(estimate.ActivationBytes, estimate.DatasetBytes) / estimate.BatchExamples
            : 0;
        string fix = fixedPart < availableBytes && perSequence > 0 && (availableBytes - fixedPart) / perSequence >= 1
            ? $"Cache the sequences in parts of at most {((availableBytes - fixedPart) / perSequence).ToString("N0", CultureInfo.InvariantCulture)} per call."
            : "The model alone does not fit in the memory available.";
        throw new MemoryLimitException(
            $"This cache needs about {estimate.Describe()}, but {MemoryEstimate.Format(availableBytes)} is available. {fix}",
            estimate, availableBytes);
    }
}
