namespace AlgoLens.Analysis.Interp;

/// <summary>
/// The metric after each patch, as a grid (e.g. [layers, positions] or [layers, heads]), with the
/// metric of the clean and the corrupted runs that normalise it.
/// </summary>
public sealed class PatchingResult
{
    /// <summary>Wraps a grid of metric values and the two reference runs' metrics.</summary>
    public PatchingResult(double[,] values, double cleanMetric, double corruptedMetric, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(columnLabels);
        if (rowLabels.Count != values.GetLength(0) || columnLabels.Count != values.GetLength(1))
        {
            throw new ArgumentException($"{rowLabels.Count} row and {columnLabels.Count} column labels for a [{values.GetLength(0)}, {values.GetLength(1)}] grid.");
        }
        Values = values;
        CleanMetric = cleanMetric;
        CorruptedMetric = corruptedMetric;
        RowLabels = rowLabels;
        ColumnLabels = columnLabels;
    }

    /// <summary>The metric of the corrupted run with each patch, [rows, columns].</summary>
    public double[,] Values { get; }

    /// <summary>The metric of the clean run.</summary>
    public double CleanMetric { get; }

    /// <summary>The metric of the corrupted run, unpatched.</summary>
    public double CorruptedMetric { get; }

    /// <summary>Row names (e.g. "L0").</summary>
    public IReadOnlyList<string> RowLabels { get; }

    /// <summary>Column names (e.g. "pos 2", "H1").</summary>
    public IReadOnlyList<string> ColumnLabels { get; }

    /// <summary>
    /// (patched − corrupted) / (clean − corrupted): 1 where a patch restores the clean metric, 0 where
    /// it changes nothing. NaN everywhere when clean and corrupted give the same metric, since then
    /// the corruption has nothing to restore.
    /// </summary>
    public double[,] Normalised()
    {
        double range = CleanMetric - CorruptedMetric;
        var result = new double[Values.GetLength(0), Values.GetLength(1)];
        for (int r = 0; r < result.GetLength(0); r++)
        {
            for (int c = 0; c < result.GetLength(1); c++)
            {
                result[r, c] = range == 0 ? double.NaN : (Values[r, c] - CorruptedMetric) / range;
            }
        }
        return result;
    }
}
