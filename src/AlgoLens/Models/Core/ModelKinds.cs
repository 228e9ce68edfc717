namespace AlgoLens.Models;

/// <summary>
/// The model kinds AlgoLens knows by name: how to read each kind's config from JSON and build a
/// model from it. Checkpoints and run.json name the kind, so every run reloads through here.
/// </summary>
public static class ModelKinds
{
    private static readonly ModelKind[] BuiltIn =
    [
        new(HookedTransformer.KindName, "TransformerLens's HookedTransformer: embeddings, attention and MLP blocks, unembedding",
            (json, source) => HookedTransformerConfig.FromJson(json, source),
            config => new HookedTransformer((HookedTransformerConfig)config)),
        new(Mlp.HookedMlp.KindName, "An MLP on per-position token embeddings (concatenated or summed), as Gromov's and Chughtai et al.'s",
            (json, source) => Mlp.MlpConfig.FromJson(json, source), config => new Mlp.HookedMlp((Mlp.MlpConfig)config)),
        new(ToySuperposition.ToySuperpositionModel.KindName, "Elhage et al.'s toy model of superposition: n_instances independent x -> ReLU(W^T W x + b)",
            (json, source) => ToySuperposition.ToySuperpositionConfig.FromJson(json, source),
            config => new ToySuperposition.ToySuperpositionModel((ToySuperposition.ToySuperpositionConfig)config)),
    ];

    // The built-in kinds, then those registered at run time. Replaced whole under RegisterLock and
    // read without it: a reader sees one snapshot, never a list being grown.
    private static readonly Lock RegisterLock = new();
    private static volatile ModelKind[] kinds = BuiltIn;

    /// <summary>Every registered kind, in listing order (a snapshot).</summary>
    public static IReadOnlyList<ModelKind> All => Array.AsReadOnly(kinds);

    /// <summary>Whether a kind named <paramref name="name"/> is registered (case-insensitive).</summary>
    public static bool Contains(string name) => Find(kinds, name) is not null;

    /// <summary>
    /// Adds a kind (a user's own model, directly or through a plugin assembly) so that its
    /// checkpoints and runs load by name.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, or a kind of that name (case-insensitive) exists.</exception>
    public static void Register(ModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (string.IsNullOrWhiteSpace(kind.Name) || kind.Name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Cannot register a model kind named '{kind.Name}': a kind's name must be non-empty, without white space (e.g. my-rnn).");
        }
        lock (RegisterLock)
        {
            if (Find(kinds, kind.Name) is { } taken)
            {
                string which = BuiltIn.Contains(taken) ? "a built-in kind" : "a kind registered earlier";
                throw new ArgumentException($"A model kind named '{kind.Name}' is already registered ({which}); give the kind another name.");
            }
            kinds = [.. kinds, kind];
        }
    }

    /// <summary>The kind named <paramref name="name"/>, or an error listing the kinds.</summary>
    public static ModelKind Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var snapshot = kinds;
        return Find(snapshot, name)
            ?? throw new ModelConfigException($"Unknown model kind '{name}'. Kinds: {string.Join(", ", snapshot.Select(k => k.Name))}. " +
                "A kind of your own is known once its plugin is loaded: pass --plugin PATH.dll.");
    }

    /// <summary>Reads a config of the named kind.</summary>
    public static IModelConfig ReadConfig(string kind, string json, string source = "model config") => Get(kind).ReadConfig(json, source);

    /// <summary>Builds a freshly initialised model from a config.</summary>
    public static IModel Create(IModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Get(config.Kind).Create(config);
    }

    private static ModelKind? Find(ModelKind[] snapshot, string name) =>
        Array.Find(snapshot, k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A model kind: its name, one line on what it is, reading its config and building a model.</summary>
/// <param name="Name">e.g. "transformer".</param>
/// <param name="Description">One line.</param>
/// <param name="ReadConfig">Parses and validates a JSON config (the second argument names its source for messages).</param>
/// <param name="Create">Builds a freshly initialised model.</param>
public sealed record ModelKind(string Name, string Description, Func<string, string, IModelConfig> ReadConfig, Func<IModelConfig, IModel> Create);
