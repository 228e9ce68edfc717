using AlgoLens.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// The logits' components along cos(w_k(a+b)) and sin(w_k(a+b)) for a set of key frequencies,
/// with the restricted and excluded logits of Nanda et al. 2023; for (a − b) mod p, along
/// cos/sin(w_k(a−b)) (in general a + s·b, the <see cref="CyclicOperation"/>'s sign s). Logits are
/// [p², p] (row a·p + b, the last position); each output column is projected over the p² inputs
/// onto the orthonormal directions of <see cref="CosDirection"/> and <see cref="SinDirection"/>,
/// in float64.
/// </summary>
/// <remarks>
/// Restricted logits = the constant component (each column's mean over the inputs) plus the key
/// components; excluded logits = the logits minus the key components. A model that computes
/// Σ_k α_k cos(w_k(a + s·b − c)) has restricted logits equal to its logits and excluded logits
/// constant per input (loss ln p).
/// </remarks>
public sealed class KeyFrequencyLogits
{
    private readonly int p;
    private readonly CyclicOperation operation;
    private readonly int[] keys;
    private readonly double[] logits; // [p², p]
    private readonly double[] columnMeans; // [p]
    private readonly double[][] directions; // [2K][p²]: cos k₁, sin k₁, cos k₂, ...
    private readonly double[][] coefficients; // [2K][p]: each direction's projection, per output

