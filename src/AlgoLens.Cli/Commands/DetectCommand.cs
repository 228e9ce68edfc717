using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using AlgoLens.Analysis.Circuits;
using AlgoLens.Data;
using AlgoLens.IO;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens detect (RUN_DIR [--step N] | --model FILE [--config C]) [--tokens "..."] [--json]</c>:
/// every circuit detector's score per head (<see cref="DetectionReport"/>).
/// </summary>
internal sealed class DetectCommand : Command<DetectCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandArgument(0, "[RUN_DIR]")]
        [Description("A run folder (its checkpoint at --step, default the newest).")]
        public string? RunDirectory { get; init; }

        [CommandOption("--step <N>")]
        [Description("Checkpoint step of RUN_DIR (default: the newest).")]
        public int? Step { get; init; }

        [CommandOption("--model <FILE>")]
        [Description("Weights (.safetensors) instead of a run folder.")]
        public string? Model { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("Model config JSON (TransformerLens field names), for --model weights whose file carries none.")]
        public string? Config { get; init; }

        [CommandOption("--tokens <TOKENS>")]
        [Description("Token ids taken as given, no BOS added: inline \"1 2 3; 4 5 6\" (sequences of one length) or a safetensors file with 'tokens'. Default: 32 sequences x1..xL x1..xL of random tokens of the run's task (seed 0), after BOS when the task has one.")]
        public string? Tokens { get; init; }

        [CommandOption("--json")]
        // Descriptions are console markup: [[ and ]] print brackets.
        [Description("Print {\"step\": N, \"detectors\": [[{\"name\", \"layer\", \"head\", \"score\", \"tl_score\", \"threshold\", \"detected\", \"applicable\", \"reason\"}, ...]]}; layer and head null for whole-model detectors, tl_score null but for previous_token, duplicate_token and induction.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(RunDirectory) == string.IsNullOrWhiteSpace(Model))
            {
                return ValidationResult.Error("Give one model: a RUN_DIR, or --model FILE (with --config for weights without one).");
            }
            if (Step is not null && RunDirectory is null)
            {
                return ValidationResult.Error("--step picks a checkpoint of RUN_DIR; with --model, pass the checkpoint file itself.");
            }
            if (Config is not null && Model is null)
            {
                return ValidationResult.Error("--config goes with --model; a run folder carries its own config.");
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            TokenBatch? tokens = string.IsNullOrWhiteSpace(settings.Tokens) ? null : TokenInput.Read(settings.Tokens).Tokens;
            var report = settings.RunDirectory is { } run
                ? DetectionReport.Of(RunFolder.Open(run), settings.Step, tokens)
                : DetectionReport.Of(ModelSource.Load(settings.Model!, settings.Config), tokens);
            if (settings.Json)
            {
                Console.WriteLine(ToJson(report).ToJsonString(CliJson.Indented));
                return;
            }
            Print(report, settings.RunDirectory ?? settings.Model!);
        }, settings, settings.RunDirectory);

    /// <summary>The machine-readable form of a detection report.</summary>
    public static JsonObject ToJson(DetectionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var detectors = new JsonArray();
        foreach (var d in report.Detectors)
        {
            detectors.Add(new JsonObject
            {
                ["name"] = d.Name, ["layer"] = d.Layer, ["head"] = d.Head, ["score"] = Number(d.Score), ["tl_score"] = Number(d.TlScore),
                ["threshold"] = d.Threshold, ["detected"] = d.Detected, ["applicable"] = d.Applicable, ["reason"] = d.Reason,
            });
        }
        return new JsonObject { ["step"] = report.Step, ["detectors"] = detectors };
    }

    private static void Print(DetectionReport report, string source)
    {
        AnsiConsole.MarkupLineInterpolated($"Circuit detectors on {source}{(report.Step is { } step ? $" at step {step}" : "")}:");
        var table = new Table().AddColumns("detector", "layer", "head", "score", "tl_score", "threshold", "detected");
        foreach (var d in report.Detectors.Where(d => d.Applicable))
        {
            table.AddRow(d.Name, Text(d.Layer), Text(d.Head), Format(d.Score), Format(d.TlScore), Format(d.Threshold),
                d.Detected ? "[green]yes[/]" : "no");
        }
        AnsiConsole.Write(table);
        foreach (var d in report.Detectors.Where(d => !d.Applicable))
        {
            AnsiConsole.MarkupLineInterpolated($"{d.Name}: not applicable: {d.Reason}.");
        }
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    // JSON has no NaN: an undefined score (a diverged model) is written as null.
    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
