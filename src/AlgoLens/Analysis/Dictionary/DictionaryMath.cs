using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The dense arithmetic the dictionary methods share. Large products go through the float32 GEMM of
/// AlgoLens.Tensors (a few thousand rows × 512 is hundreds of millions of multiply-adds per
/// iteration, which scalar double loops cannot do in seconds); the small k×k algebra stays in double.
/// </summary>
internal static class DictionaryMath
{
    // Below this many multiply-adds the conversion to float costs more than the GEMM saves.
    private const long GemmThreshold = 1L << 18;

    /// <summary>Activations [..., d] as rows [n, d] in double, every leading index a row.</summary>
    public static double[,] Rows(Tensor activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.Rank < 2 || activations.Size == 0)
        {
            throw new ArgumentException($"A dictionary is fitted to activations [n, d]; got shape {activations.ShapeString}. Flatten the hook's rows first (DictionaryActivations.Collect).", nameof(activations));
        }
        int d = activations.Shape[^1], n = activations.Size / d;
        var rows = new double[n, d];
        var data = activations.Data;
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++)
            {
                double x = data[r * d + j];
                rows[r, j] = double.IsFinite(x)
                    ? x
                    : throw new ArgumentException($"The activations hold {x} at row {r}, column {j}; a dictionary needs finite values.", nameof(activations));
            }
        }
        return rows;
    }

    /// <summary>Rows [n, d] as a float32 tensor.</summary>
    public static Tensor ToTensor(double[,] a)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var data = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                data[i * n + j] = (float)a[i, j];
            }
        }
        return new Tensor(data, m, n);
    }

    /// <summary>op(a)·op(b), op transposing when asked.</summary>
    public static double[,] Product(double[,] a, double[,] b, bool transposeA = false, bool transposeB = false)
    {
        int m = transposeA ? a.GetLength(1) : a.GetLength(0), inner = transposeA ? a.GetLength(0) : a.GetLength(1);
        int n = transposeB ? b.GetLength(0) : b.GetLength(1), innerB = transposeB ? b.GetLength(1) : b.GetLength(0);
        if (inner != innerB)
        {
            throw new ArgumentException($"Cannot multiply op(a) [{m}, {inner}] by op(b) [{innerB}, {n}].");
        }
        var result = new double[m, n];
        if ((long)m * n * inner >= GemmThreshold)
        {
            using var noGrad = Tensor.NoGrad();
            var c = Ops.MatMul(ToTensor(a), ToTensor(b), transposeA, transposeB).Data;
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    result[i, j] = c[i * n + j];
                }
            }
            return result;
        }
        for (int i = 0; i < m; i++)
        {
            for (int t = 0; t < inner; t++)
            {
                double ait = transposeA ? a[t, i] : a[i, t];
                if (ait == 0)
                {
                    continue;
                }
                for (int j = 0; j < n; j++)
                {
                    result[i, j] += ait * (transposeB ? b[j, t] : b[t, j]);
                }
            }
        }
        return result;
    }

    /// <summary>Column means of rows [n, d].</summary>
    public static double[] Mean(double[,] rows)
    {
        int n = rows.GetLength(0), d = rows.GetLength(1);
        var mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++)
            {
                mean[j] += rows[r, j];
            }
        }
        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }
        return mean;
    }

    /// <summary>Rows less <paramref name="offset"/>.</summary>
    public static double[,] Centre(double[,] rows, double[] offset)
    {
        int n = rows.GetLength(0), d = rows.GetLength(1);
        if (offset.Length != d)
        {
            throw new ArgumentException($"The rows have {d} columns but the dictionary was fitted on {offset.Length}; encode activations of the hook it was fitted on.");
        }
        var centred = new double[n, d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++)
            {
                centred[r, j] = rows[r, j] - offset[j];
            }
        }
        return centred;
    }

    /// <summary>
    /// Atoms [k, d] scaled to unit rows, each signed so that its largest-magnitude entry is
    /// positive (as <see cref="Interp.Pca"/> fixes its components' signs); the scales (with the sign)
    /// are returned, so that codes multiplied by them keep the reconstruction. A zero atom stays zero, scale 0.
    /// </summary>
    public static (double[,] Atoms, double[] Scales) UnitAtoms(double[,] atoms)
    {
        int k = atoms.GetLength(0), d = atoms.GetLength(1);
        var unit = new double[k, d];
        var scales = new double[k];
        for (int a = 0; a < k; a++)
        {
            double norm = 0;
            int largest = 0;
            for (int j = 0; j < d; j++)
            {
                norm += atoms[a, j] * atoms[a, j];
                largest = Math.Abs(atoms[a, j]) > Math.Abs(atoms[a, largest]) ? j : largest;
            }
            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                continue;
            }
            double scale = atoms[a, largest] < 0 ? -norm : norm;
            scales[a] = scale;
            for (int j = 0; j < d; j++)
            {
                unit[a, j] = atoms[a, j] / scale;
            }
        }
        return (unit, scales);
    }

    /// <summary>Each column c of <paramref name="codes"/> multiplied by <paramref name="scales"/>[c], in place.</summary>
    public static double[,] ScaleColumns(double[,] codes, double[] scales)
    {
        int n = codes.GetLength(0), k = codes.GetLength(1);
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < k; c++)
            {
                codes[r, c] *= scales[c];
            }
        }
        return codes;
    }

    /// <summary>Refuses a component count outside 1..<paramref name="most"/>, naming the method and why.</summary>
    public static void CheckComponents(string method, int components, int most, string why)
    {
        if (components < 1 || components > most)
        {
            throw new ArgumentOutOfRangeException(nameof(components), $"{method} cannot fit {components} components here: {why}. Choose --components between 1 and {most}.");
        }
    }
}
