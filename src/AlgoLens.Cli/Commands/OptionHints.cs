using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using AlgoLens.Common;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>"Did you mean" for an unknown option: the closest option of the command, by edit distance or a common synonym.</summary>
internal static partial class OptionHints
{
    // Names users reach for that are far, in letters, from ours.
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["learning-rate"] = "lr", ["learningrate"] = "lr", ["rate"] = "lr", ["weight-decay"] = "wd", ["weightdecay"] = "wd",
        ["batch"] = "batch-size", ["batchsize"] = "batch-size", ["layers"] = "n-layers", ["heads"] = "n-heads",
        ["activation"] = "act", ["act-fn"] = "act", ["output"] = "out", ["out-dir"] = "out", ["output-dir"] = "out",
        ["gradients"] = "grads", ["grad"] = "grads", ["iterations"] = "steps", ["iters"] = "steps", ["epochs"] = "steps",
        ["p"] = "modulus", ["mod"] = "modulus", ["fraction"] = "frac", ["train-fraction"] = "frac", ["dir"] = "out",
        ["checkpoint"] = "checkpoint-every", ["log"] = "log-every", ["quiet"] = "quiet", ["norm"] = "normalization",
        ["schedule"] = "lr-schedule", ["scheduler"] = "lr-schedule", ["lr-scheduler"] = "lr-schedule",
    };

    /// <summary>The settings type of each command, for its option names.</summary>
    private static readonly Dictionary<string, Type> SettingsOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["train"] = typeof(TrainSettings), ["grok"] = typeof(TrainSettings), ["eval"] = typeof(EvalCommand.Settings),
        ["analyze"] = typeof(AnalyzeCommand.Settings), ["report"] = typeof(ReportCommand.Settings), ["cache"] = typeof(CacheCommand.Settings),
        ["import"] = typeof(ImportCommand.Settings), ["export"] = typeof(ExportCommand.Settings),
    };

    /// <summary>The unknown option's name from Spectre's message, when it is one.</summary>
    public static string? UnknownOption(string message)
    {
        var match = UnknownOptionPattern().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>A " Did you mean --X?" line for <paramref name="unknown"/> in <paramref name="command"/>, or null.</summary>
    public static string? Suggest(string? command, string unknown)
    {
        if (command is null || !SettingsOf.TryGetValue(command, out var type))
        {
            return null;
        }
        var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .Where(a => a is not null)
            .SelectMany(a => a!.LongNames)
            .ToList();
        string name = unknown.TrimStart('-');
        if (Synonyms.TryGetValue(name, out var synonym) && known.Contains(synonym))
        {
            return $"Did you mean --{synonym}?";
        }
        var best = known
            .Select(k => (Name: k, Distance: EditDistance.Between(name, k)))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, name.Length / 3)
            ? $"Did you mean --{best.Name}?"
            : $"Options of {command}: {string.Join(", ", known.Order(StringComparer.Ordinal).Select(k => "--" + k))} (see algolens {command} --help).";
    }

    /// <summary>
    /// Spectre's "Failed to convert '99999999999' to Nullable`1" in words: the option, the value and
    /// what the option takes (e.g. "a whole number from -2147483648 to 2147483647"); null when
    /// <paramref name="message"/> is not a conversion error.
    /// </summary>
    public static string? ConversionError(string message, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var match = ConversionPattern().Match(message);
        if (!match.Success)
        {
            return null;
        }
        string value = match.Groups[1].Value;
        // The option whose value failed: "--steps VALUE" or "--steps=VALUE" (the first one whose
        // type cannot hold the value, when the same text is given to several options).
        for (int i = 0; i < arguments.Count; i++)
        {
            string? option = arguments[i].StartsWith('-') && i + 1 < arguments.Count && arguments[i + 1] == value ? arguments[i]
                : arguments[i].StartsWith('-') && arguments[i].EndsWith("=" + value, StringComparison.Ordinal) ? arguments[i][..^(value.Length + 1)]
                : null;
            if (option is not null && OptionType(option) is { } type && Expected(type) is { } expected)
            {
                return $"{option} '{value}' is not {expected}; give {option} such a value.";
            }
        }
        return $"'{value}' is not a value its option takes (a number where a number is expected); see --help.";
    }

    /// <summary>The value type of an option (by any of its names) in any command's settings, nullable types unwrapped.</summary>
    private static Type? OptionType(string option)
    {
        string name = option.TrimStart('-');
        bool isLong = option.StartsWith("--", StringComparison.Ordinal);
        var property = typeof(OptionHints).Assembly.GetTypes()
            .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .FirstOrDefault(p => p.GetCustomAttribute<CommandOptionAttribute>() is { } a
                && (isLong ? a.LongNames : a.ShortNames).Contains(name, StringComparer.Ordinal));
        return property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
    }

    private static string? Expected(Type type) =>
        type == typeof(int) ? string.Create(CultureInfo.InvariantCulture, $"a whole number from {int.MinValue} to {int.MaxValue}")
        : type == typeof(long) ? string.Create(CultureInfo.InvariantCulture, $"a whole number from {long.MinValue} to {long.MaxValue}")
        : type == typeof(double) || type == typeof(float) ? "a number (such as 0.5 or 1e-3)"
        : type == typeof(bool) ? "true or false"
        : null;

    [GeneratedRegex("Unknown option '([^']+)'")]
    private static partial Regex UnknownOptionPattern();

    [GeneratedRegex("^Failed to convert '(.*)' to [^ ]+\\.?$", RegexOptions.Singleline)]
    private static partial Regex ConversionPattern();
}
