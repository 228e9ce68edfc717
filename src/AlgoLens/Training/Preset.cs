using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training;

/// <summary>A named, ready-to-run setting: task, model and training.</summary>
/// <param name="Name">The preset's name, e.g. "sort".</param>
/// <param name="Description">One line.</param>
/// <param name="Task">The registry name of its task (what run.json and <c>presets</c> show).</param>
/// <param name="TaskOptions">The task's options.</param>
/// <param name="Model">The model config.</param>
/// <param name="Training">The training config.</param>
public sealed record Preset(string Name, string Description, string Task, TaskOptions TaskOptions, IModelConfig Model, TrainingConfig Training)
{
    /// <summary>
    /// A preset of the task <paramref name="task"/> names by its definition (<c>SortTask.Definition</c>),
    /// not by a string, so that a renamed or removed task is a compile error here, not a preset that
    /// fails when run.
    /// </summary>
    public Preset(string name, string description, TaskDefinition task, TaskOptions taskOptions, IModelConfig model, TrainingConfig training)
        : this(name, description, (task ?? throw new ArgumentNullException(nameof(task))).Info.Name, taskOptions, model, training)
    {
    }
}
