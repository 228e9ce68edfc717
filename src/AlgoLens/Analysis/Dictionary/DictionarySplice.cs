using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The model's loss with a hook's activation at one position replaced: by a dictionary's
/// reconstruction (spliced in), by zeros, or by the mean over the rows the dictionary was fitted
/// on. A reconstruction that keeps what the model uses keeps the loss near the clean loss; the
/// ablations say how far "nothing kept" is.
/// </summary>
public static class DictionarySplice
{
    /// <summary>
    /// A hook for <see cref="IModel.RunWithHooks(ModelInput, ValueTuple{string, HookFunction}[])"/>
    /// that replaces the rows at <paramref name="position"/> of <paramref name="hookName"/> (full
    /// name or shorthand) by <paramref name="replace"/>(rows) ([batch, width] → [batch, width]),
    /// leaving every other position as it was.
    /// </summary>
    public static (string HookName, HookFunction Hook) Hook(string hookName, int position, Func<double[,], double[,]> replace)
    {
        ArgumentException.ThrowIfNullOrEmpty(hookName);
        ArgumentNullException.ThrowIfNull(replace);
        return (hookName, (activation, hook) =>
        {
            var (q, width) = DictionaryActivations.Layout(hook, activation.Shape, position);
            int batch = activation.Shape[0], length = activation.Shape[1];
            var rows = new double[batch, width];
            var data = activation.ToArray();
            for (int b = 0; b < batch; b++)
            {
                for (int i = 0; i < width; i++)
                {
                    rows[b, i] = data[(b * length + q) * width + i];
                }
            }
            var replaced = replace(rows);
            if (replaced.GetLength(0) != batch || replaced.GetLength(1) != width)
            {
                throw new InvalidOperationException($"The replacement of '{hook}' at position {q} is [{replaced.GetLength(0)}, {replaced.GetLength(1)}]; it must keep the rows' shape [{batch}, {width}].");
            }
            for (int b = 0; b < batch; b++)
            {
                for (int i = 0; i < width; i++)
                {
                    data[(b * length + q) * width + i] = (float)replaced[b, i];
                }
            }
            return new Tensor(data, activation.Shape);
        });
    }

    /// <summary>
    /// The loss of <paramref name="examples"/> clean, with <paramref name="dictionary"/>'s
    /// reconstruction spliced in at <paramref name="hookName"/>, <paramref name="position"/>, and
    /// with the rows zero- and mean-ablated (<paramref name="mean"/>: the mean row, [width]). The
    /// loss is read at the task's loss positions from <paramref name="position"/> on (those a
    /// change there can reach), as training reads it (cross-entropy or weighted MSE).
    /// </summary>
    public static SpliceLosses Measure(IModel model, ExampleBatch examples, string hookName, int position, DictionaryResult dictionary, double[] mean)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(dictionary);
        ArgumentNullException.ThrowIfNull(mean);
        string full = DictionaryActivations.Resolve(model, hookName);
        int length = examples.Input.Positions;
        int q = position < 0 ? position + length : position;
        var positions = examples.Targets.LossPositions().Where(p => p >= q).ToArray();
        if (positions.Length == 0)
        {
            throw new ArgumentException($"No loss is read at position {position} or after it, so splicing there cannot change the loss; choose a position at or before the task's loss positions ({string.Join(", ", examples.Targets.LossPositions())}).", nameof(position));
        }
        double Loss(params (string, HookFunction)[] hooks) => LossWith(model, examples, positions, hooks);
        return new SpliceLosses(
            Clean: Loss(),
            Spliced: Loss(Hook(full, q, dictionary.Reconstruct)),
            ZeroAblated: Loss(Hook(full, q, rows => new double[rows.GetLength(0), rows.GetLength(1)])),
            MeanAblated: Loss(Hook(full, q, rows => Repeat(mean, rows.GetLength(0), rows.GetLength(1)))));
    }

    private static double[,] Repeat(double[] row, int count, int width)
    {
        if (row.Length != width)
        {
            throw new ArgumentException($"The mean row has {row.Length} entries but the hook's rows have {width}.");
        }
        var result = new double[count, width];
        for (int b = 0; b < count; b++)
        {
            for (int i = 0; i < width; i++)
            {
                result[b, i] = row[i];
            }
        }
        return result;
    }

    // Mean loss over the read slots, chunk by chunk (each chunk weighted by the slots it reads).
    private static double LossWith(IModel model, ExampleBatch examples, int[] positions, (string, HookFunction)[] hooks)
    {
        using var noGrad = Tensor.NoGrad();
        double total = 0, read = 0;
        for (int start = 0; start < examples.Count; start += DictionaryActivations.RowsPerPass)
        {
            int n = Math.Min(DictionaryActivations.RowsPerPass, examples.Count - start);
            using var memory = MemoryScope.Begin();
            var chunk = n == examples.Count ? examples : examples.SelectRows(Enumerable.Range(start, n).ToArray());
            var outputs = model.RunWithHooks(chunk.Input, hooks); // [n, pos, width]
            var selected = Ops.IndexSelect(outputs, 1, positions);
            TrainingLoss.Compute(selected, chunk.Targets, positions, out double value);
            double slots = Slots(chunk.Targets, positions);
            total += value * slots;
            read += slots;
        }
        return total / read;
    }

    private static double Slots(Targets targets, int[] positions)
    {
        double slots = 0;
        for (int b = 0; b < targets.Batch; b++)
        {
            foreach (int p in positions)
            {
                int slot = b * targets.Positions + p;
                slots += targets.Classes is { } classes ? (classes[slot] >= 0 ? 1 : 0) : (targets.LossMask[slot] ? 1 : 0);
            }
        }
        return slots;
    }
}

/// <summary>The losses of <see cref="DictionarySplice.Measure"/>.</summary>
/// <param name="Clean">The model's own loss.</param>
/// <param name="Spliced">With the reconstruction spliced in.</param>
/// <param name="ZeroAblated">With the rows set to zero.</param>
/// <param name="MeanAblated">With the rows set to the fitted rows' mean.</param>
public sealed record SpliceLosses(double Clean, double Spliced, double ZeroAblated, double MeanAblated)
{
    /// <summary>
    /// The share of the mean ablation's loss increase that the reconstruction recovers:
    /// (mean-ablated − spliced) / (mean-ablated − clean); 1 is as good as clean, 0 as bad as the
    /// mean. NaN when mean ablation does not raise the loss.
    /// </summary>
    public double LossRecovered => MeanAblated - Clean > 0 ? (MeanAblated - Spliced) / (MeanAblated - Clean) : double.NaN;
}
