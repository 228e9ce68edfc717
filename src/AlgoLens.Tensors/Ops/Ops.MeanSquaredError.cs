namespace AlgoLens.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Weighted mean squared error of predictions [rows, width] against real targets, for real-valued
    /// tasks (e.g. the importance-weighted loss of a toy model of superposition):
    /// <c>loss = Σ_{read rows r} Σ_j w_j·(pred[r, j] - target[r, j])² / (readRows · width)</c>,
    /// i.e. the mean over every (read row, output) pair of the weighted squared error. With no
    /// weights every w_j is 1 (plain MSE); with no mask every row is read.
    /// </summary>
    /// <remarks>
    /// The weights do not enter the denominator (as in Elhage et al.'s notebook, where importance
    /// multiplies the error before the mean), so halving every weight halves the loss. Rows are the
    /// caller's choice: a model with several independent instances flattens [batch, instance] into
    /// rows, and this mean is then also over instances; the notebook's loss (mean over batch and
    /// features, summed over instances) is this loss times the number of instances. The sum runs in
    /// float64 in row order, so the result does not depend on the thread count.
    /// </remarks>
    /// <param name="predictions">[rows, width].</param>
    /// <param name="targets">[rows, width] values, row-major.</param>
    /// <param name="weights">Per-output weights [width]; null for all ones.</param>
    /// <param name="rowMask">[rows], true where the loss reads the row; null to read every row.</param>
    /// <param name="loss">The exact (double) loss.</param>
    /// <returns>The loss as a scalar tensor, differentiable with respect to <paramref name="predictions"/>.</returns>
    /// <exception cref="ArgumentException">Shapes do not agree, a weight is not finite, or no row is read.</exception>
    public static Tensor MeanSquaredError(Tensor predictions, ReadOnlySpan<float> targets, float[]? weights, bool[]? rowMask, out double loss)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Rank != 2)
        {
            throw new ArgumentException($"MeanSquaredError: predictions must be [rows, width]; got {predictions.ShapeString}. Reshape [batch, pos, width] to [batch*pos, width] first.");
        }
        int rows = predictions.Dims[0];
        int width = predictions.Dims[1];
        if (targets.Length != predictions.Size)
        {
            throw new ArgumentException($"MeanSquaredError: {targets.Length} target values for predictions of shape {predictions.ShapeString} (need {predictions.Size}).");
        }
        if (weights is not null && weights.Length != width)
        {
            throw new ArgumentException($"MeanSquaredError: {weights.Length} weights for {width} outputs per row; give one weight per output, or null for equal weights.");
        }
        if (weights is not null && weights.Any(w => !float.IsFinite(w)))
        {
            throw new ArgumentException("MeanSquaredError: every weight must be a finite number.");
        }
        if (rowMask is not null && rowMask.Length != rows)
        {
            throw new ArgumentException($"MeanSquaredError: the row mask has {rowMask.Length} entries for {rows} rows.");
        }
        int readRows = rowMask is null ? rows : rowMask.Count(m => m);
        if (readRows == 0)
        {
            throw new ArgumentException("MeanSquaredError: no row is read (the mask is all false); the mean of nothing is undefined.");
        }

        var pred = predictions.Data;
        // The backward needs pred - target; keep it rather than the targets themselves (0 on
        // masked rows, hence zeroed).
        var difference = MemoryScope.ScratchZeroed(predictions.Size);
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            if (rowMask is not null && !rowMask[r])
            {
                continue;
            }
            int offset = r * width;
            for (int j = 0; j < width; j++)
            {
                double d = (double)pred[offset + j] - targets[offset + j];
                difference[offset + j] = (float)d;
                total += (weights is null ? 1.0 : weights[j]) * d * d;
            }
        }
        double count = (double)readRows * width;
        loss = total / count;
        var weightCopy = weights is null ? null : (float[])weights.Clone();
        return Tensor.FromOp([(float)loss], [], "MeanSquaredError", [predictions], g =>
        {
            // d loss / d pred = 2·w_j·(pred - target) / count on read rows, 0 elsewhere (difference is 0 there).
            var gp = predictions.GradBuffer();
            double scale = 2.0 * g[0] / count;
            for (int r = 0; r < rows; r++)
            {
                int offset = r * width;
                for (int j = 0; j < width; j++)
                {
                    double w = weightCopy is null ? 1.0 : weightCopy[j];
                    gp[offset + j] += (float)(scale * w * difference[offset + j]);
                }
            }
        });
    }

    /// <summary>Weighted mean squared error (see the overload with the exact loss).</summary>
    public static Tensor MeanSquaredError(Tensor predictions, ReadOnlySpan<float> targets, float[]? weights = null, bool[]? rowMask = null) =>
        MeanSquaredError(predictions, targets, weights, rowMask, out _);
}
