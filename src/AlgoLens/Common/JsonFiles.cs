using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AlgoLens.Common;

/// <summary>
/// The JSON conventions of every file AlgoLens writes and reads (run.json, model and training
/// configs, checkpoint headers, analysis results): TransformerLens's snake_case names, indented,
/// comments and trailing commas allowed on reading, and fields marked
/// <see cref="OmitAtDefaultAttribute"/> left out while they hold their default.
/// </summary>
public static class JsonFiles
{
    /// <summary>The options: snake_case names, indented, NaN written as "NaN".</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitDefaultedFields } },
        // A diverged run's summary holds NaN; written as "NaN" it stays valid JSON and reads back.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Writes a field marked <see cref="OmitAtDefaultAttribute"/> only when it differs from the value
    /// a new instance of its type holds. Reading is unaffected: an absent field takes its default, a
    /// present one is read as usual.
    /// </summary>
    private static void OmitDefaultedFields(JsonTypeInfo info)
    {
        var marked = info.Properties
            .Where(p => p.AttributeProvider?.IsDefined(typeof(OmitAtDefaultAttribute), inherit: false) == true)
            .ToList();
        if (marked.Count == 0)
        {
            return;
        }
        object defaults = Activator.CreateInstance(info.Type)
            ?? throw new InvalidOperationException($"{info.Type.Name} has fields marked OmitAtDefault but no parameterless constructor to read their defaults from.");
        foreach (var property in marked)
        {
            object? defaultValue = property.Get!(defaults);
            property.ShouldSerialize = (_, value) => !Equals(value, defaultValue);
        }
    }
}
