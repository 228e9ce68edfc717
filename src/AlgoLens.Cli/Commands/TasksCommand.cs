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
            string options = string.Join(", ", task.Options.Select(o => (o.Name == "p" ? "--p " : $"--task-option {o.Name}=") + $"{o.DefaultValue} (default)"));
            table.AddRow(Markup.Escape(task.Name), Markup.Escape(task.Problems), Markup.Escape(task.Description), Markup.Escape(options));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("Every enumerated task also takes --task-option random_labels=true (label_seed=N): its targets shuffled once (problem 3.24), or label_noise=F: F of its examples given a wrong class (problem 3.29).");
        AnsiConsole.MarkupLine("`algolens tasks show NAME --samples 5` prints a task's vocabulary, options and examples.");
        AnsiConsole.MarkupLine("Tasks of your own: --task-assembly MyTasks.dll (or ALGOLENS_TASK_PATH) on any command; see examples/my-task.cs.");
    }
}
