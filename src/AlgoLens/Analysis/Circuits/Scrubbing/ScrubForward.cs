using AlgoLens.Analysis.Interp;
using AlgoLens.Common;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// Runs the model on a buffer of rows with every node's activation replaced by its resampled
/// value (part from the part's source, rest from the rest's source, read from the plan's tables),
/// and returns each row's summed cross-entropy over its example's loss positions.
/// </summary>
internal static class ScrubForward
{
    public static double[] Losses(IModel model, ScrubPlan plan, ResampleRows rows)
    {
        int count = rows.Count;
        var input = plan.Examples.Input.SelectRows(rows.Examples.AsSpan(0, count));
        int positions = input.Positions;
        var hooks = new (string, HookFunction)[plan.Nodes.Count];
        for (int n = 0; n < plan.Nodes.Count; n++)
        {
            int node = n;
            hooks[n] = (plan.Nodes[n].Node.Hook, (activation, name) => Replace(activation, name, plan.Nodes[node], node, rows, count, positions));
        }
        using var noGrad = Tensor.NoGrad();
        var logits = model.RunWithHooks(input, hooks);
        return SummedCrossEntropy(logits, plan, rows, count);
    }

    /// <summary>Each example's summed cross-entropy over its loss positions, unmodified model (the same hooked path, no edits).</summary>
    public static double[] CleanLosses(IModel model, ScrubPlan plan, int[] examples)
    {
        var rows = new ResampleRows(plan, examples.Length);
        foreach (int e in examples)
        {
            rows.Add(e, 1);
        }
        using var noGrad = Tensor.NoGrad();
        var logits = model.RunWithHooks(plan.Examples.Input.SelectRows(examples));
        return SummedCrossEntropy(logits, plan, rows, examples.Length);
    }

    private static Tensor Replace(Tensor activation, string hookName, NodeTables table, int node, ResampleRows rows, int count, int positions)
    {
        var source = new float[activation.Size];
        var mask = new bool[activation.Size];
        // The node's head (or the whole hook) as ablation and patching select it, then only the node's positions.
        var selection = table.Node.Selection.Mask(hookName, activation.Shape);
        int width = table.Width, nodePositions = table.Positions.Length;
        for (int b = 0; b < count; b++)
        {
            int rest = rows.RestSource(b, node, nodePositions);
            for (int pi = 0; pi < nodePositions; pi++)
            {
                int part = rows.PartSource(b, node, pi);
                int to = table.ActivationOffset(b, table.Positions[pi], positions);
                int fromPart = table.TableOffset(part, pi), fromRest = table.TableOffset(rest, pi);
                for (int j = 0; j < width; j++)
                {
                    source[to + j] = part == rest ? table.Whole[fromPart + j] : table.Part[fromPart + j] + table.Rest[fromRest + j];
                    mask[to + j] = selection[to + j];
                }
            }
        }
        return ActivationEdit.Replace(activation, new Tensor(source, activation.Shape), mask);
    }

    private static double[] SummedCrossEntropy(Tensor logits, ScrubPlan plan, ResampleRows rows, int count)
    {
        var targets = plan.Examples.Targets.Classes!;
        int positions = plan.Examples.Input.Positions, vocab = logits.Shape[^1];
        var data = logits.Data;
        var losses = new double[count];
        for (int b = 0; b < count; b++)
        {
            int example = rows.Examples[b];
            double sum = 0;
            for (int p = 0; p < positions; p++)
            {
                int target = targets[example * positions + p];
                if (target < 0)
                {
                    continue;
                }
                sum += LogSumExp.CrossEntropy(data.AsSpan((b * positions + p) * vocab, vocab), target);
            }
            losses[b] = sum;
        }
        return losses;
    }
}
