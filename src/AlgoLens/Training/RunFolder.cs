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

    /// <summary>
    /// Opens a run folder, rebuilding its task with <paramref name="createTask"/> (default:
    /// <see cref="CreateTask"/>) and checking it against the run's model (<see cref="TaskModelCheck"/>).
    /// </summary>
    /// <exception cref="ModelConfigException">The task's settings do not give the run's model its shape (run.json edited).</exception>
    public static RunFolder Open(string directory, Func<string, IReadOnlyDictionary<string, string>, ITask>? createTask = null)
    {
        var info = RunInfo.Load(directory);
        createTask ??= (name, settings) => CreateTask(name, settings, info.TaskAssembly);
        var task = createTask(info.Task, info.TaskSettings);
        // Before anything builds the task's data: an edited run.json may ask for gigabytes of it.
        TaskModelCheck.EnsureFits(task, info.ModelConfig, Path.Combine(directory, RunInfo.FileName));
        return new RunFolder(directory, info, task);
    }

    /// <summary>
    /// A run's task from the registry by its recorded name and settings, after loading
    /// <paramref name="taskAssembly"/> (run.json's task_assembly, for a task of the user's own)
    /// unless an assembly of that name is loaded already (passed with --task-assembly, perhaps from
    /// a new place, or the program that registered the task itself).
    /// </summary>
    /// <exception cref="ArgumentException">The task is unknown, or its recorded assembly is gone or cannot be loaded (the message says how to pass it).</exception>
    public static ITask CreateTask(string name, IReadOnlyDictionary<string, string> settings, string? taskAssembly)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(settings);
        if (taskAssembly is not null && !TaskPlugins.IsLoaded(taskAssembly))
        {
            if (!File.Exists(taskAssembly))
            {
                throw new ArgumentException($"The run's task '{name}' comes from {taskAssembly} (run.json's task_assembly), which no longer exists; pass the assembly's new path with --task-assembly PATH.dll.");
            }
            TaskPlugins.Load(taskAssembly);
        }
        return TaskRegistry.Create(name, TaskOptions.FromSettings(settings));
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
