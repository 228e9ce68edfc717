using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training;

/// <summary>
/// A run folder opened for reading: its run.json, its task rebuilt from the recorded settings, its
/// data (the same split or test set the run trained with) and its checkpoints. Evaluation, analysis
/// and reports read runs through it.
/// </summary>
public sealed class RunFolder
{
    private TrainingData? data;

    private RunFolder(string directory, RunInfo info, ITask task)
    {
        Directory = directory;
        Info = info;
        Task = task;
        Checkpoints = new CheckpointStore(Path.Combine(directory, "checkpoints"));
    }

    /// <summary>Opens a run folder, rebuilding its task with <paramref name="createTask"/> (default: the registry).</summary>
    public static RunFolder Open(string directory, Func<string, IReadOnlyDictionary<string, string>, ITask>? createTask = null)
    {
        var info = RunInfo.Load(directory);
        createTask ??= (name, settings) => TaskRegistry.Create(name, TaskOptions.FromSettings(settings));
        return new RunFolder(directory, info, createTask(info.Task, info.TaskSettings));
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>run.json.</summary>
    public RunInfo Info { get; }

    /// <summary>The run's task.</summary>
    public ITask Task { get; }

    /// <summary>The checkpoints/ folder.</summary>
    public CheckpointStore Checkpoints { get; }

    /// <summary>The run's train and test examples, made as the trainer made them.</summary>
    public TrainingData Data => data ??= new TrainingData(Task, Info.Training);

    /// <summary>Saved steps, ascending; an error when there is none.</summary>
    public IReadOnlyList<int> Steps()
    {
        var steps = Checkpoints.Steps();
        return steps.Count > 0 ? steps : throw new FileNotFoundException($"'{Directory}' has no checkpoints yet.");
    }

    /// <summary>The model saved at <paramref name="step"/> (default: the newest).</summary>
    public IModel LoadModel(int? step = null) => Checkpoints.LoadModel(step ?? Steps()[^1]);
}
