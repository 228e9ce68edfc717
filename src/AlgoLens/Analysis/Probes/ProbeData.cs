namespace AlgoLens.Analysis.Probes;

/// <summary>Input checks and row selection shared by the probes.</summary>
internal static class ProbeData
{
    /// <summary>Throws a clear error unless <paramref name="features"/> [n, d] is finite with n = <paramref name="targets"/> and n ≥ <paramref name="minimum"/>.</summary>
    public static void Check(double[,] features, int targets, int minimum)
    {
        ArgumentNullException.ThrowIfNull(features);
        int n = features.GetLength(0), d = features.GetLength(1);
        if (n != targets)
        {
            throw new ArgumentException($"The probe has {n} feature rows but {targets} targets; give one target per row.");
        }
        if (n < minimum)
        {
            throw new ArgumentException($"The probe has {n} examples; it needs at least {minimum}. Give more examples (more batches or positions).");
        }
        if (d < 1)
        {
            throw new ArgumentException("The probe's features have no columns; give at least one feature per example.");
        }
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++)
            {
                if (!double.IsFinite(features[r, i]))
                {
                    throw new ArgumentException($"Feature [{r}, {i}] is {features[r, i]}; the probe needs finite features. Check the run for NaN or infinite activations.");
                }
            }
        }
    }

    /// <summary>The rows <paramref name="rows"/> of <paramref name="features"/>.</summary>
    public static double[,] Rows(double[,] features, int[] rows)
    {
        int d = features.GetLength(1);
        var result = new double[rows.Length, d];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int i = 0; i < d; i++)
            {
                result[r, i] = features[rows[r], i];
            }
        }
        return result;
    }

    /// <summary>The entries <paramref name="rows"/> of <paramref name="values"/>.</summary>
    public static T[] Rows<T>(T[] values, int[] rows) => rows.Select(r => values[r]).ToArray();
}
