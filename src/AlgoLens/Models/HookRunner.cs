using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>
/// The hooks and cache of one forward call (made by <see cref="ModelBase"/>). Every hook point of the model passes its activation
/// through <c>Apply</c>; hooks live only as long as this object, i.e. one call.
/// </summary>
public sealed class HookRunner
{
    private readonly IReadOnlyList<(string Name, HookFunction Hook)> hooks;
    private readonly Func<string, bool>? cacheFilter;
    private readonly bool retainGrads;

    internal HookRunner(IReadOnlyList<(string Name, HookFunction Hook)>? hooks = null, Func<string, bool>? cacheFilter = null, bool retainGrads = false)
    {
        this.hooks = hooks ?? [];
        this.cacheFilter = cacheFilter;
        this.retainGrads = retainGrads;
    }

    /// <summary>No hooks and no cache.</summary>
    internal static HookRunner None { get; } = new();

    /// <summary>
    /// Whether this is a plain call (<see cref="None"/>: <c>Forward</c>, not <c>RunWithHooks</c> or
    /// <c>RunWithCache</c>): only then do the blocks take their fused ops. The fused attention and MLP
    /// agree with the unfused ops to rounding, not bit for bit, and analyses compare hooked and cached
    /// runs exactly: a filtered cache with the full cache, a patched run with <c>RunWithHooks</c> of
    /// no hooks. Every hooked or cached run therefore takes the unfused ops.
    /// </summary>
    internal bool ObservesNothing => ReferenceEquals(this, None);

    /// <summary>Activations cached so far, in forward order.</summary>
    internal Dictionary<string, Tensor> Cache { get; } = [];

    /// <summary>
    /// Whether anything reads or replaces the activation at <paramref name="point"/> (a hook on it, or
    /// the cache keeping it): fused ops that never form that activation must then take the path that does.
    /// </summary>
    public bool Observes(HookPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        // A loop, not LINQ: the plain forward asks this for every fused op of every block, every step.
        for (int i = 0; i < hooks.Count; i++)
        {
            if (hooks[i].Name == point.Name)
            {
                return true;
            }
        }
        return cacheFilter is not null && cacheFilter(point.Name);
    }

    /// <summary>Passes an activation through its hook point: runs the hooks on it, caches it if asked.</summary>
    public Tensor Apply(HookPoint point, Tensor activation) => Apply(point.Name, activation);

    /// <summary>Passes an activation through the hook point named <paramref name="name"/>.</summary>
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
