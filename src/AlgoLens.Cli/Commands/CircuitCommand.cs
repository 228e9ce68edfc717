using System.ComponentModel;
using System.Globalization;
using AlgoLens.Analysis.Circuits.Discovery;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens circuit RUN_DIR --metric loss|logit-diff|kl --threshold T [--json]</c>: automated
/// circuit discovery (ACDC, EAP) on a run's checkpoint (<see cref="RunCircuit"/>); the circuit is
/// written to RUN_DIR/analysis/circuit.json, which <c>report</c> draws.
/// </summary>
internal sealed class CircuitCommand : Command<CircuitCommand.Settings>
{
    public sealed class Settings : RunCheckpointSettings
    {
        [CommandOption("--metric <METRIC>")]
        [Description("loss (the task's loss on its loss positions), logit-diff (right minus wrong answer's logit) or kl (KL divergence from the full model's outputs, ACDC's default). Default: kl.")]
        public string Metric { get; init; } = "kl";

        [CommandOption("--threshold <T>")]
        [Description("τ ≥ 0: an edge is removed when patching it makes the metric worse by less than τ (required).")]
        public double? Threshold { get; init; }

        [CommandOption("--method <METHOD>")]
        [Description("acdc (patch each edge in ACDC's order), eap (edge attribution patching: first-order estimates from one forward and backward pass) or eap-acdc (EAP removes edges estimated below τ in size, then ACDC). Default: acdc.")]
        public string Method { get; init; } = "acdc";

        [CommandOption("--patch <PATCH>")]
        [Description("What a removed edge carries: corrupt (the writer's output on the row's corrupt input) or mean (its mean over the corrupt inputs). Default: corrupt.")]
        public string Patch { get; init; } = "corrupt";

        [CommandOption("--examples <N>")]
        [Description("Clean (and as many corrupt) inputs drawn from the run's task. Default: 64.")]
        public int Examples { get; init; } = RunCircuit.DefaultExamples;

        [CommandOption("--clean <INPUT>")]
        [Description("Clean inputs by token name, read with the run's task, sequences separated by ';' (with --corrupt; default: the task's own inputs).")]
        public string? Clean { get; init; }

        [CommandOption("--corrupt <INPUT>")]
        [Description("Corrupt inputs by token name, one per clean sequence, of the same length.")]
        public string? Corrupt { get; init; }

        [CommandOption("--json")]
        // Descriptions are console markup: [[ and ]] print brackets.
        [Description("Print {\"nodes\": [[...]], \"edges\": [[{\"from\", \"to\", \"effect\"}]], \"metric_full\", \"metric_circuit\", \"metric_empty\", \"metric\", \"method\", \"patch\", \"threshold\", \"step\", \"edges_total\", \"passes\", \"seconds\", \"inputs\"}.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (Threshold is not { } t)
            {
                return ValidationResult.Error("Give --threshold T (τ ≥ 0): an edge is removed when patching it makes the metric worse by less than τ; e.g. --threshold 0.01.");
            }
            if (!double.IsFinite(t) || t < 0)
            {
                return ValidationResult.Error($"--threshold must be a number ≥ 0; got {t.ToString(CultureInfo.InvariantCulture)}.");
            }
            if (!CircuitMetric.Names.Contains(Metric))
            {
                return ValidationResult.Error($"Unknown --metric '{Metric}'; use one of {string.Join(", ", CircuitMetric.Names)}.");
            }
            if (!CircuitDiscoveryOptions.MethodNames.Contains(Method))
            {
                return ValidationResult.Error($"Unknown --method '{Method}'; use one of {string.Join(", ", CircuitDiscoveryOptions.MethodNames)}.");
            }
            if (!CircuitDiscoveryOptions.PatchNames.Contains(Patch))
            {
                return ValidationResult.Error($"Unknown --patch '{Patch}'; use one of {string.Join(", ", CircuitDiscoveryOptions.PatchNames)}.");
            }
            if (Examples < 1)
            {
                return ValidationResult.Error($"--examples must be at least 1; got {Examples}.");
            }
            if ((Clean is null) != (Corrupt is null))
            {
                return ValidationResult.Error("--clean and --corrupt go together: give the corrupt version of every clean sequence.");
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var options = new CircuitDiscoveryOptions(CircuitMetric.Parse(settings.Metric), settings.Threshold!.Value,
                CircuitDiscoveryOptions.ParseMethod(settings.Method), CircuitDiscoveryOptions.ParsePatch(settings.Patch));
            options.Validate();
            var run = RunFolder.Open(settings.RunDirectory);
            CircuitInputs? inputs = settings.Clean is null ? null
                : CircuitInputs.FromTokens(run.Task, TextInput.Read(settings.Clean, run.Task), TextInput.Read(settings.Corrupt!, run.Task));
            var result = RunCircuit.Discover(run, settings.Step, options, inputs, settings.Examples);
            string path = RunCircuit.Save(settings.RunDirectory, result);
            if (settings.Json)
            {
                Console.WriteLine(CircuitResultJson.ToJson(result).ToJsonString(CliJson.Indented));
                return;
            }
            Print(result, settings.RunDirectory, path);
        }, settings, settings.RunDirectory);

    private static void Print(CircuitResult result, string runDirectory, string path)
    {
        var o = result.Options;
        AnsiConsole.MarkupLineInterpolated($"Circuit of {runDirectory} at step {result.Step}: {CircuitDiscoveryOptions.MethodNames[(int)o.Method]}, metric {CircuitMetric.NameOf(o.Metric)}, τ = {o.Threshold.ToString("G4", CultureInfo.InvariantCulture)}, {CircuitDiscoveryOptions.PatchNames[(int)o.Patch]} patching.");
        AnsiConsole.MarkupLineInterpolated($"Inputs: {result.Inputs}.");
        var table = new Table().AddColumns("from", "to", "effect");
        foreach (var e in result.Edges)
        {
            table.AddRow(e.Edge.From.Name, e.Edge.To.Name, e.Effect.ToString("G4", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{result.Edges.Count} of {result.EdgesTotal} edges kept; nodes: {string.Join(", ", result.Nodes.Select(n => n.Name))}.");
        AnsiConsole.MarkupLineInterpolated($"Metric: full model {Format(result.MetricFull)}, circuit {Format(result.MetricCircuit)}, empty graph {Format(result.MetricEmpty)} ({result.Passes} patched passes, {result.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s).");
        AnsiConsole.MarkupLineInterpolated($"Written to {path}; `algolens report {runDirectory}` draws it.");
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
