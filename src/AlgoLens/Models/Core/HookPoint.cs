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

/// <summary>The hook points of a model, in forward order, filled by its components as they are built.</summary>
public sealed class HookPointList
{
    private readonly List<HookPoint> points = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    /// <summary>Declares a hook point.</summary>
    public HookPoint Add(string name, string shape)
    {
        if (!names.Add(name))
        {
            throw new InvalidOperationException($"Hook point '{name}' is declared twice.");
        }
        var point = new HookPoint(name, shape);
        points.Add(point);
        return point;
    }

    /// <summary>Every hook point, in forward order.</summary>
    public IReadOnlyList<HookPoint> All => points;

    /// <summary>True when the model has a hook point of that name.</summary>
    public bool Contains(string name) => names.Contains(name);

    /// <summary>Every hook point's full name.</summary>
    public IReadOnlyCollection<string> Names => names;
}
