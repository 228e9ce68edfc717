using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace AlgoLens.Cli.Tests;

/// <summary>`--help` of every command, enumerated from the app's own configuration, and `--version`.</summary>
public class CommandHelpTests
{
    /// <summary>A help provider that only keeps the command model it is given.</summary>
    private sealed class ModelRecorder : IHelpProvider
    {
        public ICommandModel? Model { get; private set; }

        public IEnumerable<IRenderable> Write(ICommandModel model, ICommandInfo? command)
        {
            Model = model;
            return [];
        }
    }

    /// <summary>Every command and branch as the words that name it ("train", "tasks show", ...).</summary>
    private static List<string[]> Commands()
    {
        var recorder = new ModelRecorder();
        var app = new CommandApp();
        app.Configure(config =>
        {
            AlgoLensApp.Configure(config, []);
            config.SetHelpProvider(recorder);
        });
        app.Run(["--help"]);
        var found = new List<string[]>();
        void Walk(IEnumerable<ICommandInfo> commands, string[] path)
        {
            foreach (var command in commands.Where(c => !c.IsHidden && !c.IsDefaultCommand))
            {
                string[] name = [.. path, command.Name];
                found.Add(name);
                Walk(command.Commands, name);
            }
        }
        Walk(recorder.Model!.Commands, []);
        return found;
    }

    [Fact]
    public void Every_command_answers_help()
    {
        var commands = Commands();
        // The enumeration must see the branches' subcommands, or it would test little.
        Assert.Contains(commands, c => c.SequenceEqual(["tasks", "show"]));
        Assert.Contains(commands, c => c.SequenceEqual(["presets"]));
        Assert.True(commands.Count >= 11, $"only {commands.Count} commands found");
        var failures = new List<string>();
        foreach (string[] command in commands)
        {
            var (code, output) = Cli.Run([.. command, "--help"]);
            if (code != 0 || !output.Contains("USAGE", StringComparison.Ordinal) || output.Contains("Exception", StringComparison.Ordinal))
            {
                failures.Add($"{string.Join(" ", command)} --help: exit {code}\n{output}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Root_help_lists_the_commands()
    {
        var (code, output) = Cli.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("presets", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_is_the_one_run_json_records()
    {
        string recorded = new AlgoLens.Training.RunInfo().AlgolensVersion;
        var (code, output) = Cli.Run("--version");
        Assert.Equal(0, code);
        Assert.Equal(recorded, output.Trim());
    }
}
