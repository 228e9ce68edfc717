using System.Text.Json;
using AlgoLens.Common;
using AlgoLens.IO;

namespace AlgoLens.Analysis.Grokking;

/// <summary>analysis/summary.json of a grokking run (<see cref="GrokkingMeasure"/>): the final model's mechanism and the phases of the run.</summary>
public sealed record GrokkingSummary
{
    /// <summary>File name inside the analysis folder.</summary>
    public const string FileName = "summary.json";

    /// <summary>The modulus.</summary>
    public int P { get; init; }

    /// <summary>The operation analysed: "add" or "sub" (see <see cref="Fourier.CyclicOperation"/>).</summary>
    public string Operation { get; init; } = "add";

    /// <summary>Step of the model analysed in detail (the last checkpoint).</summary>
    public int FinalStep { get; init; }

    /// <summary>The final model's key frequencies k (w_k = 2πk/p).</summary>
    public IReadOnlyList<int> KeyFrequencies { get; init; } = [];

    /// <summary>Share of the embedding's squared Fourier norm in the key frequencies.</summary>
    public double EmbeddingShareInKeyFrequencies { get; init; }

    /// <summary>Share of neurons with at least 85% of their variance in one frequency.</summary>
    public double NeuronsExplainedFraction { get; init; }

    /// <summary>Neurons explained, and in total.</summary>
    public int NeuronsExplained { get; init; }

    /// <summary>Number of MLP neurons.</summary>
    public int Neurons { get; init; }

    /// <summary>Explained neurons per key frequency, in the order of <see cref="KeyFrequencies"/>.</summary>
    public IReadOnlyList<int> NeuronsPerKeyFrequency { get; init; } = [];

    /// <summary>
    /// Of the neurons not explained, those whose two largest frequency blocks together hold at
    /// least 85% of their variance (a frequency plus its ReLU harmonic, or two key frequencies).
    /// </summary>
    public int UnexplainedInTwoFrequencies { get; init; }

    /// <summary>The commonest second frequencies among the neurons not explained, most neurons first (up to 5).</summary>
    public IReadOnlyList<FrequencyCount> UnexplainedSecondFrequencies { get; init; } = [];

    /// <summary>Share of the logits' variance explained by Σ_k α_k cos(w_k(a+b−c)).</summary>
    public double LogitVarianceExplained { get; init; }

    /// <summary>The fitted α_k.</summary>
    public IReadOnlyList<double> LogitCosineAlphas { get; init; } = [];

    /// <summary>The phases read off the curves.</summary>
    public Phases Phases { get; init; } = new(null, null, null, null);

    /// <summary>First checkpoint where restricted loss is below 0.1 (it should come well before the test loss does).</summary>
    public int? RestrictedLossBelow01Step { get; init; }

    /// <summary>First checkpoint where test loss is below 0.1.</summary>
    public int? TestLossBelow01Step { get; init; }

    /// <summary>Excluded loss at the end of memorisation and at the start of cleanup (it rises during circuit formation).</summary>
    public double? ExcludedLossAtMemorisationEnd { get; init; }

    /// <summary>See <see cref="ExcludedLossAtMemorisationEnd"/>.</summary>
    public double? ExcludedLossAtCleanupStart { get; init; }

    /// <summary>
    /// The steepest fall of the total sum of squared weights over a 1000-step window after
    /// memorisation, per 1000 steps (it falls sharply around the start of cleanup), and the step
    /// at the middle of that window.
    /// </summary>
    public double? SteepestSquaredWeightsFallPer1kSteps { get; init; }

    /// <summary>See <see cref="SteepestSquaredWeightsFallPer1kSteps"/>.</summary>
    public int? SteepestSquaredWeightsFallStep { get; init; }

    /// <summary>The mean fall per 1000 steps over the whole run after memorisation, for comparison.</summary>
    public double? MeanSquaredWeightsFallPer1kSteps { get; init; }

    /// <summary>Checkpoints analysed.</summary>
    public int Checkpoints { get; init; }

    /// <summary>Wall-clock seconds the analysis took.</summary>
    public double Seconds { get; init; }

    /// <summary>Writes the summary atomically.</summary>
    public void Save(string analysisDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(analysisDirectory, FileName), JsonSerializer.Serialize(this, JsonFiles.Options));

    /// <summary>Reads a summary.</summary>
    public static GrokkingSummary Load(string analysisDirectory)
    {
        string path = Path.Combine(analysisDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No {FileName} in '{analysisDirectory}': run `algolens analyze` on the run first.");
        }
        return JsonSerializer.Deserialize<GrokkingSummary>(AlgoLens.IO.InputFile.ReadAllText(path, Path.GetFileName(path)), JsonFiles.Options)
            ?? throw new FormatException($"{path} is empty.");
    }
}

/// <summary>A frequency and a number of neurons.</summary>
/// <param name="Frequency">The frequency k.</param>
/// <param name="Neurons">How many neurons.</param>
public sealed record FrequencyCount(int Frequency, int Neurons);
