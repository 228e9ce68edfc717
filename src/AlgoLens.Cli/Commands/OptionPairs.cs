using System.Globalization;
using AlgoLens.Tasks;

namespace AlgoLens.Cli.Commands;

/// <summary>Repeated KEY=VALUE options (<c>--task-option</c>, <c>--model-option</c>) as pairs, and task options from them.</summary>
internal static class OptionPairs
{
    /// <summary>Each KEY=VALUE, trimmed; an error naming <paramref name="option"/> for anything else.</summary>
    public static IEnumerable<(string Key, string Value)> Parse(IEnumerable<string> pairs, string option)
    {
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"{option} '{pair}' is not KEY=VALUE; write e.g. {option} n=5.");
            }
            yield return (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
        }
    }

    /// <summary>
    /// <paramref name="start"/> with the modulus <paramref name="p"/> (when given) and each
    /// <c>--task-option</c> applied; <c>p=N</c> there sets the modulus too.
    /// </summary>
    public static TaskOptions ToTaskOptions(TaskOptions start, int? p, IEnumerable<string> taskOptions)
    {
        var extra = new Dictionary<string, string>(start.Extra);
        int? modulus = p ?? start.P;
        foreach (var (key, value) in Parse(taskOptions, "--task-option"))
        {
            if (key == "p")
            {
                modulus = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed)
                    ? parsed
                    : throw new ArgumentException($"--task-option p={value}: p must be an integer.");
            }
            else
            {
                extra[key] = value;
            }
        }
        return start with { P = modulus, Extra = extra };
    }
}
