using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>
/// The hooks and cache of one forward call. Every hook point of the model passes its activation
/// through <see cref="Apply"/>; hooks live only as long as this object, i.e. one call.
/// </summary>
internal sealed class HookRunner
{
    private readonly IReadOnlyList<(string Name, HookFunction Hook)> hooks;
    private readonly Func<string, bool>? cacheFilter;
    private readonly bool retainGrads;

    public HookRunner(IReadOnlyList<(string Name, HookFunction Hook)>? hooks = null, Func<string, bool>? cacheFilter = null, bool retainGrads = false)
    {
        this.hooks = hooks ?? [];
        this.cacheFilter = cacheFilter;
        this.retainGrads = retainGrads;
    }

    /// <summary>No hooks and no cache.</summary>
    public static HookRunner None { get; } = new();

    /// <summary>Activations cached so far, in forward order.</summary>
    public Dictionary<string, Tensor> Cache { get; } = [];

    public Tensor Apply(string name, Tensor activation)
    {
        foreach (var (hookName, hook) in hooks)
        {
            if (hookName != name)
            {
                continue;
            }
            var replacement = hook(activation, name);
            if (replacement is not null)
            {
                if (!replacement.Shape.SequenceEqual(activation.Shape))
                {
                    throw new InvalidOperationException($"The hook on '{name}' returned shape {replacement.ShapeString}; it must keep the activation's shape {activation.ShapeString}.");
                }
                activation = replacement;
            }
        }
        if (cacheFilter is not null && cacheFilter(name))
        {
            if (retainGrads && activation.RequiresGrad)
            {
                activation.RetainGrad();
            }
            Cache[name] = activation;
        }
        return activation;
    }
}
