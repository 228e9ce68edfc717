using AlgoLens.Models;
using AlgoLens.Training.Memory;

namespace AlgoLens.Tests.Training;

public class CacheMemoryTests
{
    private static readonly HookedTransformerConfig Model = new()
    {
        NLayers = 1, DModel = 128, NHeads = 4, DHead = 32, DMlp = 512, DVocab = 114, DVocabOut = 113, NCtx = 3,
    };

    [Fact]
    public void TheEstimateFollowsItsFormulaFromTheSizes()
    {
        long floats = ActivationSize.FloatsPerExample(Model);
        var plain = CacheMemory.ForCache(Model, sequences: 1000, positions: 3, withGradients: false);
        Assert.Equal(8L * 1000 * 3, plain.DatasetBytes);
        Assert.Equal(4 * Model.ParameterCount(), plain.ModelBytes);
        Assert.Equal(8 * floats * 1000, plain.ActivationBytes);

        var withGradients = CacheMemory.ForCache(Model, sequences: 1000, positions: 3, withGradients: true);
        Assert.Equal(8 * Model.ParameterCount(), withGradients.ModelBytes);
        Assert.Equal(16 * floats * 1000, withGradients.ActivationBytes);
    }

    [Fact]
    public void ACacheThatDoesNotFitIsRefusedWithTheEstimateAndHowManySequencesFit()
    {
        var estimate = CacheMemory.ForCache(Model, sequences: 10_000_000, positions: 3, withGradients: false);
        long available = 1L << 30;
        var error = Assert.Throws<MemoryLimitException>(() => CacheMemory.EnsureFits(estimate, available));
        Assert.Contains(MemoryEstimate.Format(estimate.TotalBytes), error.Message, StringComparison.Ordinal);
        Assert.Contains("1 GiB is available", error.Message, StringComparison.Ordinal);

        // The number it suggests must itself fit, and twice as many must not.
        var digits = new string(error.Message[error.Message.IndexOf("at most ", StringComparison.Ordinal)..].Where(char.IsDigit).ToArray());
        long suggested = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(suggested > 0);
        CacheMemory.EnsureFits(CacheMemory.ForCache(Model, suggested, 3, withGradients: false), available);
        Assert.Throws<MemoryLimitException>(() => CacheMemory.EnsureFits(CacheMemory.ForCache(Model, suggested * 2, 3, withGradients: false), available));
    }

    [Fact]
    public void AModelThatAloneDoesNotFitSaysSo()
    {
        var estimate = CacheMemory.ForCache(Model, sequences: 1, positions: 3, withGradients: false);
        var error = Assert.Throws<MemoryLimitException>(() => CacheMemory.EnsureFits(estimate, 1L << 20));
        Assert.Contains("model alone does not fit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACacheThatFitsPasses()
    {
        CacheMemory.EnsureFits(CacheMemory.ForCache(Model, 12_769, 3, withGradients: true), 4L << 30);
    }
}
