using System.ComponentModel;
using AlgoLens.Tasks;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens eval RUN_DIR [--step N]</c>: loss and accuracy on train and test.</summary>
internal sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        public string RunDirectory { get; init; } = "";

        [CommandOption("--step <N>")]
        [Description("Checkpoint step (default: the newest).")]
        public int? Step { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var result = RunEvaluation.Evaluate(settings.RunDirectory, settings.Step, (name, values) => TaskRegistry.Create(name, TaskOptions.FromSettings(values)));
            var table = new Table().AddColumns("split", "examples", "loss", "accuracy");
            table.AddRow("train", result.TrainExamples.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{result.TrainLoss:G6}", $"{result.TrainAccuracy:P2}");
            table.AddRow("test", result.TestExamples.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{result.TestLoss:G6}", $"{result.TestAccuracy:P2}");
            AnsiConsole.MarkupLineInterpolated($"{settings.RunDirectory} at step {result.Step}:");
            AnsiConsole.Write(table);
        });
}
