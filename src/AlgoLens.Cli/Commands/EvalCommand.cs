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
    public sealed class Settings : RunCheckpointSettings
    {
        [CommandOption("--json")]
        [Description("Print {\"step\": N, \"splits\": {\"train\": {\"loss\": x, \"accuracy\": y, ...}, \"test\": {...}}, \"measures\": {name: value}, \"baselines\": {name: value}}: measures and baselines are the task's own figures.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var result = RunEvaluation.Evaluate(settings.RunDirectory, settings.Step);
            if (settings.Json)
            {
                Console.WriteLine(ToJson(result).ToJsonString(CliJson.Indented));
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
            PrintFigures("task measure (test)", result.Measures);
            PrintFigures("baseline (test)", result.Baselines);
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
        return new JsonObject
        {
            ["step"] = result.Step, ["splits"] = splits, ["measures"] = Figures(result.Measures), ["baselines"] = Figures(result.Baselines),
        };
    }

    private static JsonObject Figures(IReadOnlyList<AlgoLens.Tasks.TaskFigure> figures)
    {
        var json = new JsonObject();
        foreach (var figure in figures)
        {
            json[figure.Name] = Number(figure.Value);
        }
        return json;
    }

    private static void PrintFigures(string heading, IReadOnlyList<AlgoLens.Tasks.TaskFigure> figures)
    {
        if (figures.Count == 0)
        {
            return;
        }
        var table = new Table().AddColumns(heading, "value", "what");
        foreach (var figure in figures)
        {
            table.AddRow(Markup.Escape(figure.Name), figure.Value.ToString("G6", CultureInfo.InvariantCulture), Markup.Escape(figure.Description));
        }
        AnsiConsole.Write(table);
    }

    // JSON has no NaN or infinity: a diverged run's loss is written as null.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string Format(string metric, double value) =>
        metric is "accuracy" or "exact_match" ? value.ToString("P2", CultureInfo.InvariantCulture) : value.ToString("G6", CultureInfo.InvariantCulture);
}
