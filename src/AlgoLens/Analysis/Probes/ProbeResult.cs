namespace AlgoLens.Analysis.Probes;

/// <summary>
/// A probe's scores, as the CLI prints them. For a classification probe the scores are accuracies
/// (train_accuracy, test_accuracy, control_test_accuracy); for a regression probe they are R²
/// (train_r2, test_r2, control_test_r2). Selectivity = test score − control test score
/// (Hewitt &amp; Liang 2019): high when the probe reads a feature the activations hold rather than
/// memorising labels.
/// </summary>
/// <param name="Kind">"classification" (logistic probe, accuracies) or "regression" (linear probe, R²).</param>
/// <param name="TrainScore">Accuracy or R² on the train split.</param>
/// <param name="TestScore">Accuracy or R² on the test split.</param>
/// <param name="ControlTestScore">The same probe fitted on labels shuffled across examples, scored on the test split.</param>
/// <param name="WeightDecay">The decay chosen by validation (the control task chooses its own from the same grid).</param>
/// <param name="TrainCount">Examples in the train split.</param>
/// <param name="TestCount">Examples in the test split.</param>
/// <param name="Directions">The probe's weights [d, outputs]: one column for a regression probe, one per class for a classification probe.</param>
/// <param name="Biases">The probe's intercepts, one per column of <paramref name="Directions"/>.</param>
public sealed record ProbeResult(
    string Kind,
    double TrainScore,
    double TestScore,
    double ControlTestScore,
    double WeightDecay,
    int TrainCount,
    int TestCount,
    double[,] Directions,
    double[] Biases)
{
    /// <summary>Test score − control test score.</summary>
    public double Selectivity => TestScore - ControlTestScore;

    /// <summary>The name of the score in the CLI's JSON: "accuracy" or "r2".</summary>
    public string ScoreName => Kind == "classification" ? "accuracy" : "r2";

    /// <summary>Column <paramref name="output"/> of <see cref="Directions"/> (a class's, or the regression's, direction).</summary>
    public double[] Direction(int output = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(output, Directions.GetLength(1));
        var result = new double[Directions.GetLength(0)];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Directions[i, output];
        }
        return result;
    }
}
