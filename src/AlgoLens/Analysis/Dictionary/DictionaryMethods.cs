namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The dictionary methods by their command-line name. A method is one line of <see cref="BuiltIn"/>:
/// its name and how it is made from the settings.
/// </summary>
public static class DictionaryMethods
{
    private static readonly (string Name, Func<DictionaryMethodSettings, IDictionaryMethod> Create)[] BuiltIn =
    [
        ("pca", _ => new PcaDictionary()),
        ("svd", _ => new SvdDictionary()),
        ("nmf", s => new NmfDictionary(s.ReadNmfSolver(), s.Tolerance)),
        ("ica", s => new FastIcaDictionary(s.Tolerance)),
        ("sae", s => new SparseAutoencoder(s.ReadSparseAutoencoderOptions())),
    ];

    /// <summary>The known names, in the order the report compares them.</summary>
    public static IReadOnlyList<string> Names { get; } = BuiltIn.Select(m => m.Name).ToArray();

    /// <summary>The method called <paramref name="name"/> (case-insensitive) with <paramref name="settings"/> (defaults when null).</summary>
    /// <exception cref="ArgumentException">No method has that name (the message lists the known ones).</exception>
    public static IDictionaryMethod Create(string name, DictionaryMethodSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (known, create) in BuiltIn)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return create(settings ?? new DictionaryMethodSettings());
            }
        }
        throw new ArgumentException($"Unknown dictionary method '{name}'. Known methods: {string.Join(", ", Names)}.", nameof(name));
    }
}
