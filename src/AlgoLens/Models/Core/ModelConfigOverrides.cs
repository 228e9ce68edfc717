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
