using AlgoLens.Data;
using AlgoLens.Tensors;

namespace AlgoLens.Training;

/// <summary>
/// The loss of a batch, read where its targets say: cross-entropy (float64 log-sum-exp) over the
/// class targets at loss positions, mean over the positions read (PyTorch's ignore_index = -1
/// semantics); or mean squared error over real targets (<see cref="Ops.MeanSquaredError(Tensor, ReadOnlySpan{float}, float[], bool[], out double)"/>:
/// the weighted squared errors summed over the rows read and divided by rows × width), weighted per
/// output when the targets carry weights (importance-weighted MSE of toy models of superposition).
/// </summary>
public static class TrainingLoss
{
    /// <summary>
    /// The loss of <paramref name="outputs"/> ([batch, positions.Length, width]: the model's outputs at
    /// <paramref name="positions"/>) against <paramref name="targets"/>, and its value.
    /// </summary>
    public static Tensor Compute(Tensor outputs, Targets targets, int[] positions, out double value)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(positions);
        int batch = targets.Batch, read = positions.Length;
        if (targets.Classes is not null)
        {
            var labels = ClassesAt(targets, positions);
            var flat = Ops.Reshape(outputs, batch * read, -1); // [batch·read, classes]
            var valid = ValidRows(labels);
            if (valid is null)
            {
                return Ops.CrossEntropy(flat, labels, out value);
            }
            var kept = valid.Select(i => labels[i]).ToArray();
            return Ops.CrossEntropy(Ops.IndexSelect(flat, 0, valid), kept, out value);
        }
        var (values, rowMask) = RowsAt(targets, positions);
        if (targets.HasPositionWeights)
        {
            return PositionWeighted(outputs, targets, positions, values, rowMask, out value);
        }
        var rows = Ops.Reshape(outputs, batch * read, targets.Width); // [batch·read, width]
        return Ops.MeanSquaredError(rows, values, targets.Weights, rowMask, out value);
    }

    /// <summary>
    /// The weighted MSE when each position has its own weights: a row is then a whole example,
    /// [batch, read·width], weighted by the read positions' weights side by side. The mean is over
    /// the same batch·read·width terms as the per-output case, so the two agree where both apply.
    /// </summary>
    private static Tensor PositionWeighted(Tensor outputs, Targets targets, int[] positions, float[] values, bool[] rowMask, out double value)
    {
        if (Array.IndexOf(rowMask, false) >= 0)
        {
            throw new ArgumentException("Targets with one row of loss weights per position need every position read (the loss mask is all true); mask the weights to 0 instead of masking positions.");
        }
        int read = positions.Length, width = targets.Width;
        var weights = new float[read * width];
        for (int i = 0; i < read; i++)
        {
            Array.Copy(targets.Weights!, positions[i] * width, weights, i * width, width);
        }
        var rows = Ops.Reshape(outputs, targets.Batch, read * width); // [batch, read·width]
        return Ops.MeanSquaredError(rows, values, weights, null, out value);
    }

    /// <summary>Real targets at the positions, [batch·read, width], and which of those rows the loss reads.</summary>
    internal static (float[] Values, bool[] RowMask) RowsAt(Targets targets, int[] positions)
    {
        int read = positions.Length, width = targets.Width;
        if (read == targets.Positions && IsEachPositionInOrder(positions) && Array.IndexOf(targets.LossMask, true) >= 0)
        {
            // Every position, in order: the targets are already these rows (a sampled task's
            // whole batch, 20 MB for the toy model at 512 features, is not copied every step).
            // An all-false mask takes the copying path, which refuses it.
            return (targets.Values!, targets.LossMask);
        }
        var values = new float[targets.Batch * read * width];
        var mask = new bool[targets.Batch * read];
        for (int b = 0; b < targets.Batch; b++)
        {
            for (int i = 0; i < read; i++)
            {
                int slot = b * targets.Positions + positions[i];
                mask[b * read + i] = targets.LossMask[slot];
                Array.Copy(targets.Values!, slot * width, values, (b * read + i) * width, width);
            }
        }
        if (!mask.Any(m => m))
        {
            throw new ArgumentException("No position of this batch carries loss (the loss mask is all false).");
        }
        return (values, mask);
    }

    private static bool IsEachPositionInOrder(int[] positions)
    {
        for (int i = 0; i < positions.Length; i++)
        {
            if (positions[i] != i)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The class targets at <paramref name="positions"/>, [batch, positions.Length] row-major.</summary>
    public static int[] ClassesAt(Targets targets, int[] positions)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(positions);
        var classes = targets.Classes ?? throw new ArgumentException("These targets are real values, not classes.");
        var labels = new int[targets.Batch * positions.Length];
        for (int b = 0; b < targets.Batch; b++)
        {
            for (int i = 0; i < positions.Length; i++)
            {
                labels[b * positions.Length + i] = classes[b * targets.Positions + positions[i]];
            }
        }
        return labels;
    }

    /// <summary>Rows whose label is read (≥ 0), or null when every row is.</summary>
    internal static int[]? ValidRows(int[] labels)
    {
        if (Array.TrueForAll(labels, l => l >= 0))
        {
            return null;
        }
        var valid = Enumerable.Range(0, labels.Length).Where(i => labels[i] >= 0).ToArray();
        if (valid.Length == 0)
        {
            throw new ArgumentException("No position of this batch carries loss (every class target is -1).");
        }
        return valid;
    }
}
