using System.ComponentModel;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens export RUN_DIR [--step N] [--out FILE.safetensors]</c>: a thin layer over <see cref="RunExport"/>.</summary>
internal sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : RunCheckpointSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("The weights file to write (default: RUNNAME_stepNNNNNN.safetensors here); the config goes beside it as NAME.config.json.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var result = RunExport.Export(settings.RunDirectory, settings.Step, settings.Out);
            AnsiConsole.MarkupLineInterpolated($"Wrote [green]{result.WeightsPath}[/] and [green]{result.ConfigPath}[/] (step {result.Step}); load them in Python as docs/python-interop.md shows.");
            foreach (string note in result.Notes)
            {
                AnsiConsole.MarkupLineInterpolated($"note: {note}");
            }
        }, settings);
}
