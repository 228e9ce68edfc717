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
    // Index past this many entries; below it a linear search is as fast and costs no hash table.
    private const int IndexFrom = 8;

    // Made on the first Set: a pickle can hold millions of empty or one-entry dicts (two bytes
    // each), and those should cost a small object or two, not a list and a hash table each.
    private List<KeyValuePair<object, object?>>? items;
    private Dictionary<object, int>? index;

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object, object?>> Items => (IReadOnlyList<KeyValuePair<object, object?>>?)items ?? [];

    /// <summary>Number of entries.</summary>
    public int Count => items?.Count ?? 0;

    /// <summary>Sets <paramref name="key"/> (a string, number, bool or tuple: Python's hashable values).</summary>
    public void Set(object? key, object? value, string source)
    {
        if (key is null or PickleDict or List<object?>)
        {
            throw new TorchFormatException($"{source}: the pickle uses {PickleDescribe.Kind(key)} as a dict key, which Python cannot do (the file is damaged).");
        }
        items ??= new(1);
        int at = Find(key);
        if (at >= 0)
        {
            items[at] = new(key, value);
            return;
        }
        items.Add(new(key, value));
        if (index is not null)
        {
            index[key] = items.Count - 1;
        }
        else if (items.Count > IndexFrom)
        {
            index = [];
            for (int i = 0; i < items.Count; i++)
            {
                index[items[i].Key] = i;
            }
        }
    }

    /// <summary>The value under a string key, if present.</summary>
    public bool TryGet(string key, out object? value)
    {
        int at = Find(key);
        value = at >= 0 ? items![at].Value : null;
        return at >= 0;
    }

    private int Find(object key)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out int at) ? at : -1;
        }
        for (int i = 0; i < (items?.Count ?? 0); i++)
        {
            if (items![i].Key.Equals(key))
            {
                return i;
            }
        }
        return -1;
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

/// <summary>Short descriptions of unpickled values, for messages: never a .NET type name or a record dump.</summary>
internal static class PickleDescribe
{
    private const int MaxShown = 40;

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
        _ => "a value of an unknown kind",
    };

    /// <summary>
    /// A value as Python would show it, briefly: "-3", "'embed.W_E'", "(1, 2)", "True"; a container
    /// longer than a few items or a long string is cut with "...", and what has no literal form
    /// gets its <see cref="Kind"/>.
    /// </summary>
    public static string Value(object? value)
    {
        string text = value switch
        {
            null => "None",
            bool b => b ? "True" : "False",
            long n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            double x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            string s => "'" + (s.Length > MaxShown ? s[..MaxShown] + "..." : s) + "'",
            PickleTuple t => "(" + Items(t.Items) + (t.Count == 1 ? ",)" : ")"),
            List<object?> l => "[" + Items(l) + "]",
            _ => Kind(value),
        };
        return text.Length > 2 * MaxShown ? text[..(2 * MaxShown)] + "..." : text;
    }

    private static string Items(IReadOnlyList<object?> items) =>
        string.Join(", ", items.Take(4).Select(i => i is PickleTuple or List<object?> ? Kind(i) : Value(i))) + (items.Count > 4 ? ", ..." : "");
}
