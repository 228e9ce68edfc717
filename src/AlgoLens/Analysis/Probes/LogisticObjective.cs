using System.Numerics.Tensors;

namespace AlgoLens.Analysis.Probes;

/// <summary>
/// The logistic probe's objective, mean cross-entropy + decay/2 · ‖W‖², and its gradient, on rows
/// copied once into one flat array. Each row costs k dot products and k AXPYs of length d,
/// vectorised by TensorPrimitives, with the class weights held transposed ([k, d]) so that both
/// read contiguous memory; the parameters keep <see cref="LogisticProbe"/>'s layout
/// θ = [W row-major (d·k), b (k)].
/// </summary>
internal sealed class LogisticObjective
{
    private readonly double[] rows;
    private readonly int[] labels;
    private readonly double[] wt;
    private readonly double[] gt;
    private readonly double[] z;

    public LogisticObjective(double[,] features, int[] labels, int classes)
    {
        Count = features.GetLength(0);
        Width = features.GetLength(1);
        Classes = classes;
        rows = new double[Count * Width];
        for (int r = 0; r < Count; r++)
        {
            for (int i = 0; i < Width; i++)
            {
                rows[r * Width + i] = features[r, i];
            }
        }
        this.labels = labels;
        wt = new double[classes * Width];
        gt = new double[classes * Width];
        z = new double[classes];
    }

    public int Count { get; }

    public int Width { get; }

    public int Classes { get; }

    /// <summary>The objective and its gradient at <paramref name="theta"/>.</summary>
    public (double Value, double[] Gradient) Evaluate(double[] theta, double decay)
    {
        int n = Count, d = Width, k = Classes;
        for (int i = 0; i < d; i++)
        {
            for (int c = 0; c < k; c++)
            {
                wt[c * d + i] = theta[i * k + c];
            }
        }
        Array.Clear(gt);
        var grad = new double[theta.Length];
        double loss = 0;
        for (int r = 0; r < n; r++)
        {
            var x = rows.AsSpan(r * d, d);
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                z[c] = theta[d * k + c] + TensorPrimitives.Dot(x, wt.AsSpan(c * d, d));
                max = Math.Max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                z[c] = Math.Exp(z[c] - max);
                sum += z[c];
            }
            int label = labels[r];
            loss -= Math.Log(Math.Max(z[label] / sum, 1e-300));
            for (int c = 0; c < k; c++)
            {
                double residual = (z[c] / sum - (c == label ? 1 : 0)) / n; // ∂CE/∂z = p − onehot, per row
                grad[d * k + c] += residual;
                var g = gt.AsSpan(c * d, d);
                TensorPrimitives.MultiplyAdd(x, residual, g, g);
            }
        }
        double penalty = 0;
        for (int i = 0; i < d; i++)
        {
            for (int c = 0; c < k; c++)
            {
                int j = i * k + c;
                penalty += theta[j] * theta[j];
                grad[j] = gt[c * d + i] + decay * theta[j];
            }
        }
        return (loss / n + decay / 2 * penalty, grad);
    }
}
