using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AlgoLens.Common;

namespace AlgoLens.Models;

/// <summary>Strict JSON reading of a model kind's config: snake_case names, unknown fields refused, then validated.</summary>
public static class ModelConfigJson
{
    /// <summary>
    /// Parses <paramref name="json"/> as <typeparamref name="T"/> and validates it; an unknown field or a
    /// bad value is a <see cref="ModelConfigException"/> naming <paramref name="source"/> and listing the
    /// kind's <paramref name="fields"/>.
    /// </summary>
    public static T Read<T>(string json, string source, string fields)
        where T : class, IModelConfig => Read<T>(json, source, fields, prepare: null);

    /// <summary>
    /// As <see cref="Read{T}(string, string, string)"/>, after <paramref name="prepare"/> has checked
    /// and removed the fields the kind accepts from other tools (TransformerLens's, for the
    /// transformer); <paramref name="foreignNames"/> are those fields, for suggestions.
    /// </summary>
    internal static T Read<T>(string json, string source, string fields, Action<JsonObject, ConfigProblems>? prepare, IEnumerable<string>? foreignNames = null)
        where T : class, IModelConfig
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject config = ParseObject(json, source, fields);
        var problems = new ConfigProblems();
        var known = fields.Split(", ");
        var unknown = config.Select(p => p.Key).Where(name => !known.Contains(name, StringComparer.Ordinal)).ToList();
        prepare?.Invoke(config, problems);
        foreach (string name in unknown.Where(config.ContainsKey))
        {
            problems.Add(UnknownField(name, known, foreignNames ?? []));
        }
        problems.ThrowIfAny(source);
        T? result;
        try
        {
            var options = new JsonSerializerOptions(JsonFiles.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
            result = config.Deserialize<T>(options);
        }
        catch (JsonException e)
        {
            throw new ModelConfigException($"{source}: cannot read the config ({e.Message}). Fields: {fields}.", e);
        }
        if (result is null)
        {
            throw new ModelConfigException($"{source}: the config is empty (null).");
        }
        result.Validate(source);
        return result;
    }

    private static JsonObject ParseObject(string json, string source, string fields)
    {
        string unreadable = $"{source}: the config holds text that is not valid Unicode (an unpaired surrogate escape such as \\ud800); fix or remove it";
        JsonDocument document;
        try
        {
            // Parsed as a document first: it refuses duplicate fields, which a node would let the last win.
            document = JsonDocument.Parse(json, TransformerLensFields.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ModelConfigException($"{source}: cannot read the config ({e.Message}). Fields: {fields}.", e);
        }
        catch (InvalidOperationException e)
        {
            // The duplicate-field check reads every field name, and reading one with an escaped
            // unpaired surrogate throws this instead of a JsonException.
            throw new ModelConfigException(unreadable + ".", e);
        }
        JsonNode? node;
        using (document)
        {
            if (JsonStrings.FirstUnreadable(document.RootElement) is { } where)
            {
                throw new ModelConfigException($"{unreadable} (at {where}).");
            }
            // The raw text keeps the comments and trailing commas the document allowed.
            node = JsonNode.Parse(document.RootElement.GetRawText(), documentOptions: TransformerLensFields.DocumentOptions);
        }
        return node as JsonObject
            ?? throw new ModelConfigException($"{source}: the config must be a JSON object of fields ({fields}), not {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}.");
    }

    // A misspelt field gets the closest name (within a third of its length); anything else gets the list.
    private static string UnknownField(string name, string[] known, IEnumerable<string> foreign)
    {
        var candidates = known.Concat(foreign).ToList();
        string closest = EditDistance.Closest(name, candidates);
        bool close = EditDistance.Between(name, closest) <= Math.Max(2, name.Length / 3);
        return close
            ? $"unknown field '{name}'; did you mean '{closest}'?"
            : $"unknown field '{name}'; the fields are: {string.Join(", ", known)}.";
    }
}

/// <summary>Collects every problem of a config, so that one message lists them all with their fixes.</summary>
public sealed class ConfigProblems
{
    private readonly List<string> problems = [];

    /// <summary>Adds a problem (a sentence naming the field, its value and the fix).</summary>
    public void Add(string problem) => problems.Add(problem);

    /// <summary>True while no problem has been found.</summary>
    public bool IsEmpty => problems.Count == 0;

    /// <summary>A size field must be at least 1.</summary>
    public void Positive(string field, int value)
    {
        if (value < 1)
        {
            problems.Add($"{field} is {value}; it must be at least 1.");
        }
    }

    /// <summary>Throws a <see cref="ModelConfigException"/> listing every problem, if there is any.</summary>
    public void ThrowIfAny(string source)
    {
        if (problems.Count > 0)
        {
            throw new ModelConfigException($"{source} cannot work:\n- " + string.Join("\n- ", problems));
        }
    }
}
