namespace AlgoLens.Models;

/// <summary>
/// A named place in a model's forward pass where an activation can be read (cached) or replaced
/// (hooked), as TransformerLens's HookPoint. The component that computes the activation owns the
/// hook point and defines its name once; the model's list of hook points is the union of its
/// components' in forward order.
/// </summary>
/// <param name="Name">Full name, e.g. <c>blocks.0.attn.hook_pattern</c>.</param>
/// <param name="Shape">The activation's shape in words, e.g. "[batch, head, q_pos, k_pos]".</param>
public sealed record HookPoint(string Name, string Shape)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// The hook points of a model, in forward order, filled by its components as they are built. A
/// point declared with a switch (TransformerLens's <c>use_attn_result</c> and the like) is listed,
/// and may be hooked, only while its switch is on.
/// </summary>
public sealed class HookPointList
{
    private readonly List<HookPoint> points = [];
    private readonly Dictionary<string, Func<bool>?> switches = new(StringComparer.Ordinal);
    private bool anySwitched;

    /// <summary>Declares a hook point.</summary>
    public HookPoint Add(string name, string shape) => Add(name, shape, enabled: null);

    /// <summary>Declares a hook point that exists only while <paramref name="enabled"/> returns true (always when null).</summary>
    public HookPoint Add(string name, string shape, Func<bool>? enabled)
    {
        if (!switches.TryAdd(name, enabled))
        {
            throw new InvalidOperationException($"Hook point '{name}' is declared twice.");
        }
        anySwitched |= enabled is not null;
        var point = new HookPoint(name, shape);
        points.Add(point);
        return point;
    }

    /// <summary>Every hook point whose switch is on, in forward order.</summary>
    public IReadOnlyList<HookPoint> All => anySwitched ? points.Where(p => switches[p.Name] is not { } on || on()).ToList() : points;

    /// <summary>True when the model has a hook point of that name (and its switch is on).</summary>
    public bool Contains(string name) => switches.TryGetValue(name, out var enabled) && (enabled is null || enabled());

    /// <summary>Every hook point's full name whose switch is on.</summary>
    public IReadOnlyCollection<string> Names => All.Select(p => p.Name).ToList();
}
