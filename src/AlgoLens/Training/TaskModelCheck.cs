using System.Text.Json.Nodes;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training;

/// <summary>
/// Checks a task rebuilt from a run's settings against the model it is to be used with, before any
/// dataset is built or any token is fed. A run folder whose run.json was edited (another modulus, a
/// longer sequence) would otherwise build the new task's data, perhaps gigabytes of it, and fail deep
/// inside the model, or worse, report metrics for a vocabulary the model was not trained on.
/// </summary>
public static class TaskModelCheck
{
    /// <summary>
    /// Throws unless <paramref name="model"/> has the shape <paramref name="task"/> gives a model
    /// (<see cref="IModelConfig.WithTaskShape"/>: input vocabulary, output classes, context length,
    /// input width). <paramref name="modelSource"/> names where the model config comes from.
    /// </summary>
    /// <exception cref="ModelConfigException">The sizes differ (the message names each one, the
    /// model's and the task's), or the model kind cannot read the task at all.</exception>
    public static void EnsureFits(ITask task, IModelConfig model, string modelSource)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(modelSource);
        // The model's own seed is kept: only the task's shape is compared.
        var have = JsonNode.Parse(model.ToJson())!.AsObject();
        var need = JsonNode.Parse(model.WithTaskShape(Trainer.ShapeOf(task), model.Seed).ToJson())!.AsObject();
        var differences = have.Select(kv => kv.Key).Union(need.Select(kv => kv.Key))
            .Where(key => !JsonNode.DeepEquals(have[key], need[key]))
            .Select(key => $"{key} ({ModelConfigOverrides.ShapeFieldMeaning(key)}) is {Text(have[key])} in the model, {Text(need[key])} for the task")
            .ToList();
        if (differences.Count > 0)
        {
            string settings = task.Settings.Count == 0 ? "" : $" ({string.Join(", ", task.Settings.Select(kv => $"{kv.Key}={kv.Value}"))})";
            throw new ModelConfigException(
                $"The task {task.Name}{settings} does not fit the model of {modelSource}: {string.Join("; ", differences)}. "
                + "The task's settings must be the ones the model was trained with: restore them (run.json's task and task_settings), or train a new run for these settings.");
        }
    }

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "(default)";
}
