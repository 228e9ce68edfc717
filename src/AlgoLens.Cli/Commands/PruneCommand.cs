using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using AlgoLens.Analysis.Lottery;
using AlgoLens.Analysis.Run;
using AlgoLens.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens prune RUN_DIR --sparsity 0.5,0.8,0.9 [--rewind-step N] [--rounds R] [--global|--per-layer] [--json]</c>:
/// lottery tickets of a finished run and their random-mask controls (<see cref="LotteryStudy"/>),
/// kept in RUN_DIR/analysis/lottery.json.
/// </summary>
internal sealed class PruneCommand : Command<PruneCommand.Settings>
{
    public sealed class Settings : RunFolderSettings
    {
        [CommandOption("--sparsity <S>")]
        [Description("Target sparsities, each in (0, 1): the fraction of the prunable weights removed, e.g. 0.5,0.8,0.9.")]
        public string? Sparsity { get; init; }

        [CommandOption("--rewind-step <N>")]
        [Description("The dense run's checkpoint the tickets start from (weight rewinding); 0, the default, is the original initialisation.")]
        public int RewindStep { get; init; }

        [CommandOption("--rounds <R>")]
        [Description("Rounds of iterative magnitude pruning per sparsity, each removing the same share of what is left (default 1: one shot).")]
        public int Rounds { get; init; } = 1;

        [CommandOption("--global")]
        [Description("Rank all prunable weights together (layers end with different sparsities).")]
        public bool Global { get; init; }

        [CommandOption("--per-layer")]
        [Description("Prune each weight matrix to the same sparsity (the default).")]
        public bool PerLayer { get; init; }

        [CommandOption("--seed <SEED>")]
        [Description("Seed of the random masks of the control (default 0).")]
        public ulong Seed { get; init; }

        [CommandOption("--json")]
        // Descriptions are console markup: [[ and ]] print brackets.
        [Description("Print lottery.json: {\"rewind_step\", \"rounds\", \"scope\", \"prunable\", \"grokking_applies\", \"dense\", \"tickets\": [[{\"sparsity\", \"ticket\", \"rounds\", \"random\"}]]}, each run with its test_accuracy, grokking_step, key_frequencies and survivors.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Sparsity))
            {
                return ValidationResult.Error("Give --sparsity, e.g. --sparsity 0.5,0.8,0.9.");
            }
            if (Global && PerLayer)
            {
                return ValidationResult.Error("Give --global or --per-layer, not both.");
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var options = new LotteryOptions
            {
                Sparsities = ParseSparsities(settings.Sparsity!),
                RewindStep = settings.RewindStep,
                Rounds = settings.Rounds,
                Scope = settings.Global ? PruningScope.Global : PruningScope.PerLayer,
                Seed = settings.Seed,
            };
            Action<string>? log = settings.Json ? null : line => AnsiConsole.WriteLine(line);
            var result = LotteryStudy.Run(settings.RunDirectory, options, log, cancellationToken);
            string json = JsonSerializer.Serialize(result, JsonFiles.Options);
            AnalysisFile.Save(settings.RunDirectory, LotteryResult.FileName, json);
            if (settings.Json)
            {
                Console.WriteLine(json);
                return;
            }
            Print(result);
        }, settings, settings.RunDirectory);

    private static double[] ParseSparsities(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                ? value
                : throw new ArgumentException($"--sparsity takes numbers in (0, 1) separated by commas, e.g. 0.5,0.8,0.9; '{s}' is not a number."))
            .ToArray();

    private static void Print(LotteryResult result)
    {
        AnsiConsole.MarkupLineInterpolated($"Lottery tickets ({result.Scope}, rewound to step {result.RewindStep}, {result.Rounds} round(s) per sparsity); dense run: test accuracy {result.Dense.TestAccuracy:F4}{Grok(result, result.Dense)}{Keys(result.Dense)}.");
        var table = new Table().AddColumns("sparsity", "ticket test acc", "ticket grok step", "random test acc", "random grok step", "ticket key frequencies", "W_E in dense keys (ticket / random)");
        foreach (var t in result.Tickets)
        {
            table.AddRow(
                t.Sparsity.ToString("P0", CultureInfo.InvariantCulture),
                t.Ticket.TestAccuracy.ToString("F4", CultureInfo.InvariantCulture),
                result.GrokkingApplies ? t.Ticket.GrokkingStep?.ToString(CultureInfo.InvariantCulture) ?? "never" : "-",
                t.Random.TestAccuracy.ToString("F4", CultureInfo.InvariantCulture),
                result.GrokkingApplies ? t.Random.GrokkingStep?.ToString(CultureInfo.InvariantCulture) ?? "never" : "-",
                t.Ticket.KeyFrequencies is { } k ? (k.Count == 0 ? "none" : string.Join(", ", k)) : "-",
                t.Ticket.EmbeddingShareInDenseKeys is { } a && t.Random.EmbeddingShareInDenseKeys is { } b
                    ? $"{a.ToString("P0", CultureInfo.InvariantCulture)} / {b.ToString("P0", CultureInfo.InvariantCulture)}"
                    : "-");
        }
        AnsiConsole.Write(table);
        var survivors = new Table().AddColumn("parameter");
        foreach (var t in result.Tickets)
        {
            survivors.AddColumn($"kept at {t.Sparsity.ToString("P0", CultureInfo.InvariantCulture)}");
        }
        foreach (string name in result.Prunable)
        {
            survivors.AddRow([name, .. result.Tickets.Select(t => t.Ticket.Survivors is { } s && s.TryGetValue(name, out double f) ? f.ToString("P1", CultureInfo.InvariantCulture) : "-")]);
        }
        AnsiConsole.MarkupLine("Survivors per parameter (the random control keeps the same counts):");
        AnsiConsole.Write(survivors);
        AnsiConsole.MarkupLineInterpolated($"Saved analysis/{LotteryResult.FileName}; the report draws it.");
    }

    private static string Grok(LotteryResult result, LotteryRun run) =>
        !result.GrokkingApplies ? "" : run.GrokkingStep is { } s ? $", ≥ 99% at step {s}" : ", never ≥ 99%";

    private static string Keys(LotteryRun run) => run.KeyFrequencies switch
    {
        null => "",
        { Count: 0 } => ", no key frequency",
        var k => $", key frequencies {string.Join(", ", k)}",
    };
}
