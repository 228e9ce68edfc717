using System.ComponentModel;
using System.Globalization;
using AlgoLens.Analysis.Probes;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens probe RUN_DIR --hook NAME --feature NAME [--positions ...] [--all-layers] [--json]</c>:
/// a linear or logistic probe from a hook's activations to a feature of the run's task, with its
/// control task and selectivity (<see cref="RunProbe"/>); written to RUN_DIR/analysis/probe-*.json,
/// which <c>report</c> draws.
/// </summary>
internal sealed class ProbeCommand : Command<ProbeCommand.Settings>
{
    public sealed class Settings : RunCheckpointSettings
    {
        [CommandOption("--hook <NAME>")]
        [Description("The hook read: a full name (blocks.1.hook_resid_post) or shorthand (post1, z1); with --all-layers, the hook's kind (resid_post) (required).")]
        public string? Hook { get; init; }

        [CommandOption("--feature <NAME>")]
        [Description("A feature of the run's task (`algolens tasks show TASK` lists them), e.g. state, depth, rank, a+b, cos_a:14 (required).")]
        public string? Feature { get; init; }

        [CommandOption("--positions <LIST>")]
        [Description("Positions read, comma-separated, negative from the end (e.g. 1,2,-1). Default: every position for a per-position feature, the last for a per-example one.")]
        public string? Positions { get; init; }

        [CommandOption("--examples <N>")]
        [Description("Examples drawn from the task (an enumerated task gives a seeded subset). Default: 1000.")]
        public int Examples { get; init; } = ProbeRequest.DefaultExamples;

        [CommandOption("--seed <S>")]
        [Description("Seed of the examples, the train/test split and the control task's shuffle. Default: 0.")]
        public ulong Seed { get; init; }

        [CommandOption("--all-layers")]
        [Description("Probe the hook's kind at every layer and print the per-layer curve.")]
        public bool AllLayers { get; init; }

        [CommandOption("--json")]
        // Descriptions are console markup: [[ and ]] print brackets.
        [Description("Print {\"train_accuracy\", \"test_accuracy\", \"control_test_accuracy\", \"selectivity\", \"hook\", \"feature\", \"kind\", \"step\", \"decay\", \"examples\", \"rows\", \"train_rows\", \"test_rows\", \"positions\"} (train_r2, test_r2, control_test_r2 for a real feature); with --all-layers a list of them, each with its \"layer\".")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Hook))
            {
                return ValidationResult.Error("Give --hook NAME, e.g. --hook blocks.1.hook_resid_post (or --hook resid_post --all-layers).");
            }
            if (string.IsNullOrWhiteSpace(Feature))
            {
                return ValidationResult.Error("Give --feature NAME, a feature of the run's task; `algolens tasks show TASK` lists them.");
            }
            if (Examples < 1)
            {
                return ValidationResult.Error($"--examples must be at least 1; got {Examples}.");
            }
            return Positions is not null && ParsePositions(Positions) is null
                ? ValidationResult.Error($"--positions '{Positions}' is not a comma-separated list of whole numbers; write e.g. --positions 1,2,-1.")
                : base.Validate();
        }
    }

    internal static int[]? ParsePositions(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result[i]))
            {
                return null;
            }
        }
        return parts.Length == 0 ? null : result;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var request = new ProbeRequest(settings.Hook!, settings.Feature!)
            {
                Positions = settings.Positions is null ? null : ParsePositions(settings.Positions),
                Step = settings.Step,
                Examples = settings.Examples,
                Seed = settings.Seed,
                AllLayers = settings.AllLayers,
            };
            var run = RunFolder.Open(settings.RunDirectory);
            var result = RunProbe.Fit(run, request);
            string path = RunProbe.Save(settings.RunDirectory, result);
            if (settings.Json)
            {
                Console.WriteLine(RunProbeJson.ToJson(result, settings.AllLayers).ToJsonString(CliJson.Indented));
                return;
            }
            Print(result, settings.RunDirectory, path);
        }, settings, settings.RunDirectory);

    private static void Print(RunProbeResult result, string runDirectory, string path)
    {
        string score = result.ScoreName == "accuracy" ? "accuracy" : "R²";
        AnsiConsole.MarkupLineInterpolated($"Probe of {runDirectory} at step {result.Step} for feature {result.Feature} ({result.FeatureKind}; {(result.FeatureKind == "class" ? "logistic" : "ridge")} probe): {result.Rows} rows from {result.Examples} examples at positions {string.Join(",", result.Positions)}.");
        var table = new Table().AddColumns("layer", "hook", $"train {score}", $"test {score}", $"control test {score}", "selectivity", "decay");
        foreach (var p in result.Probes)
        {
            var r = p.Result;
            table.AddRow(p.Layer?.ToString(CultureInfo.InvariantCulture) ?? "-", p.FullName, Format(r.TrainScore), Format(r.TestScore), Format(r.ControlTestScore), Format(r.Selectivity), r.WeightDecay.ToString("G3", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Control: the same probe on the feature shuffled across rows; selectivity = test − control test (Hewitt & Liang 2019).");
        AnsiConsole.MarkupLineInterpolated($"Written to {path}; `algolens report {runDirectory}` draws it.");
    }

    private static string Format(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "undefined";
}
