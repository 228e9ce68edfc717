using System.Text.Json.Serialization.Metadata;

namespace AlgoLens.Models;

/// <summary>
/// Writes the transformer config's later-added fields (attention_dir, attention_rate, d_input) only
/// when they differ from their defaults, so that the config JSON of a model that does not use them
/// (in run.json and in every checkpoint's header) is byte for byte what it was before they existed.
/// Reading is unaffected: an absent field takes its default, a present one is read as usual.
/// </summary>
internal static class ConfigJsonDefaults
{
    private static readonly HookedTransformerConfig Defaults = new();

    private static readonly Dictionary<string, Func<HookedTransformerConfig, object?>> OmittedAtDefault = new(StringComparer.Ordinal)
    {
        ["attention_dir"] = c => c.AttentionDir,
        ["attention_rate"] = c => c.AttentionRate,
        ["d_input"] = c => c.DInput,
    };

    /// <summary>The reflection resolver with the omission applied to <see cref="HookedTransformerConfig"/>.</summary>
    public static IJsonTypeInfoResolver Resolver { get; } = new DefaultJsonTypeInfoResolver { Modifiers = { OmitDefaultedFields } };

    private static void OmitDefaultedFields(JsonTypeInfo info)
    {
        if (info.Type != typeof(HookedTransformerConfig))
        {
            return;
        }
        foreach (var property in info.Properties)
        {
            if (OmittedAtDefault.TryGetValue(property.Name, out var read))
            {
                object? defaultValue = read(Defaults);
                property.ShouldSerialize = (config, value) => !Equals(value, defaultValue);
            }
        }
    }
}
