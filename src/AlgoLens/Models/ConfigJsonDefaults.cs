using System.Text.Json.Serialization.Metadata;

namespace AlgoLens.Models;

/// <summary>
/// Writes the transformer config's later-added fields (attention_dir, attention_rate, d_input), and
/// the training config's learning-rate schedule fields, only when they differ from their defaults,
/// so that the JSON of a model or run that does not use them (in run.json and in every checkpoint's
/// header) is byte for byte what it was before they existed. Reading is unaffected: an absent field
/// takes its default, a present one is read as usual.
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

    private static readonly Training.TrainingConfig TrainingDefaults = new();

    private static readonly Dictionary<string, Func<Training.TrainingConfig, object?>> TrainingOmittedAtDefault = new(StringComparer.Ordinal)
    {
        ["lr_schedule"] = c => c.LrSchedule,
        ["min_learning_rate"] = c => c.MinLearningRate,
        ["decay_steps"] = c => c.DecaySteps,
    };

    /// <summary>The reflection resolver with the omission applied to <see cref="HookedTransformerConfig"/>.</summary>
    public static IJsonTypeInfoResolver Resolver { get; } = new DefaultJsonTypeInfoResolver { Modifiers = { OmitDefaultedFields } };

    private static void OmitDefaultedFields(JsonTypeInfo info)
    {
        if (info.Type == typeof(HookedTransformerConfig))
        {
            Omit(info, OmittedAtDefault, Defaults);
        }
        else if (info.Type == typeof(Training.TrainingConfig))
        {
            Omit(info, TrainingOmittedAtDefault, TrainingDefaults);
        }
    }

    private static void Omit<T>(JsonTypeInfo info, Dictionary<string, Func<T, object?>> omitted, T defaults)
    {
        foreach (var property in info.Properties)
        {
            if (omitted.TryGetValue(property.Name, out var read))
            {
                object? defaultValue = read(defaults);
                property.ShouldSerialize = (config, value) => !Equals(value, defaultValue);
            }
        }
    }
}
