using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Dictionary;

/// <summary>
/// A toy model of superposition's activations (Elhage et al. 2022): n sparse features (each active
/// with probability p, magnitude U(0, 1)) written into m &lt; n dimensions by W [m, n] with random
/// unit columns; x = W·f. The planted answer is W's columns.
/// </summary>
internal sealed class SaeToyData
{
    public SaeToyData(int rows, int m, int n, double p, ulong seed)
    {
        var rng = new Rng(seed);
        Columns = new double[n, m];
        for (int i = 0; i < n; i++)
        {
            double norm = 0;
            for (int j = 0; j < m; j++)
            {
                Columns[i, j] = rng.Normal();
                norm += Columns[i, j] * Columns[i, j];
            }
            norm = Math.Sqrt(norm);
            for (int j = 0; j < m; j++)
            {
                Columns[i, j] /= norm;
            }
        }
        var data = new float[rows * m];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < n; i++)
            {
                if (rng.NextDouble() < p)
                {
                    double a = rng.NextDouble();
                    for (int j = 0; j < m; j++)
                    {
                        data[r * m + j] += (float)(a * Columns[i, j]);
                    }
                }
            }
        }
        Activations = new Tensor(data, rows, m);
    }

    /// <summary>W's columns as rows, [n, m], unit norm.</summary>
    public double[,] Columns { get; }

    /// <summary>x = W·f per row, [rows, m].</summary>
    public Tensor Activations { get; }

    /// <summary>The rows as doubles, for Encode and Reconstruct.</summary>
    public double[,] Rows()
    {
        int rows = Activations.Shape[0], m = Activations.Shape[1];
        var result = new double[rows, m];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < m; j++)
            {
                result[r, j] = Activations.Data[r * m + j];
            }
        }
        return result;
    }

    /// <summary>
    /// A one-to-one matching of atoms to planted columns, greedy by decreasing cosine
    /// (an autoencoder's atoms have a sign), counting pairs at or above <paramref name="threshold"/>. Any
    /// one-to-one matching's count is at most the best one's, so asserting on it is safe.
    /// </summary>
    public int Matched(double[,] atoms, double threshold)
    {
        int k = atoms.GetLength(0), n = Columns.GetLength(0), m = Columns.GetLength(1);
        var pairs = new List<(double Cos, int Atom, int Column)>();
        for (int a = 0; a < k; a++)
        {
            double atomNorm = 0;
            for (int j = 0; j < m; j++)
            {
                atomNorm += atoms[a, j] * atoms[a, j];
            }
            atomNorm = Math.Sqrt(atomNorm);
            for (int c = 0; c < n; c++)
            {
                double dot = 0;
                for (int j = 0; j < m; j++)
                {
                    dot += atoms[a, j] * Columns[c, j];
                }
                double cos = dot / atomNorm;
                if (cos >= threshold)
                {
                    pairs.Add((cos, a, c));
                }
            }
        }
        var atomUsed = new bool[k];
        var columnUsed = new bool[n];
        int matched = 0;
        foreach (var (_, a, c) in pairs.OrderByDescending(x => x.Cos).ThenBy(x => x.Atom).ThenBy(x => x.Column))
        {
            if (!atomUsed[a] && !columnUsed[c])
            {
                atomUsed[a] = columnUsed[c] = true;
                matched++;
            }
        }
        return matched;
    }
}
