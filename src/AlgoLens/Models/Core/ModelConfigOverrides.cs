using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlgoLens.Models;

/// <summary>
/// Sets fields of any kind's config by their JSON names (<c>d_model=64</c>, <c>act_fn=gelu</c>), as the
/// command line's model options do: the config is written as JSON, the fields replaced, and the
/// result read back through the kind, so each kind's own validation speaks.
/// </summary>
public static class ModelConfigOverrides
{
    /// <summary>
    /// <paramref name="config"/> with each field in <paramref name="overrides"/> set. Values are read
    /// as JSON where they parse (numbers, true/false, null, [lists]) and as strings otherwise.
    /// </summary>
    /// <exception cref="ModelConfigException">A field the kind does not have (the message lists its
    /// fields), or a value the kind refuses.</exception>
    public static IModelConfig Apply(IModelConfig config, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        if (overrides.Count == 0)
        {
            return config;
        }
        var node = JsonNode.Parse(config.ToJson())!.AsObject();
        var written = node.Select(kv => kv.Key).ToList();
        foreach (var (key, value) in overrides)
        {
            node[key] = Parse(value);
        }
        // A kind may leave fields at their defaults out of its JSON, so a key missing from the
        // written config is not necessarily unknown: the kind's own reader decides, and names it.
        return ModelKinds.ReadConfig(config.Kind, node.ToJsonString(), $"the {config.Kind} model settings (written: {string.Join(", ", written)})");
    }

    /// <summary>
    /// Refuses fields set in <paramref name="overrides"/> that the task decides: a model's shape
    /// (vocabulary, output width, context, input width) and seed are set from its task by
    /// <see cref="IModelConfig.WithTaskShape"/>, which would replace an explicit value without a
    /// word. A value equal to the task's is accepted.
    /// </summary>
    /// <param name="configured">The config with <paramref name="overrides"/> applied (<see cref="Apply"/>).</param>
    /// <param name="overrides">The fields set explicitly, by JSON name.</param>
    /// <param name="shape">The task's shape (<c>Trainer.ShapeOf</c>).</param>
    /// <param name="seed">The training seed, which the model's seed follows.</param>
    /// <param name="taskName">The task's name, for the message.</param>
    /// <exception cref="ModelConfigException">A field set to another value than the task gives it (the message names the field, both values and why).</exception>
    public static void RefuseTaskDecided(IModelConfig configured, IEnumerable<string> overrides, TaskShape shape, int seed, string taskName)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(shape);
        var fields = overrides.ToList();
        if (fields.Count == 0)
        {
            return;
        }
        var asked = JsonNode.Parse(configured.ToJson())!.AsObject();
        var decided = JsonNode.Parse(configured.WithTaskShape(shape, seed).ToJson())!.AsObject();
        var problems = new List<string>();
        foreach (string field in fields)
        {
            if (!JsonNode.DeepEquals(asked[field], decided[field]))
            {
                string value = decided[field]?.ToJsonString() ?? "null";
                problems.Add($"{field} = {asked[field]?.ToJsonString() ?? "null"}: {(field == "seed"
                    ? $"the model's seed follows the training seed ({value}); set that instead"
                    : $"the task '{taskName}' sets {field} to {value} (its {ShapeFieldMeaning(field)}), and a model's shape follows its task; leave it out, or change the task's options")}.");
            }
        }
        if (problems.Count > 0)
        {
            throw new ModelConfigException($"The {configured.Kind} model settings ask for what the task decides:\n- {string.Join("\n- ", problems)}");
        }
    }

    /// <summary>What a config field that a task decides holds, in words ("input vocabulary size" for d_vocab).</summary>
    internal static string ShapeFieldMeaning(string field) => field switch
    {
        "d_vocab" => "input vocabulary size",
        "d_vocab_out" => "output classes or values",
        "n_ctx" => "context length",
        "d_input" or "n_features" => "values per position",
        "n_instances" => "instances",
        "seed" => "seed",
        _ => "shape",
    };

    private static JsonNode? Parse(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }
    }
}
