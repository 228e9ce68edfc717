using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using AlgoLens.Analysis.Circuits.Scrubbing;
using AlgoLens.Analysis.Run;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens scrub RUN_DIR --hypothesis fourier|induction|FILE.json [--step N] [--json]</c>: causal
/// scrubbing of a run's checkpoint (<see cref="CausalScrubbing"/>).
/// </summary>
internal sealed class ScrubCommand : Command<ScrubCommand.Settings>
{
    public sealed class Settings : RunCheckpointSettings
    {
        [CommandOption("--hypothesis <H>")]
        [Description("fourier (modular addition: only the key-frequency part of the embeddings matters), induction (repeat: the induction heads' queries read the token, keys the previous token, values the token), or a JSON file (schema in docs/circuits.md).")]
        public string? Hypothesis { get; init; }

        [CommandOption("--frequencies <K>")]
        [Description("With --hypothesis fourier: the frequencies to claim instead of the run's key frequencies, e.g. 1,2,3.")]
        public string? Frequencies { get; init; }

        [CommandOption("--samples <S>")]
        [Description("Draws per input where the expectation is sampled (default 8, at least 2).")]
        public int Samples { get; init; } = 8;

        [CommandOption("--seed <SEED>")]
        [Description("Seed of the sampled resamples and of a sampled task's inputs (default 0).")]
        public ulong Seed { get; init; }

        [CommandOption("--exact-budget <ROWS>")]
        [Description("Most forward rows (input × resample) an exact expectation may take; above it the expectation is sampled (default 2000000; 0 always samples).")]
        public long ExactBudget { get; init; } = ScrubOptions.DefaultExactBudget;

        [CommandOption("--json")]
        [Description("Print {\"loss_clean\", \"loss_scrubbed\", \"loss_random\", \"fraction_recovered\", \"exact\", \"standard_error\", \"standard_error_random\", \"samples\", \"inputs\", \"hypothesis\", \"step\"}.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Hypothesis))
            {
                return ValidationResult.Error("Give --hypothesis fourier, induction or FILE.json.");
            }
            if (Samples < 2)
            {
                return ValidationResult.Error($"--samples must be at least 2 (for the standard error); got {Samples}.");
            }
            if (ExactBudget < 0)
            {
                return ValidationResult.Error($"--exact-budget must not be negative; got {ExactBudget}.");
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var options = new ScrubOptions { Samples = settings.Samples, Seed = settings.Seed, ExactBudget = settings.ExactBudget };
            var (result, step) = ScrubRun.Of(RunFolder.Open(settings.RunDirectory), settings.Step, settings.Hypothesis!, options, ParseFrequencies(settings.Frequencies));
            string json = ToJson(result, step).ToJsonString(CliJson.Indented);
            AnalysisFile.Save(settings.RunDirectory, FileName(settings.Hypothesis!), json);
            if (settings.Json)
            {
                Console.WriteLine(json);
                return;
            }
            Print(result, step, settings.RunDirectory);
        }, settings, settings.RunDirectory);

    /// <summary>
    /// Where a result is kept: RUN_DIR/analysis/scrub-NAME.json, NAME the built-in hypothesis
    /// (fourier, induction) or the hypothesis file's name without its extension.
    /// </summary>
    public static string FileName(string hypothesis) =>
        $"scrub-{(hypothesis.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Path.GetFileNameWithoutExtension(hypothesis) : hypothesis)}.json";

    /// <summary>The machine-readable form: the issue's four fields first, then the details.</summary>
    public static JsonObject ToJson(ScrubResult result, int step)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JsonObject
        {
            ["loss_clean"] = Number(result.LossClean),
            ["loss_scrubbed"] = Number(result.LossScrubbed),
            ["loss_random"] = Number(result.LossRandom),
            ["fraction_recovered"] = Number(result.FractionRecovered),
            ["exact"] = result.Exact,
            ["standard_error"] = Number(result.StandardErrorScrubbed),
            ["standard_error_random"] = Number(result.StandardErrorRandom),
            ["samples"] = result.Samples,
            ["inputs"] = result.Inputs,
            ["hypothesis"] = result.Hypothesis,
            ["step"] = step,
        };
    }

    private static int[]? ParseFrequencies(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => int.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
                ? value
                : throw new ArgumentException($"--frequencies takes integers separated by commas, e.g. 14,35,41; '{k}' is not one."))
            .ToArray();
    }

    private static void Print(ScrubResult result, int step, string run)
    {
        AnsiConsole.MarkupLineInterpolated($"Causal scrubbing of {run} at step {step}, hypothesis {result.Hypothesis}, over {result.Inputs} inputs ({(result.Exact ? "exact: every allowed resample" : $"sampled: {result.Samples} draws per input")}):");
        var table = new Table().AddColumns("loss", "value", "standard error");
        table.AddRow("clean", Format(result.LossClean), "-");
        table.AddRow("scrubbed", Format(result.LossScrubbed), Format(result.StandardErrorScrubbed));
        table.AddRow("random", Format(result.LossRandom), Format(result.StandardErrorRandom));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"fraction of loss recovered: {Format(result.FractionRecovered)}");
    }

    private static string Format(double? value) => value is { } v ? v.ToString("G5", CultureInfo.InvariantCulture) : "-";

    // JSON has no NaN: an undefined fraction (L_random = L_clean) is written as null.
    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
