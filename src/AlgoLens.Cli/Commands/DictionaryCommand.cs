using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using AlgoLens.Analysis.Dictionary;
using AlgoLens.Analysis.Run;
using AlgoLens.Common;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens dictionary RUN_DIR --hook NAME --method pca|svd|nmf|ica|sae --components K [--json]</c>:
/// a dictionary fitted to one hook's activations on the task's examples (<see cref="DictionaryStudy"/>),
/// with its reconstruction error, the model's loss with the reconstruction spliced in, and the
/// ground truth the run has. Writes RUN_DIR/analysis/dictionary-METHOD-HOOK.json too.
/// </summary>
internal sealed class DictionaryCommand : Command<DictionaryCommand.Settings>
{
    public sealed class Settings : RunCheckpointSettings
    {
        [CommandOption("--hook <NAME>")]
        [Description("The hook whose activations are factored, full name or shorthand: blocks.0.mlp.hook_post (post0) for a grokking model's neurons, hook_hidden for the toy model of superposition.")]
        public string Hook { get; init; } = "";

        [CommandOption("--method <METHOD>")]
        [Description("pca, svd, nmf (non-negative activations only, e.g. after a ReLU), ica (FastICA) or sae (sparse autoencoder).")]
        public string Method { get; init; } = "";

        [CommandOption("--components <K>")]
        [Description("Atoms k: 1 to the activations' width for pca, svd, nmf and ica. Default 8.")]
        public int Components { get; init; } = 8;

        [CommandOption("--position <N>")]
        [Description("The position read, one row per example (negative counts from the end; default the task's last loss position: '=' of modular arithmetic, the last, sparsest instance of the toy model).")]
        public int? Position { get; init; }

        [CommandOption("--examples <N>")]
        [Description("Examples to cache: a seeded subset of an enumerated task's (default all, e.g. all p² pairs; the Fourier comparison needs all), or that many samples of a sampled task (default 4096). At least 20.")]
        public int? Examples { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of the sampling, the held-out fifth and the method's initialisation. Default 1.")]
        public ulong Seed { get; init; } = 1;

        [CommandOption("--max-iterations <N>")]
        [Description("The method's iteration cap (default: nmf and ica 200; the autoencoder's is --epochs).")]
        public int? MaxIterations { get; init; }

        [CommandOption("--nmf-solver <SOLVER>")]
        [Description("nmf: cd (coordinate descent, the default) or mu (multiplicative updates).")]
        public string NmfSolver { get; init; } = "cd";

        [CommandOption("--l1 <COEFFICIENT>")]
        [Description("sae: the L1 coefficient on the codes, on activations scaled to a mean squared norm of their width (ignored with --top-k). Default 3.")]
        public double? L1 { get; init; }

        [CommandOption("--top-k <K>")]
        [Description("sae: keep the k largest codes per row instead of an L1 penalty.")]
        public int? TopK { get; init; }

        [CommandOption("--epochs <N>")]
        [Description("sae: training epochs over the rows. Default 10.")]
        public int? Epochs { get; init; }

        [CommandOption("--json")]
        [Description("Print the result as JSON: {\"method\", \"hook\", \"position\", \"step\", \"components\", \"width\", \"examples\", \"fit_rows\", \"held_out_rows\", \"seed\", \"fvu\", \"losses\": {\"clean\", \"spliced\", \"zero_ablated\", \"mean_ablated\", \"loss_recovered\"}, \"diagnostics\", \"features\", \"frequencies\", \"fit_seconds\"}.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            if (string.IsNullOrWhiteSpace(settings.Hook) || string.IsNullOrWhiteSpace(settings.Method))
            {
                throw new ArgumentException("dictionary needs --hook NAME and --method pca|svd|nmf|ica|sae, e.g. --hook blocks.0.mlp.hook_post --method nmf --components 16.");
            }
            var run = RunFolder.Open(settings.RunDirectory);
            var options = new DictionaryStudyOptions
            {
                Hook = settings.Hook, Method = settings.Method, Components = settings.Components, Step = settings.Step,
                Position = settings.Position, Examples = settings.Examples, Seed = settings.Seed, MaxIterations = settings.MaxIterations,
                Settings = new DictionaryMethodSettings { NmfSolver = settings.NmfSolver, L1Coefficient = settings.L1, TopK = settings.TopK, Epochs = settings.Epochs },
            };
            var result = DictionaryStudy.Run(run, options);
            string json = JsonSerializer.Serialize(result, JsonFiles.Options);
            AnalysisFile.Save(settings.RunDirectory, DictionaryStudyResult.FileName(result.Method, result.Hook), json);
            if (settings.Json)
            {
                Console.WriteLine(json);
                return;
            }
            Print(result, settings.RunDirectory);
        }, settings, settings.RunDirectory);

    private static void Print(DictionaryStudyResult r, string source)
    {
        AnsiConsole.MarkupLineInterpolated($"{r.Method} with {r.Components} atoms on {r.Hook} at position {r.Position} of {source}, step {r.Step}: {r.Examples} examples × {r.Width}, fitted on {r.FitRows} in {r.FitSeconds:F2} s, measured on the other {r.HeldOutRows}.");
        var table = new Table().AddColumns("measure", "value");
        table.AddRow("reconstruction FVU (held out)", Format(r.Fvu));
        table.AddRow("loss clean", Format(r.Losses.Clean));
        table.AddRow("loss spliced", Format(r.Losses.Spliced));
        table.AddRow("loss zero-ablated", Format(r.Losses.ZeroAblated));
        table.AddRow("loss mean-ablated", Format(r.Losses.MeanAblated));
        table.AddRow("loss recovered (vs mean)", Format(r.Losses.LossRecovered));
        if (r.Features is { } f)
        {
            table.AddRow($"features matched (|cos| ≥ {f.Threshold})", $"{f.Matched} of {f.Count}");
            table.AddRow("mean matched |cos|", Format(f.MeanCosine));
        }
        if (r.Frequencies is { } q)
        {
            table.AddRow("key frequencies", Markup.Escape(string.Join(", ", q.KeyFrequencies)));
            table.AddRow("recovered", Markup.Escape(string.Join(", ", q.Recovered)));
            table.AddRow($"single-frequency atoms (≥ {q.Threshold})", $"{q.SingleFrequencyAtoms} of {r.Components}");
        }
        foreach (var (name, value) in r.Diagnostics)
        {
            table.AddRow(Markup.Escape(name), Format(value));
        }
        AnsiConsole.Write(table);
    }

    private static string Format(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "–";
}
