using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlgoLens.Common;
using AlgoLens.Models;
using AlgoLens.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens presets [--json]</c>: every preset <c>train --preset NAME</c> accepts, with its task,
/// model and training at a glance (or, with --json, in full as run.json would record them).
/// </summary>
internal sealed class PresetsCommand : Command<PresetsCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--json")]
        // Help text is Spectre markup: a literal bracket is written twice.
        [Description("Print [[{\"name\", \"description\", \"task\", \"task_options\", \"model\", \"training\"}]] with the full model and training configs.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            if (settings.Json)
            {
                Console.WriteLine(ToJson().ToJsonString(CliJson.Indented));
                return;
            }
            Print();
        }, settings);

    private static void Print()
    {
        // Names never wrap, so they can be copied into `--preset` as printed.
        var table = new Table().AddColumns(new TableColumn("preset").NoWrap(), new TableColumn("task"), new TableColumn("model"), new TableColumn("training"));
        foreach (var preset in Presets.All)
        {
            table.AddRow(
                Markup.Escape(preset.Name),
                Markup.Escape(TaskText(preset)),
                Markup.Escape(PresetSummary.Model(preset.Model)),
                Markup.Escape(PresetSummary.Training(preset.Training)));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("Train one with `algolens train --preset NAME`; any setting can be overridden (`train --help`). `presets --json` adds each one's description and full configs; docs/TASKS.md gives what each reached.");
    }

    private static string TaskText(Preset preset)
    {
        var options = new List<string>();
        if (preset.TaskOptions.P is { } p)
        {
            options.Add(string.Create(CultureInfo.InvariantCulture, $"p={p}"));
        }
        options.AddRange(preset.TaskOptions.Extra.Select(pair => $"{pair.Key}={pair.Value}"));
        return options.Count == 0 ? preset.Task : $"{preset.Task} ({string.Join(", ", options)})";
    }

    private static JsonArray ToJson()
    {
        var array = new JsonArray();
        foreach (var preset in Presets.All)
        {
            var taskOptions = new JsonObject();
            if (preset.TaskOptions.P is { } p)
            {
                taskOptions["p"] = p.ToString(CultureInfo.InvariantCulture);
            }
            foreach ((string key, string value) in preset.TaskOptions.Extra)
            {
                taskOptions[key] = value;
            }
            array.Add(new JsonObject
            {
                ["name"] = preset.Name,
                ["description"] = preset.Description,
                ["task"] = preset.Task,
                ["task_options"] = taskOptions,
                ["model"] = JsonNode.Parse(preset.Model.ToJson()),
                ["training"] = JsonSerializer.SerializeToNode(preset.Training, JsonFiles.Options),
            });
        }
        return array;
    }
}
