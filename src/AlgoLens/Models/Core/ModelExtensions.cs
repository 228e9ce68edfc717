using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>Conveniences every model kind gets from its parameters.</summary>
public static class ModelExtensions
{
    /// <summary>The parameters that train (RequiresGrad), in state-dict order.</summary>
    public static IReadOnlyList<Tensor> TrainableTensors(this IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Parameters.Tensors.Where(p => p.RequiresGrad).ToList();
    }

    /// <summary>Sum over all parameters of the sum of squared entries (a progress measure of grokking).</summary>
    public static double SquaredWeightSum(this IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double total = 0;
        foreach (var p in model.Parameters.Tensors)
        {
            foreach (float v in p.Data)
            {
                total += (double)v * v;
            }
        }
        return total;
    }

    /// <summary>
    /// TransformerLens's name-filter hooks as (full name, hook) pairs: for each (filter, hook) in
    /// order, the hook at every hook point, in forward order, whose full name passes the filter (so
    /// hooks at one point run in the order given, as TransformerLens adds them). A filter that
    /// matches no hook point is an error, not a silent no-op.
    /// </summary>
    public static (string HookName, HookFunction Hook)[] HooksWhere(this IModel model, params (Func<string, bool> Filter, HookFunction Hook)[] hooks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(hooks);
        var pairs = new List<(string, HookFunction)>();
        for (int i = 0; i < hooks.Length; i++)
        {
            var (filter, hook) = hooks[i];
            ArgumentNullException.ThrowIfNull(filter);
            ArgumentNullException.ThrowIfNull(hook);
            int before = pairs.Count;
            pairs.AddRange(model.HookPoints.Where(p => filter(p.Name)).Select(p => (p.Name, hook)));
            if (pairs.Count == before)
            {
                throw new ArgumentException($"The name filter of hook {i} matches none of this {model.Kind} model's {model.HookPoints.Count} hook points (e.g. {string.Join(", ", model.HookPoints.Take(3).Select(p => p.Name))}); a hook that never runs is a mistake, not a no-op.");
            }
        }
        return pairs.ToArray();
    }
}