    /// <summary>Decomposes <paramref name="logits"/> [p², p] along the key frequencies.</summary>
    /// <param name="basis">The Fourier basis of Z_p.</param>
    /// <param name="logits">Logits [p², p], row a·p + b.</param>
    /// <param name="frequencies">The key frequencies, in 1 .. (p − 1)/2.</param>
    /// <param name="operation">The task's operation, which fixes the directions and the labels; null for addition.</param>
    public KeyFrequencyLogits(FourierBasis basis, Tensor logits, IReadOnlyList<int> frequencies, CyclicOperation? operation = null)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(frequencies);
        p = basis.P;
        int cells = p * p;
        if (logits.Rank != 2 || logits.Shape[0] != cells || logits.Shape[1] != p)
        {
            throw new ArgumentException($"Logits must be [{cells}, {p}] (row a·{p} + b, the last position); got {logits.ShapeString}.", nameof(logits));
        }
        basis.CheckFrequencies(frequencies, nameof(frequencies));
        this.operation = operation ?? CyclicOperation.Add;
        keys = frequencies.Distinct().Order().ToArray();
        this.logits = new double[logits.Size];
        TensorPrimitives.ConvertChecked<float, double>(logits.Data, this.logits);
        directions = keys.SelectMany(k => new[] { CosDirection(basis, k, this.operation), SinDirection(basis, k, this.operation) }).ToArray();
        coefficients = new double[directions.Length][];
        columnMeans = new double[p];
        for (int d = 0; d < directions.Length; d++)
        {
            coefficients[d] = new double[p];
        }
        for (int i = 0; i < cells; i++)
        {
            var row = this.logits.AsSpan(i * p, p);
            TensorPrimitives.Add(columnMeans, row, columnMeans);
            for (int d = 0; d < directions.Length; d++)
            {
                TensorPrimitives.MultiplyAdd(row, directions[d][i], coefficients[d], coefficients[d]);
            }
        }
        TensorPrimitives.Divide(columnMeans, (double)cells, columnMeans);
    }

    /// <summary>The key frequencies, distinct and ascending.</summary>
    public IReadOnlyList<int> Frequencies => keys;

    /// <summary>The operation whose directions and labels are used.</summary>
    public CyclicOperation Operation => operation;

    /// <summary>
    /// The unit vector cos(w_k(a+b)) over the flattened (a, b) axis, as grokking.md defines it:
    /// (F[2k−1]⊗F[2k−1] − F[2k]⊗F[2k])/√2, which equals √2/p·cos(w_k(a+b)). For an operation with
    /// sign s, cos(w_k(a + s·b)) = (F[2k−1]⊗F[2k−1] − s·F[2k]⊗F[2k])/√2: for a − b the plus sign.
    /// </summary>
    public static double[] CosDirection(FourierBasis basis, int frequency, CyclicOperation? operation = null) =>
        Direction(basis, frequency, sine: false, (operation ?? CyclicOperation.Add).Sign);

    /// <summary>
    /// The unit vector sin(w_k(a+b)): (F[2k]⊗F[2k−1] + F[2k−1]⊗F[2k])/√2 = √2/p·sin(w_k(a+b)); for
    /// sign s, sin(w_k(a + s·b)) = (F[2k]⊗F[2k−1] + s·F[2k−1]⊗F[2k])/√2.
    /// </summary>
    public static double[] SinDirection(FourierBasis basis, int frequency, CyclicOperation? operation = null) =>
        Direction(basis, frequency, sine: true, (operation ?? CyclicOperation.Add).Sign);

    /// <summary>The projection of output c's logits onto cos(w_k(a + s·b)), for a key frequency k.</summary>
    public double CosCoefficient(int frequency, int output) => coefficients[2 * IndexOf(frequency)][output];

    /// <summary>The projection of output c's logits onto sin(w_k(a + s·b)), for a key frequency k.</summary>
    public double SinCoefficient(int frequency, int output) => coefficients[2 * IndexOf(frequency) + 1][output];

    /// <summary>Restricted logits [p², p]: constant plus key components only.</summary>
    public Tensor Restricted() => Materialise(restricted: true);

    /// <summary>Excluded logits [p², p]: the logits with the key components removed.</summary>
    public Tensor Excluded() => Materialise(restricted: false);

    /// <summary>Mean cross-entropy of the original logits on the given inputs and labels.</summary>
    public double Loss(ReadOnlySpan<int> indices, ReadOnlySpan<int> labels) => MeanLoss(indices, labels, Kind.Original);

    /// <summary>Mean cross-entropy of the restricted logits on the given inputs and labels.</summary>
    public double RestrictedLoss(ReadOnlySpan<int> indices, ReadOnlySpan<int> labels) => MeanLoss(indices, labels, Kind.Restricted);

    /// <summary>Mean cross-entropy of the excluded logits on the given inputs and labels.</summary>
    public double ExcludedLoss(ReadOnlySpan<int> indices, ReadOnlySpan<int> labels) => MeanLoss(indices, labels, Kind.Excluded);

    /// <summary>The paper's restricted loss: restricted logits, all p² inputs, labels (a + s·b) mod p.</summary>
    /// <remarks>
    /// The restricted logits depend on (a, b) only through r = (a + s·b) mod p (the key directions
    /// are functions of it), and each r has p inputs, so the mean over the grid is the mean over r
    /// of one representative (a = r, b = 0, whose label is r for either sign): p rows instead of
    /// p². (The directions built from F agree across an r class to ~1e-16.)
    /// </remarks>
    public double RestrictedLossOnAll()
    {
        var representatives = new int[p];
        var labels = new int[p];
        for (int s = 0; s < p; s++)
        {
            representatives[s] = s * p;
            labels[s] = s;
        }
        return RestrictedLoss(representatives, labels);
    }

    /// <summary>The paper's excluded loss: excluded logits on <paramref name="trainIndices"/>, labels (a + s·b) mod p.</summary>
    public double ExcludedLossOn(ReadOnlySpan<int> trainIndices)
    {
        var all = ModularAdditionGrid.Labels(p, operation);
        var labels = new int[trainIndices.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = (uint)trainIndices[i] < (uint)all.Length ? all[trainIndices[i]] : 0; // bad indices are reported by the check
        }
        return ExcludedLoss(trainIndices, labels);
    }

    private enum Kind
    {
        Original,
        Restricted,
        Excluded,
    }

    private double MeanLoss(ReadOnlySpan<int> indices, ReadOnlySpan<int> labels, Kind kind)
    {
        CrossEntropy.CheckTargets(indices, labels, p * p, p);
        var row = new double[p];
        var scratch = new double[p];
        double total = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            FillRow(indices[i], kind, row);
            total += CrossEntropy.Of(row, labels[i], scratch);
        }
        return total / indices.Length;
    }

    private Tensor Materialise(bool restricted)
    {
        var result = new float[p * p * p]; // [p², p]
        var row = new double[p];
        for (int i = 0; i < p * p; i++)
        {
            FillRow(i, restricted ? Kind.Restricted : Kind.Excluded, row);
            for (int c = 0; c < p; c++)
            {
                result[i * p + c] = (float)row[c];
            }
        }
        return new Tensor(result, p * p, p);
    }

    private void FillRow(int input, Kind kind, Span<double> row)
    {
        var original = logits.AsSpan(input * p, p);
        if (kind == Kind.Original)
        {
            original.CopyTo(row);
            return;
        }
        row.Clear();
        for (int d = 0; d < directions.Length; d++)
        {
            TensorPrimitives.MultiplyAdd(coefficients[d], directions[d][input], row, row);
        }
        if (kind == Kind.Restricted)
        {
            TensorPrimitives.Add(row, columnMeans, row);
        }
        else
        {
            TensorPrimitives.Subtract(original, row, row);
        }
    }

    private int IndexOf(int frequency)
    {
        int index = Array.IndexOf(keys, frequency);
        return index >= 0 ? index : throw new ArgumentException($"Frequency {frequency} is not one of the key frequencies [{string.Join(", ", keys)}].", nameof(frequency));
    }

    // cos(w(a + s·b)) = cos wa·cos wb − s·sin wa·sin wb; sin(w(a + s·b)) = sin wa·cos wb + s·cos wa·sin wb.
    // s = ±1 multiplies exactly, so for addition every value is the one of the plain a + b formula.
    private static double[] Direction(FourierBasis basis, int frequency, bool sine, int sign)
    {
        ArgumentNullException.ThrowIfNull(basis);
        int n = basis.P, cos = basis.CosRow(frequency), sin = basis.SinRow(frequency);
        var direction = new double[n * n]; // [p²], index a·p + b
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                double value = sine
                    ? basis[sin, a] * basis[cos, b] + sign * (basis[cos, a] * basis[sin, b])
                    : basis[cos, a] * basis[cos, b] - sign * (basis[sin, a] * basis[sin, b]);
                direction[a * n + b] = value / Math.Sqrt(2);
            }
        }
        return direction;
    }
}
