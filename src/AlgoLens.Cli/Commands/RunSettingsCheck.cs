using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlgoLens.Common;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// `--resume` and `grok` on an existing run continue it as it was made: settings given on the
/// command line that differ from run.json are refused with the list of differences, except
/// --steps (a run may be extended). Without --preset, the options are read as overrides of the
/// run's own settings; with it, the preset and the options together must describe the run.
/// </summary>
internal static class RunSettingsCheck
{
    /// <summary>Throws an <see cref="ArgumentException"/> listing what the settings would change in the run at <paramref name="runDirectory"/>.</summary>
    public static void RefuseChanges(TrainSettings settings, string runDirectory, RunInfo? info = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        info ??= RunInfo.Load(runDirectory);
        var differences = Differences(settings, info);
        if (differences.Count > 0)
        {
            throw new ArgumentException(
                $"'{runDirectory}' was trained with other settings, and resuming cannot change them (only --steps, to extend it):\n- "
                + string.Join("\n- ", differences)
                + $"\nLeave these options out to continue the run as it is, or train a new run with another --out.");
        }
    }

    /// <summary>Each setting the command line asks for that differs from the run's, as "name: the run has X, asked Y".</summary>
    public static IReadOnlyList<string> Differences(TrainSettings settings, RunInfo info)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(info);
        var baseline = settings.Preset is null
            ? new Preset("run.json", "the run's own settings", info.Task, TaskOptions.FromSettings(info.TaskSettings), info.ModelConfig, info.Training)
            : Presets.Get(settings.Preset);
        var (task, model, training) = settings.Build(baseline);
        var differences = new List<string>();
        if (task.Name != info.Task)
        {
            differences.Add($"task: the run has {info.Task}, asked {task.Name}");
        }
        foreach (string key in info.TaskSettings.Keys.Union(task.Settings.Keys).Order(StringComparer.Ordinal))
        {
            string? had = info.TaskSettings.GetValueOrDefault(key);
            string? asked = task.Settings.TryGetValue(key, out var value) ? value : null;
            if (had != asked)
            {
                differences.Add($"task option {key}: the run has {had ?? "(none)"}, asked {asked ?? "(none)"}");
            }
        }
        var requested = model.WithTaskShape(Trainer.ShapeOf(task), training.Seed);
        var run = info.ModelConfig;
        if (requested.Kind != run.Kind)
        {
            differences.Add($"model kind: the run has {run.Kind}, asked {requested.Kind}");
        }
        else
        {
            Compare("model ", JsonNode.Parse(run.ToJson()), JsonNode.Parse(requested.ToJson()), differences);
        }
        var options = JsonFiles.Options;
        // The cosine schedule's defaults were fixed in run.json when the run was made; left out
        // here, they mean the run's own values (a longer --steps must not move the horizon).
        var requestedTraining = training with
        {
            Steps = info.Training.Steps,
            MinLearningRate = training.MinLearningRate ?? info.Training.MinLearningRate,
            DecaySteps = training.DecaySteps ?? info.Training.DecaySteps,
        };
        Compare("", JsonSerializer.SerializeToNode(info.Training, options), JsonSerializer.SerializeToNode(requestedTraining, options), differences);
        return differences;
    }

    private static void Compare(string prefix, JsonNode? had, JsonNode? asked, List<string> differences)
    {
        var a = had as JsonObject ?? [];
        var b = asked as JsonObject ?? [];
        foreach (string key in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
        {
            string x = Text(a[key], a.ContainsKey(key)), y = Text(b[key], b.ContainsKey(key));
            if (x != y)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{key}: the run has {x}, asked {y}"));
            }
        }
    }

    // A field absent from the JSON is one written only when it differs from its default.
    private static string Text(JsonNode? node, bool present) => present ? node?.ToJsonString() ?? "null" : "(default)";
}
