using System.Collections.ObjectModel;
using System.Globalization;
using AlgoLens.Common;

namespace AlgoLens.Tasks;

/// <summary>
/// Reads a task's options from text (<c>--task-option n=5</c>, or run.json's task settings) against
/// the options the task declares: an unknown key is refused with the known ones, a missing key takes
/// its declared default, and each typed read checks its range and names the option in its error.
/// <see cref="Settings"/> then holds every option with the value used, defaults included, so a run
/// records exactly what it trained on.
/// </summary>
public sealed class TaskSettingsReader
{
    private readonly string taskName;
    private readonly IReadOnlyList<TaskOptionInfo> options;
    private readonly IReadOnlyDictionary<string, string> given;
    private readonly Dictionary<string, string> used = new(StringComparer.Ordinal);

    /// <summary>Checks the keys of <paramref name="settings"/> against <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">A key the task does not take (the message lists those it takes and the closest).</exception>
    public TaskSettingsReader(string taskName, IReadOnlyList<TaskOptionInfo> options, IReadOnlyDictionary<string, string>? settings)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        ArgumentNullException.ThrowIfNull(options);
        this.taskName = taskName;
        this.options = options;
        given = settings ?? new Dictionary<string, string>();
        foreach (string key in given.Keys)
        {
            if (!options.Any(o => o.Name == key))
            {
                string takes = options.Count == 0
                    ? "it takes no options"
                    : $"did you mean '{EditDistance.Closest(key, options.Select(o => o.Name))}'? It takes: {string.Join(", ", options.Select(o => o.Name))}";
                throw new ArgumentException($"Task '{taskName}' has no option '{key}'; {takes}.");
            }
        }
    }

    /// <summary>Every option read so far with the value used (defaults filled in), for <see cref="ITask.Settings"/>.</summary>
    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(used));

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int min, int max)
    {
        string text = Text(name);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw Problem(name, text, $"a whole number from {min} to {max}");
        }
        if (value < min || value > max)
        {
            throw Problem(name, text, $"from {min} to {max}");
        }
        return Record(name, value.ToString(CultureInfo.InvariantCulture), value);
    }

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Double(string name, double min, double max)
    {
        string text = Text(name);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw Problem(name, text, $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        }
        if (value < min || value > max)
        {
            throw Problem(name, text, $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        }
        return Record(name, value.ToString("R", CultureInfo.InvariantCulture), value);
    }

    /// <summary>true or false (also 1/0, yes/no).</summary>
    public bool Bool(string name)
    {
        string text = Text(name);
        bool? value = text.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => null,
        };
        return value is { } flag
            ? Record(name, flag ? "true" : "false", flag)
            : throw Problem(name, text, "true or false");
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive; the canonical spelling is recorded).</summary>
    public string Choice(string name, params string[] allowed)
    {
        string text = Text(name);
        string? match = allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase));
        return match is not null
            ? Record(name, match, match)
            : throw Problem(name, text, $"one of {string.Join(", ", allowed)} (did you mean '{EditDistance.Closest(text, allowed)}'?)");
    }

    /// <summary>A comma-separated list of registered names, each checked by <paramref name="isKnown"/>.</summary>
    public string[] List(string name, Func<string, bool> isKnown, string what)
    {
        ArgumentNullException.ThrowIfNull(isKnown);
        string text = Text(name);
        string[] items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            throw Problem(name, text, $"a comma-separated list of {what}");
        }
        foreach (string item in items)
        {
            if (!isKnown(item))
            {
                throw Problem(name, text, $"a comma-separated list of {what}; '{item}' is not one");
            }
        }
        return Record(name, string.Join(",", items), items);
    }

    /// <summary>
    /// A value read from text by <paramref name="parse"/> (which throws an <see cref="ArgumentException"/>
    /// saying what is wrong and what works); <paramref name="canonical"/> gives the text recorded.
    /// </summary>
    public T Parsed<T>(string name, Func<string, T> parse, Func<T, string> canonical)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(canonical);
        string text = Text(name);
        T value;
        try
        {
            value = parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Task '{taskName}': option {name} = '{text}' does not work: {e.Message}", e);
        }
        return Record(name, canonical(value), value);
    }

    /// <summary>An error for a value that cannot work with the others (the message says why and what to do).</summary>
    public ArgumentException Conflict(string message) => new($"Task '{taskName}': {message}");

    private string Text(string name)
    {
        var option = options.FirstOrDefault(o => o.Name == name)
            ?? throw new InvalidOperationException($"Task '{taskName}' reads option '{name}' but does not declare it.");
        return given.TryGetValue(name, out var text) ? text : option.DefaultValue;
    }

    private T Record<T>(string name, string canonical, T value)
    {
        used[name] = canonical;
        return value;
    }

    private ArgumentException Problem(string name, string text, string expected) =>
        new($"Task '{taskName}': option {name} = '{text}' does not work; it must be {expected}.");
}
