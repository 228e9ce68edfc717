using System.Globalization;

namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// One row of analysis/progress.csv: the progress measures of Nanda et al. at one checkpoint.
/// Restricted loss, excluded loss and the embedding share use the final model's key frequencies;
/// <see cref="KeyFrequencyCount"/> counts this checkpoint's own.
/// </summary>
public sealed record ProgressRow(
    int Step,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double RestrictedLoss,
    double ExcludedLoss,
    double GiniEmbedding,
    double GiniNeuronLogitMap,
    double SumSquaredWeights,
    int KeyFrequencyCount,
    double EmbeddingShareInKeyFrequencies,
    double NeuronsExplainedFraction,
    double LogitVarianceExplained)
{
    /// <summary>File name inside the analysis folder.</summary>
    public const string FileName = "progress.csv";

    /// <summary>The CSV header line.</summary>
    public const string Header = "step,train_loss,train_accuracy,test_loss,test_accuracy,restricted_loss,excluded_loss,gini_embedding,gini_neuron_logit_map,sum_squared_weights,key_frequency_count,embedding_share_in_key_frequencies,neurons_explained_fraction,logit_variance_explained";

    /// <summary>The row as CSV with round-trippable numbers.</summary>
    public string ToCsv() => string.Join(",",
        Step.ToString(CultureInfo.InvariantCulture), F(TrainLoss), F(TrainAccuracy), F(TestLoss), F(TestAccuracy), F(RestrictedLoss), F(ExcludedLoss),
        F(GiniEmbedding), F(GiniNeuronLogitMap), F(SumSquaredWeights), KeyFrequencyCount.ToString(CultureInfo.InvariantCulture),
        F(EmbeddingShareInKeyFrequencies), F(NeuronsExplainedFraction), F(LogitVarianceExplained));

    /// <summary>Parses a line written by <see cref="ToCsv"/>.</summary>
    public static ProgressRow Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var p = line.Split(',');
        if (p.Length != 14)
        {
            throw new FormatException($"progress.csv line '{line}' has {p.Length} fields; expected 14 ({Header}).");
        }
        double D(int i) => double.Parse(p[i], CultureInfo.InvariantCulture);
        int I(int i) => int.Parse(p[i], CultureInfo.InvariantCulture);
        return new ProgressRow(I(0), D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8), D(9), I(10), D(11), D(12), D(13));
    }

    /// <summary>Reads analysis/progress.csv of a run (written when the grokking measure applied).</summary>
    public static IReadOnlyList<ProgressRow> Read(string runDirectory)
    {
        string path = Path.Combine(runDirectory, Measures.RunAnalysis.Folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{runDirectory}' has no {Measures.RunAnalysis.Folder}/{FileName}: run `algolens analyze {runDirectory}` first (it is written for modular-addition runs).");
        }
        return AlgoLens.IO.InputFile.ReadAllLines(path, Path.GetFileName(path)).Skip(1).Where(l => l.Length > 0).Select(Parse).ToList();
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
