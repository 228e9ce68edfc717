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

    [GeneratedRegex("Unknown option '([^']+)'")]
    private static partial Regex UnknownOptionPattern();
}
