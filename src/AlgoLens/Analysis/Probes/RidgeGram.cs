using System.Numerics.Tensors;

namespace AlgoLens.Analysis.Probes;

/// <summary>
/// What the ridge probe's normal equations need of the features alone, whatever the targets and
/// decay: the column means, the centred rows (flat, row-major) and the Gram matrix XcᵀXc/n (its
/// lower triangle). <see cref="Probe.Regress"/> builds one per set of rows and reuses it across
/// the decay grid and the control task.
/// </summary>
internal sealed class RidgeGram
{
    public RidgeGram(double[,] features)
    {
        Count = features.GetLength(0);
        Width = features.GetLength(1);
        int n = Count, d = Width;
        Mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++)
            {
                Mean[i] += features[r, i];
            }
        }
        for (int i = 0; i < d; i++)
        {
            Mean[i] /= n;
        }
        Centred = new double[n * d];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++)
            {
                Centred[r * d + i] = features[r, i] - Mean[i];
            }
        }
        // Row i of the lower triangle accumulates Σ_r x_ri · x_r[0..i], vectorised over the row.
        var lower = new double[d * d];
        for (int r = 0; r < n; r++)
        {
            var row = Centred.AsSpan(r * d, d);
            for (int i = 0; i < d; i++)
            {
                var target = lower.AsSpan(i * d, i + 1);
                TensorPrimitives.MultiplyAdd(row[..(i + 1)], row[i], target, target);
            }
        }
        Gram = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                Gram[i, j] = lower[i * d + j] / n;
                Gram[j, i] = Gram[i, j];
            }
        }
    }

    /// <summary>Rows n.</summary>
    public int Count { get; }

    /// <summary>Columns d.</summary>
    public int Width { get; }

    /// <summary>Column means [d].</summary>
    public double[] Mean { get; }

    /// <summary>The rows minus the means, [n · d] row-major.</summary>
    public double[] Centred { get; }

    /// <summary>XcᵀXc / n [d, d], symmetric.</summary>
    public double[,] Gram { get; }
}
