using System.ComponentModel;
using AlgoLens.Tasks;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal class CliSettings : CommandSettings
{
    [CommandOption("--verbose")]
    [Description("On an unexpected error, print the full stack trace (it is always written to a log file).")]
    public bool Verbose { get; init; }

    [CommandOption("--task-assembly <PATH>")]
    [Description("A .dll defining tasks of your own (public ITask classes with a static Definition); repeat for several. ALGOLENS_TASK_PATH lists more.")]
    public string[] TaskAssemblies { get; init; } = [];

    /// <summary>Registers the tasks of ALGOLENS_TASK_PATH and of every --task-assembly, before the command builds any task.</summary>
    public void LoadTaskAssemblies()
    {
        TaskPlugins.LoadFromEnvironment();
        foreach (string path in TaskAssemblies)
        {
            TaskPlugins.Load(path);
        }
    }
}
