using AlgoLens.Analysis.Interp;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Probes;

/// <summary>
/// A probe's direction used as an intervention, as a (hook name, hook) pair for
/// <see cref="IModel.RunWithHooks(Data.ModelInput, ValueTuple{string, HookFunction}[])"/>: add
/// α·direction to the hook's activation, or project the direction out of it, along the last axis
/// (d_model on residual hooks, d_mlp on MLP neurons, d_head on a head hook's each head), at every
/// position or one. The hook name is a full name or shorthand, resolved as every API resolves it.
/// </summary>
public static class ProbeIntervention
{
    /// <summary>Adds <paramref name="alpha"/> · <paramref name="direction"/> at <paramref name="hookName"/> (at <paramref name="position"/> only, when given).</summary>
    public static (string HookName, HookFunction Hook) Add(string hookName, double[] direction, double alpha, int? position = null)
    {
        CheckDirection(direction);
        return HookEdit.Edit(hookName, new HookSelection(Position: position), part => Apply(part, direction, (x, offset, width) =>
        {
            for (int i = 0; i < width; i++)
            {
                x[offset + i] = (float)(x[offset + i] + alpha * direction[i]);
            }
        }));
    }

    /// <summary>
    /// Removes the component along <paramref name="direction"/> at <paramref name="hookName"/>:
    /// x − (x·u)u with u the unit direction, so that afterwards x·u = 0 (to float rounding).
    /// </summary>
    public static (string HookName, HookFunction Hook) ProjectOut(string hookName, double[] direction, int? position = null)
    {
        CheckDirection(direction);
        double norm = Math.Sqrt(direction.Sum(v => v * v));
        var unit = direction.Select(v => v / norm).ToArray();
        return HookEdit.Edit(hookName, new HookSelection(Position: position), part => Apply(part, unit, (x, offset, width) =>
        {
            double along = 0;
            for (int i = 0; i < width; i++)
            {
                along += x[offset + i] * unit[i];
            }
            for (int i = 0; i < width; i++)
            {
                x[offset + i] = (float)(x[offset + i] - along * unit[i]);
            }
        }));
    }

    private static void CheckDirection(double[] direction)
    {
        ArgumentNullException.ThrowIfNull(direction);
        if (direction.Length == 0 || direction.Any(v => !double.IsFinite(v)) || direction.All(v => v == 0))
        {
            throw new ArgumentException("The direction must be non-empty, finite and non-zero; pass a probe's weights (ProbeResult.Direction).", nameof(direction));
        }
    }

    // The selected part with each last-axis vector edited in place on a copy.
    private static Tensor Apply(Tensor part, double[] direction, Action<float[], int, int> edit)
    {
        int width = part.Shape[^1];
        if (width != direction.Length)
        {
            throw new ArgumentException($"The direction has {direction.Length} entries but the hook's last axis has {width}; probe the same hook you intervene on.");
        }
        var data = part.ToArray();
        for (int offset = 0; offset < data.Length; offset += width)
        {
            edit(data, offset, width);
        }
        return new Tensor(data, part.Shape);
    }
}
