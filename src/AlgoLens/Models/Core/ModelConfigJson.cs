using System.Text.Json;
using System.Text.Json.Serialization;

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
        where T : class, IModelConfig
    {
        T? config;
        try
        {
            var options = new JsonSerializerOptions(HookedTransformerConfig.JsonOptions) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
            config = JsonSerializer.Deserialize<T>(json, options);
        }
        catch (JsonException e)
        {
            throw new ModelConfigException($"{source}: cannot read the config ({e.Message}). Fields: {fields}.", e);
        }
        if (config is null)
        {
            throw new ModelConfigException($"{source}: the config is empty (null).");
        }
        config.Validate(source);
        return config;
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
