using AlgoLens.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens report RUN_DIR</c>: writes RUN_DIR/report.html.</summary>
internal sealed class ReportCommand : Command<ReportCommand.Settings>
{
    public sealed class Settings : RunFolderSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            string path = RunReport.Write(settings.RunDirectory);
            AnsiConsole.MarkupLineInterpolated($"Report: [green]{Path.GetFullPath(path)}[/]");
        }, settings, settings.RunDirectory);
}
