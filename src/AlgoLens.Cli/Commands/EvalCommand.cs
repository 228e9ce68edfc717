using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens eval RUN_DIR [--step N] [--json]</c>: loss and the task's metrics on train and test.</summary>
internal sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        public string RunDirectory { get; init; } = "";

        [CommandOption("--step <N>")]
        [Description("Checkpoint step (default: the newest).")]
        public int? Step { get; init; }

        [CommandOption("--json")]
        [Description("Print {\"step\": N, \"splits\": {\"train\": {\"loss\": x, \"accuracy\": y, ...}, \"test\": {...}}, \"baselines\": {name: value}}.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var result = RunEvaluation.Evaluate(settings.RunDirectory, settings.Step);
            if (settings.Json)
            {
                Console.WriteLine(ToJson(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return;
            }
            var metricNames = result.Splits.Values.First().Metrics.Keys.ToList();
            var table = new Table().AddColumns(["split", "examples", "loss", .. metricNames]);
            foreach (var (split, values) in result.Splits)
            {
                table.AddRow([split, values.Examples.ToString(CultureInfo.InvariantCulture), values.Loss.ToString("G6", CultureInfo.InvariantCulture),
                    .. metricNames.Select(m => Format(m, values.Metrics[m]))]);
            }
            AnsiConsole.MarkupLineInterpolated($"{settings.RunDirectory} at step {result.Step}:");
            AnsiConsole.Write(table);
            if (result.Baselines.Count > 0)
            {
                var baselines = new Table().AddColumns("baseline (test)", "value", "what");
                foreach (var baseline in result.Baselines)
                {
                    baselines.AddRow(Markup.Escape(baseline.Name), baseline.Value.ToString("G6", CultureInfo.InvariantCulture), Markup.Escape(baseline.Description));
                }
                AnsiConsole.Write(baselines);
            }
        }, settings, settings.RunDirectory);

    /// <summary>The machine-readable form of an evaluation.</summary>
    public static JsonObject ToJson(RunEvaluation.Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var splits = new JsonObject();
        foreach (var (split, values) in result.Splits)
        {
            var entry = new JsonObject { ["examples"] = values.Examples, ["loss"] = Number(values.Loss) };
            foreach (var (metric, value) in values.Metrics)
            {
                entry[metric] = Number(value);
            }
            splits[split] = entry;
        }
        var baselines = new JsonObject();
        foreach (var baseline in result.Baselines)
        {
            baselines[baseline.Name] = Number(baseline.Value);
        }
        return new JsonObject { ["step"] = result.Step, ["splits"] = splits, ["baselines"] = baselines };
    }

    // JSON has no NaN or infinity: a diverged run's loss is written as null.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string Format(string metric, double value) =>
        metric is "accuracy" or "exact_match" ? value.ToString("P2", CultureInfo.InvariantCulture) : value.ToString("G6", CultureInfo.InvariantCulture);
}
