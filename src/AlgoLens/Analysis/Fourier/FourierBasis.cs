using System.Globalization;

namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// The real orthonormal Fourier basis of Z_p for odd p, as in Nanda et al. 2023: row 0 is the
/// constant 1/√p; for k = 1 .. (p−1)/2, rows 2k−1 and 2k are cos(2πkx/p) and sin(2πkx/p), each
/// scaled to unit norm (by √(2/p)). F·Fᵀ = I, so F·x gives the coordinates of x in this basis and
/// Fᵀ·y maps them back.
/// </summary>
public sealed class FourierBasis
{
    private readonly double[] matrix; // [p, p]
    private readonly float[] matrixSingle; // [p, p], for float32 GEMMs

    /// <summary>Builds the basis for Z_p.</summary>
    /// <exception cref="ArgumentException">p is even or below 3: the cos/sin pairs then do not
    /// fill p rows (even p has an extra Nyquist row this basis does not define).</exception>
    public FourierBasis(int p)
    {
        if (p < 3 || p % 2 == 0)
        {
            throw new ArgumentException($"The Fourier basis of Z_p is defined here for odd p ≥ 3; got p = {p}. Use an odd modulus such as 113.", nameof(p));
        }
        P = p;
        matrix = new double[p * p];
        double constant = 1.0 / Math.Sqrt(p);
        double scale = Math.Sqrt(2.0 / p);
        for (int x = 0; x < p; x++)
        {
            matrix[x] = constant;
        }
        for (int k = 1; k <= Frequencies; k++)
        {
            for (int x = 0; x < p; x++)
            {
                // k·x mod p keeps the angle in [0, 2π) so large k·x lose no precision.
                double angle = 2 * Math.PI * ((long)k * x % p) / p;
                matrix[(2 * k - 1) * p + x] = scale * Math.Cos(angle);
                matrix[2 * k * p + x] = scale * Math.Sin(angle);
            }
        }
        matrixSingle = Array.ConvertAll(matrix, v => (float)v);
    }

    /// <summary>The modulus.</summary>
    public int P { get; }

    /// <summary>Number of non-constant frequencies, (p − 1) / 2.</summary>
    public int Frequencies => (P - 1) / 2;

    /// <summary>F as a row-major [p, p] array in float64 (a copy).</summary>
    public double[] ToArray() => (double[])matrix.Clone();

    /// <summary>F as a row-major [p, p] array in float32, shared: do not modify.</summary>
    internal ReadOnlySpan<float> SingleMatrix => matrixSingle;

    /// <summary>F as a row-major [p, p] array in float64, shared: do not modify.</summary>
    internal ReadOnlySpan<double> Matrix => matrix;

    /// <summary>F[row, x].</summary>
    public double this[int row, int x] =>
        (uint)x < (uint)P ? matrix[CheckedRow(row) * P + x] : throw new ArgumentOutOfRangeException(nameof(x), $"x = {x} is outside 0 .. {P - 1}.");

    /// <summary>Row index of cos(w_k x): 2k − 1.</summary>
    public int CosRow(int frequency) => 2 * CheckedFrequency(frequency) - 1;

    /// <summary>Row index of sin(w_k x): 2k.</summary>
    public int SinRow(int frequency) => 2 * CheckedFrequency(frequency);

    /// <summary>The frequency k of a row: 0 for the constant row, k for rows 2k − 1 and 2k.</summary>
    public int FrequencyOfRow(int row) => (CheckedRow(row) + 1) / 2;

    /// <summary>A row's name, as in the paper's plots: "const", "cos 1", "sin 1", ...</summary>
    public string RowName(int row)
    {
        int k = FrequencyOfRow(row);
        return row == 0 ? "const" : string.Create(CultureInfo.InvariantCulture, $"{(row % 2 == 1 ? "cos" : "sin")} {k}");
    }

    /// <summary>Every row's name, in row order.</summary>
    public IReadOnlyList<string> RowNames() => Enumerable.Range(0, P).Select(RowName).ToArray();

    /// <summary>w_k = 2πk / p.</summary>
    public double AngularFrequency(int frequency) => 2 * Math.PI * CheckedFrequency(frequency) / P;

    /// <summary>Throws unless every frequency is in 1 .. (p − 1)/2.</summary>
    internal void CheckFrequencies(IEnumerable<int> frequencies, string parameterName)
    {
        foreach (int k in frequencies)
        {
            if (k < 1 || k > Frequencies)
            {
                throw new ArgumentException($"Frequency {k} is outside 1 .. {Frequencies}, the frequencies of Z_{P}.", parameterName);
            }
        }
    }

    private int CheckedRow(int row) =>
        (uint)row < (uint)P ? row : throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside 0 .. {P - 1}.");

    private int CheckedFrequency(int frequency) =>
        frequency >= 1 && frequency <= Frequencies
            ? frequency
            : throw new ArgumentOutOfRangeException(nameof(frequency), $"Frequency {frequency} is outside 1 .. {Frequencies}.");
}
