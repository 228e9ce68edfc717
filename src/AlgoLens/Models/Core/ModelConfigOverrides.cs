using System.Text.Json;
using System.Text.Json.Nodes;
using AlgoLens.Common;

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
        string source = $"the {config.Kind} model settings";
        var node = JsonNode.Parse(config.ToJson())!.AsObject();
        var fields = JsonFiles.Options.GetTypeInfo(config.GetType()).Properties.Where(p => p.Set is not null).ToDictionary(p => p.Name, p => p.PropertyType);
        var problems = new ConfigProblems();
        foreach (var (key, value) in overrides)
        {
            node[key] = fields.TryGetValue(key, out var type) ? Typed(key, value, type, problems) : Parse(value);
        }
        problems.ThrowIfAny(source);
        // A kind may leave fields at their defaults out of its JSON, so a key missing from the
        // written config is not necessarily unknown: the kind's own reader decides, and names it;
        // it also checks every value, so that a field set here and in a config file meet one check.
        return ModelKinds.ReadConfig(config.Kind, node.ToJsonString(), source);
    }

    /// <summary>
    /// The JSON names of every field of <paramref name="config"/>'s kind, those a kind leaves out at
    /// their defaults included, computed ones left out: what <see cref="Apply"/> can set.
    /// </summary>
    public static IReadOnlyList<string> FieldNames(IModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return [.. JsonFiles.Options.GetTypeInfo(config.GetType()).Properties.Where(p => p.Set is not null).Select(p => p.Name)];
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

    /// <summary>
    /// <paramref name="value"/> as the field's type takes it: a text field takes any text as typed
    /// (combine=3 is the text "3", for the kind to judge), and a value the type cannot hold is a
    /// problem in words ("d_model = 'abc': d_model takes a whole number") rather than the JSON reader's.
    /// </summary>
    private static JsonNode? Typed(string key, string value, Type type, ConfigProblems problems)
    {
        var node = Parse(value);
        if (type == typeof(string))
        {
            return node is null || node.GetValueKind() == JsonValueKind.String ? node : JsonValue.Create(value);
        }
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        string? expected = underlying == typeof(int) || underlying == typeof(long) ? "a whole number (e.g. 128)"
            : underlying == typeof(float) || underlying == typeof(double) ? "a number (e.g. 0.5 or 1e-5)"
            : underlying == typeof(bool) ? "true or false"
            : null;
        if (expected is null)
        {
            // Lists and fields with converters of their own: the kind's reader explains its format.
            return node;
        }
        try
        {
            _ = node.Deserialize(type, JsonFiles.Options);
            return node;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            problems.Add($"{key} = '{value}': {key} takes {expected}.");
            return node;
        }
    }

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
