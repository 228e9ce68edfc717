using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using AlgoLens.Analysis.Run;
using AlgoLens.Analysis.Superposition;
using AlgoLens.Tasks;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens superposition --features N --dims M --sparsity S1,S2,... [--importance-decay R]
/// [--instances K] [--steps T] [--out RUN_DIR] [--json]</c>: trains a toy-models-of-superposition
/// study (<see cref="SuperpositionStudy"/>) into a run folder, analyses it, writes its report and
/// prints every instance's feature norms, dimensionalities and superposition.
/// </summary>
internal sealed class SuperpositionCommand : Command<SuperpositionCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--features <N>")]
        [Description("Features n per instance (default 5).")]
        public int Features { get; init; } = 5;

        [CommandOption("--dims <M>")]
        [Description("Hidden dimensions m (default 2); m >= n is allowed (every feature can then have a dimension of its own).")]
        public int Dims { get; init; } = 2;

        [CommandOption("--sparsity <S>")]
        [Description("Comma-separated sparsities S in [[0, 1), one instance each (feature probability 1 - S), e.g. 0,0.7,0.9,0.97,0.99.")]
        public string? Sparsity { get; init; }

        [CommandOption("--importance-decay <R>")]
        [Description("Importance decay r > 0: feature i weighs r^i (default 0.9; 1 for equal importance). Several, comma-separated, give the grid sparsity × importance (the n = 2, m = 1 phase diagram).")]
        public string? ImportanceDecay { get; init; }

        [CommandOption("--instances <K>")]
        [Description("Instances per setting, each from its own initialisation (default 1); the phase diagram takes the lowest loss of each setting.")]
        public int Instances { get; init; } = 1;

        [CommandOption("--steps <T>")]
        [Description("Training steps (default 5000), 1024 fresh examples each.")]
        public int Steps { get; init; } = 5000;

        [CommandOption("--lr <LR>")]
        [Description("Adam's learning rate (default 1e-3, the paper's).")]
        public double Lr { get; init; } = 1e-3;

        [CommandOption("--seed <N>")]
        [Description("Seed of initialisation and data (default 0).")]
        public int Seed { get; init; }

        [CommandOption("--out <RUN_DIR>")]
        [Description("Run folder to create (default runs/superposition-nN-mM-seedS).")]
        public string? Out { get; init; }

        [CommandOption("--json")]
        [Description("Print {\"instances\": [[{\"sparsity\", \"importance_decay\", \"feature_norms\", \"dimensionality\", \"superposition\", ...}, ...]], \"run\", \"report\"} only.")]
        public bool Json { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("No progress bar.")]
        public bool Quiet { get; init; }

        /// <summary>The study these settings describe.</summary>
        public SuperpositionStudyOptions Options() => new()
        {
            Features = Features,
            Dims = Dims,
            Sparsities = string.IsNullOrWhiteSpace(Sparsity)
                ? throw new ArgumentException("Give --sparsity: one or more sparsities in [0, 1), comma-separated (e.g. --sparsity 0,0.9,0.99).")
                : ParseList("--sparsity", Sparsity),
            ImportanceDecays = ImportanceDecay is null ? null : ParseList("--importance-decay", ImportanceDecay),
            Copies = Instances,
            Steps = Steps,
            LearningRate = Lr,
            Seed = Seed,
        };

        /// <summary>--out, or a name from the sizes and seed.</summary>
        public string RunDirectory => Out ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"superposition-n{Features}-m{Dims}-seed{Seed}"));

        private static double[] ParseList(string option, string text) =>
            text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
                double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
                    ? value
                    : throw new ArgumentException($"{option} takes numbers separated by commas, e.g. 0,0.9,0.99; '{part}' is not one.")).ToArray();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var options = settings.Options();
            options.Validate();
            string runDirectory = settings.RunDirectory;
            using var writer = RunLock.Acquire(runDirectory);
            var trainer = new Trainer(SuperpositionStudy.Task(options), SuperpositionStudy.Model(options), SuperpositionStudy.Training(options));
            var info = TrainingDisplay.Run(settings.Quiet || settings.Json, options.Steps, $"Training {options.InstanceCount} toy models → {runDirectory}", progress =>
                trainer.Run(writer, progress, cancellationToken));
            if (info.Status != "completed")
            {
                throw new IOException($"Training of {runDirectory} stopped at step {info.Summary?.StepsCompleted} ({info.Status}); no geometry to report.");
            }
            RunAnalyzer.Analyze(writer, cancellation: cancellationToken);
            string report = AlgoLens.Reports.RunReport.Write(writer);
            var instances = AlgoLens.Analysis.Measures.Artefacts.Read<InstanceGeometry[]>(runDirectory, SuperpositionMeasure.MeasureName);
            if (settings.Json)
            {
                Console.WriteLine(ToJson(instances, runDirectory, report).ToJsonString(CliJson.Indented));
                return;
            }
            Print(instances, runDirectory, report);
        }, settings, settings.Out);

    /// <summary>The issue's keys first for each instance, then the details.</summary>
    public static JsonObject ToJson(IReadOnlyList<InstanceGeometry> instances, string runDirectory, string report)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var list = new JsonArray();
        foreach (var g in instances)
        {
            list.Add(new JsonObject
            {
                ["sparsity"] = g.Sparsity,
                ["importance_decay"] = g.ImportanceDecay,
                ["feature_norms"] = Numbers(g.FeatureNorms),
                ["dimensionality"] = Numbers(g.Dimensionality),
                ["superposition"] = Numbers(g.Superposition),
                ["instance"] = g.Instance,
                ["stored_features"] = g.StoredFeatures,
                ["loss"] = Number(g.Loss),
                ["dimensions_per_feature"] = Number(g.DimensionsPerFeature),
            });
        }
        return new JsonObject { ["instances"] = list, ["run"] = runDirectory, ["report"] = report };
    }

    private static JsonArray Numbers(double[] values) => new([.. values.Select(Number)]);

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;

    private static void Print(IReadOnlyList<InstanceGeometry> instances, string runDirectory, string report)
    {
        var table = new Table().AddColumns("instance", "S", "r", "stored", "‖W_i‖", "D_i", "loss");
        foreach (var g in instances)
        {
            table.AddRow(
                g.Instance.ToString(CultureInfo.InvariantCulture),
                g.Sparsity.ToString("0.###", CultureInfo.InvariantCulture),
                g.ImportanceDecay.ToString("0.###", CultureInfo.InvariantCulture),
                g.StoredFeatures.ToString(CultureInfo.InvariantCulture),
                string.Join(" ", g.FeatureNorms.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture))),
                string.Join(" ", g.Dimensionality.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture))),
                g.Loss.ToString("G3", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Run: {runDirectory}");
        AnsiConsole.MarkupLineInterpolated($"Report: [green]{Path.GetFullPath(report)}[/]");
    }
}
