namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// A fitted dictionary: X ≈ <see cref="Offset"/> + codes · <see cref="Atoms"/>, with the codes of
/// any rows given by <see cref="Encode"/>. Atoms are unit rows (the scale lives in the codes), so
/// that methods are compared by direction.
/// </summary>
public sealed class DictionaryResult
{
    /// <param name="method">The method's name.</param>
    /// <param name="atoms">Unit atoms as rows, [k, d].</param>
    /// <param name="offset">The offset added back in reconstruction (the mean for PCA and ICA, the decoder bias for the autoencoder, zeros for SVD and NMF), [d].</param>
    /// <param name="encode">Codes of rows [m, d] → [m, k].</param>
    /// <param name="diagnostics">The method's own numbers by name (iterations, dead_features, l0, ...).</param>
    public DictionaryResult(string method, double[,] atoms, double[] offset, Func<double[,], double[,]> encode, IReadOnlyDictionary<string, double>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(encode);
        if (atoms.GetLength(1) != offset.Length)
        {
            throw new ArgumentException($"The atoms have width {atoms.GetLength(1)} but the offset {offset.Length}; they must match.");
        }
        Method = method;
        Atoms = atoms;
        Offset = offset;
        Encode = encode;
        Diagnostics = diagnostics ?? new Dictionary<string, double>();
    }

    /// <summary>The method's name.</summary>
    public string Method { get; }

    /// <summary>Unit atoms as rows, [k, d].</summary>
    public double[,] Atoms { get; }

    /// <summary>The offset added back in reconstruction, [d].</summary>
    public double[] Offset { get; }

    /// <summary>Codes of rows [m, d], [m, k].</summary>
    public Func<double[,], double[,]> Encode { get; }

    /// <summary>The method's own numbers by name.</summary>
    public IReadOnlyDictionary<string, double> Diagnostics { get; }

    /// <summary>Number of atoms.</summary>
    public int Count => Atoms.GetLength(0);

    /// <summary>offset + Encode(rows) · Atoms, [m, d].</summary>
    public double[,] Reconstruct(double[,] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var codes = Encode(rows);
        int m = rows.GetLength(0), d = Offset.Length, k = Count;
        var result = new double[m, d];
        for (int r = 0; r < m; r++)
        {
            for (int j = 0; j < d; j++)
            {
                double sum = Offset[j];
                for (int a = 0; a < k; a++)
                {
                    sum += codes[r, a] * Atoms[a, j];
                }
                result[r, j] = sum;
            }
        }
        return result;
    }
}
