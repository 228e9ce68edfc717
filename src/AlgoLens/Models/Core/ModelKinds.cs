namespace AlgoLens.Models;

/// <summary>
/// The model kinds AlgoLens knows by name: how to read each kind's config from JSON and build a
/// model from it. Checkpoints and run.json name the kind, so every run reloads through here.
/// </summary>
public static class ModelKinds
{
    private static readonly List<ModelKind> Kinds =
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

    /// <summary>Every registered kind, in listing order.</summary>
    public static IReadOnlyList<ModelKind> All => Kinds;

    /// <summary>Adds a kind (e.g. a user's own model) so that its checkpoints and runs load by name.</summary>
    /// <exception cref="ArgumentException">A kind of that name exists.</exception>
    public static void Register(ModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (Kinds)
        {
            if (Kinds.Any(k => k.Name == kind.Name))
            {
                throw new ArgumentException($"A model kind named '{kind.Name}' is already registered.");
            }
            Kinds.Add(kind);
        }
    }

    /// <summary>The kind named <paramref name="name"/>, or an error listing the kinds.</summary>
    public static ModelKind Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Kinds.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ModelConfigException($"Unknown model kind '{name}'. Kinds: {string.Join(", ", Kinds.Select(k => k.Name))}.");
    }

    /// <summary>Reads a config of the named kind.</summary>
    public static IModelConfig ReadConfig(string kind, string json, string source = "model config") => Get(kind).ReadConfig(json, source);

    /// <summary>Builds a freshly initialised model from a config.</summary>
    public static IModel Create(IModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Get(config.Kind).Create(config);
    }
}

/// <summary>A model kind: its name, one line on what it is, reading its config and building a model.</summary>
/// <param name="Name">e.g. "transformer".</param>
/// <param name="Description">One line.</param>
/// <param name="ReadConfig">Parses and validates a JSON config (the second argument names its source for messages).</param>
/// <param name="Create">Builds a freshly initialised model.</param>
public sealed record ModelKind(string Name, string Description, Func<string, string, IModelConfig> ReadConfig, Func<IModelConfig, IModel> Create);
