namespace AlgoLens.IO.Torch;

/// <summary>
/// A Python tuple from a pickle. Kept apart from lists (<see cref="List{T}"/> of object) because
/// the torch calls check their arguments' types as Python would.
/// </summary>
/// <param name="Items">The elements.</param>
internal sealed record PickleTuple(IReadOnlyList<object?> Items)
{
    /// <summary>The empty tuple.</summary>
    public static PickleTuple Empty { get; } = new([]);

    /// <summary>Number of elements.</summary>
    public int Count => Items.Count;

    /// <summary>An element.</summary>
    public object? this[int index] => Items[index];
}

/// <summary>
/// A Python dict or collections.OrderedDict from a pickle: insertion-ordered, a repeated key
/// replacing the value in place, as in Python.
/// </summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object, object?>> items = [];
    private readonly Dictionary<object, int> index = [];

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object, object?>> Items => items;

    /// <summary>Number of entries.</summary>
    public int Count => items.Count;

    /// <summary>Sets <paramref name="key"/> (a string, number, bool or tuple: Python's hashable values).</summary>
    public void Set(object? key, object? value, string source)
    {
        if (key is null or PickleDict or List<object?>)
        {
            throw new TorchFormatException($"{source}: the pickle uses {PickleDescribe.Kind(key)} as a dict key, which Python cannot do (the file is damaged).");
        }
        if (index.TryGetValue(key, out int at))
        {
            items[at] = new(key, value);
            return;
        }
        index[key] = items.Count;
        items.Add(new(key, value));
    }

    /// <summary>The value under a string key, if present.</summary>
    public bool TryGet(string key, out object? value)
    {
        if (index.TryGetValue(key, out int at))
        {
            value = items[at].Value;
            return true;
        }
        value = null;
        return false;
    }
}

/// <summary>
/// An allow-listed Python global that may be called by REDUCE (for example
/// <c>torch._utils._rebuild_tensor_v2</c>); <see cref="Invoke"/> is AlgoLens's own code for it.
/// </summary>
/// <param name="FullName"><c>module.name</c>.</param>
/// <param name="Invoke">Builds the result from the argument tuple (throws on arguments torch never writes).</param>
internal sealed record PickleCallable(string FullName, Func<PickleTuple, object?> Invoke);

/// <summary>
/// An allow-listed Python global that is only ever a value (a storage class such as
/// <c>torch.FloatStorage</c>, a dtype such as <c>torch.float32</c>): calling it is refused.
/// </summary>
/// <param name="FullName"><c>module.name</c>.</param>
internal sealed record PickleToken(string FullName);

/// <summary>Short descriptions of unpickled values, for messages.</summary>
internal static class PickleDescribe
{
    /// <summary>A value's Python kind: "a str", "a tuple of 3", "torch.FloatStorage", ...</summary>
    public static string Kind(object? value) => value switch
    {
        null => "None",
        bool => "a bool",
        long => "an int",
        double => "a float",
        string => "a str",
        PickleTuple t => $"a tuple of {t.Count}",
        List<object?> l => $"a list of {l.Count}",
        PickleDict d => $"a dict of {d.Count}",
        PickleCallable c => c.FullName,
        PickleToken t => t.FullName,
        TorchTensorRef => "a tensor",
        TorchStorageRef => "a storage",
        _ => value.GetType().Name,
    };
}
