using AlgoLens.Tasks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens tasks</c>: the task registry.</summary>
internal sealed class TasksCommand : Command<CliSettings>
{
    public override int Execute(CommandContext context, CliSettings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(Print, settings);

    private static void Print()
    {
        var table = new Table().AddColumns("task", "problems", "description", "options");
        foreach (var task in TaskRegistry.All)
        {
            // Defaults only; `tasks show NAME` explains each option.
            string options = string.Join(" ", task.Options.Select(o => $"{o.Name}={o.DefaultValue}"));
            table.AddRow(Markup.Escape(task.Name), Markup.Escape(task.Problems), Markup.Escape(task.Description), Markup.Escape(options));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("Every enumerated task also takes --task-option random_labels=true (label_seed=N): its targets shuffled once (problem 3.24), or label_noise=F: F of its examples given a wrong class (problem 3.29).");
        AnsiConsole.MarkupLine("Options (defaults shown) are set with --task-option KEY=VALUE (p also with --p); `algolens tasks show NAME --samples 5` explains them and prints the vocabulary and examples.");
        AnsiConsole.MarkupLine("Tasks of your own: --plugin MyTasks.dll (or ALGOLENS_PLUGIN_PATH); a plugin is code that runs with your rights. See examples/my-task.cs.");
    }
}
