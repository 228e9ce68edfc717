using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Patching;
using AlgoLens.Analysis.Run;
using AlgoLens.Models;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens patch RUN_DIR --clean "..." --corrupt "..." [--method activation|attribution|path] [--json]</c>:
/// the effect of every head, MLP and residual position (<see cref="PatchSweep"/>) on a metric of
/// the corrupt run when patched from the clean run. Writes the JSON to
/// RUN_DIR/analysis/patching-METHOD.json too.
/// </summary>
internal sealed class PatchCommand : Command<PatchCommand.Settings>
{
    public sealed class Settings : RunCheckpointSettings
    {
        [CommandOption("--clean <TEXT>")]
        [Description("Clean input: token names read with the run's task, sequences separated by ';' (\"BOS 1 2 3 1 2 3\").")]
        public string Clean { get; init; } = "";

        [CommandOption("--corrupt <TEXT>")]
        [Description("Corrupt input, paired with --clean sequence for sequence (same number of sequences and tokens).")]
        public string Corrupt { get; init; } = "";

        [CommandOption("--method <METHOD>")]
        [Description("activation (one patched run per component), attribution (first-order estimate from one backward pass) or path (each head's clean output into --receivers only). Default activation.")]
        public string Method { get; init; } = "activation";

        [CommandOption("--metric <METRIC>")]
        [Description("logit-diff (answer − wrong logit; the default), loss (cross-entropy of the answer) or prob (probability of the answer), at the answer position, averaged over sequences.")]
        public string Metric { get; init; } = "logit-diff";

        [CommandOption("--answer <TOKEN>")]
        [Description("The correct output token (default: the task's target of each clean sequence at the answer position).")]
        public string? Answer { get; init; }

        [CommandOption("--wrong <TOKEN>")]
        [Description("The wrong output token of logit-diff (default: the task's target of each corrupt sequence at the answer position).")]
        public string? Wrong { get; init; }

        [CommandOption("--receivers <LIST>")]
        [Description("--method path: where the senders' effect is let in, comma-separated: logits (the residual at the unembedding; the default), LxHy (that head's q, k and v inputs), LxHy:q, LxHy:k, LxHy:v.")]
        public string? Receivers { get; init; }

        [CommandOption("--json")]
        [Description("Print {\"method\", \"metric\", \"step\", \"position\", \"answer\", \"wrong\", \"receivers\", \"metric_clean\", \"metric_corrupt\", \"effects\": [[{\"component\", \"layer\", \"head\", \"position\", \"value\", \"normalized\"}, ...]]}.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var run = RunFolder.Open(settings.RunDirectory);
            var steps = run.Steps();
            if (steps.Count == 0 || (settings.Step is { } asked && !steps.Contains(asked)))
            {
                throw new ArgumentException(steps.Count == 0
                    ? $"The run {settings.RunDirectory} has no checkpoint yet; train it first."
                    : $"The run {settings.RunDirectory} has no checkpoint at step {settings.Step}. Saved steps: {string.Join(", ", steps)}.");
            }
            int step = settings.Step ?? steps[^1];
            var model = run.LoadModel(step) as HookedTransformer
                ?? throw new ArgumentException($"patch needs a transformer (a model with attention heads); the run {settings.RunDirectory} has a '{run.Info.ModelKind}' model.");
            var request = PatchRequest.Read(settings, run.Task);
            var sweep = new PatchSweep(model, request);
            var report = sweep.Run();
            var json = ToJson(report, request, step);
            AnalysisFile.Save(settings.RunDirectory, $"patching-{report.Method}.json", json.ToJsonString(CliJson.Indented));
            if (settings.Json)
            {
                Console.WriteLine(json.ToJsonString(CliJson.Indented));
                return;
            }
            Print(report, request, settings.RunDirectory, step);
        }, settings, settings.RunDirectory);

    /// <summary>The machine-readable form of a patching report.</summary>
    public static JsonObject ToJson(PatchingReport report, PatchRequest request, int step)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(request);
        var effects = new JsonArray();
        foreach (var e in report.Effects)
        {
            effects.Add(new JsonObject
            {
                ["component"] = e.Target.Component, ["layer"] = e.Target.Layer, ["head"] = e.Target.Head, ["position"] = e.Target.Position,
                ["value"] = Number(e.Value), ["normalized"] = Number(e.Normalized),
            });
        }
        return new JsonObject
        {
            ["method"] = report.Method, ["metric"] = report.Metric, ["step"] = step, ["position"] = request.Position,
            ["answer"] = new JsonArray([.. request.Answer.Select(a => JsonValue.Create(a))]),
            ["wrong"] = request.Wrong is null ? null : new JsonArray([.. request.Wrong.Select(a => JsonValue.Create(a))]),
            ["receivers"] = request.Receivers is null ? null : new JsonArray([.. request.Receivers.Select(r => JsonValue.Create(r.ToString()))]),
            ["metric_clean"] = Number(report.MetricClean), ["metric_corrupt"] = Number(report.MetricCorrupt), ["effects"] = effects,
        };
    }

    private static void Print(PatchingReport report, PatchRequest request, string source, int step)
    {
        AnsiConsole.MarkupLineInterpolated($"{report.Method} patching on {source} at step {step}: {report.Metric} at position {request.Position}, clean {Format(report.MetricClean)}, corrupt {Format(report.MetricCorrupt)}{(request.Receivers is null ? "" : $", receivers {string.Join(",", request.Receivers)}")}");
        var table = new Table().AddColumns("component", "value", "normalized");
        foreach (var e in report.Effects)
        {
            table.AddRow(e.Target.Component, Format(e.Value), Format(e.Normalized));
        }
        AnsiConsole.Write(table);
    }

    private static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    // JSON has no NaN: an undefined normalised effect (clean = corrupt) is written as null.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
