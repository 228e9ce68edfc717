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
    private CheckpointStore? checkpoints;

    private RunFolder(string directory, RunInfo info, ITask task)
    {
        Directory = directory;
        Info = info;
        Task = task;
    }

    /// <summary>
    /// Opens a run folder, rebuilding its task with <paramref name="createTask"/> (default:
    /// <see cref="CreateTask"/>) and checking it against the run's model (<see cref="TaskModelCheck"/>).
    /// </summary>
    /// <exception cref="ModelConfigException">The task's settings do not give the run's model its shape (run.json edited).</exception>
    public static RunFolder Open(string directory, Func<string, IReadOnlyDictionary<string, string>, ITask>? createTask = null)
    {
        var info = RunInfo.Load(directory);
        createTask ??= (name, settings) => CreateTask(name, settings, info.TaskAssembly, directory);
        var task = createTask(info.Task, info.TaskSettings);
        // Before anything builds the task's data: an edited run.json may ask for gigabytes of it.
        TaskModelCheck.EnsureFits(task, info.ModelConfig, Path.Combine(directory, RunInfo.FileName));
        return new RunFolder(directory, info, task);
    }

    /// <summary>
    /// A run folder as training is about to write it, from the settings in memory (run.json and the
    /// checkpoints may not exist yet): what a <see cref="ITrainingObserver"/> checks a run against.
    /// </summary>
    internal static RunFolder Planned(string directory, RunInfo info, ITask task) => new(directory, info, task);

    /// <summary>
    /// A run's task from the registry by its recorded name and settings. A run of a task of the
    /// user's own records its assembly (run.json's task_assembly), but that assembly is code: it is
    /// never loaded from here, since a run folder may come from someone else. It must be loaded
    /// already (by the user naming it, <c>--plugin</c>, or trusting the run's own, <c>--trust-plugins</c>:
    /// see <see cref="RecordedTaskAssembly"/>); otherwise the error names it and both options.
    /// </summary>
    /// <param name="name">The recorded task name.</param>
    /// <param name="settings">The recorded task settings.</param>
    /// <param name="taskAssembly">run.json's task_assembly, or null for a built-in task.</param>
    /// <param name="runDirectory">The run folder, against which a relative <paramref name="taskAssembly"/> is resolved (for the message).</param>
    /// <exception cref="ArgumentException">The task is unknown, or its recorded assembly is not loaded (the message says how to load it).</exception>
    public static ITask CreateTask(string name, IReadOnlyDictionary<string, string> settings, string? taskAssembly, string? runDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(settings);
        if (taskAssembly is not null && !TaskPlugins.IsLoaded(taskAssembly))
        {
            string path = runDirectory is null ? taskAssembly : ResolveAgainst(runDirectory, taskAssembly);
            string where = File.Exists(path)
                ? "a plugin is code that runs with your rights, so AlgoLens loads it only when you ask: pass --trust-plugins to load that file, or --plugin PATH.dll to name it yourself"
                : "that file no longer exists; pass the assembly's new path with --plugin PATH.dll";
            throw new ArgumentException($"The run's task '{name}' comes from the plugin assembly {path} (run.json's task_assembly), which is not loaded: {where}.");
        }
        return TaskRegistry.Create(name, TaskOptions.FromSettings(settings));
    }

    /// <summary>
    /// The plugin assembly a run records (run.json's task_assembly) as a full path, a relative one
    /// resolved against the run folder (not the current folder); null for a run of a built-in task.
    /// Loading it is the caller's decision: it is code that came with the run.
    /// </summary>
    public static string? RecordedTaskAssembly(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return RunInfo.Load(directory).TaskAssembly is { } recorded ? ResolveAgainst(directory, recorded) : null;
    }

    private static string ResolveAgainst(string directory, string path) => Path.GetFullPath(path, Path.GetFullPath(directory));

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>run.json.</summary>
    public RunInfo Info { get; }

    /// <summary>The run's task.</summary>
    public ITask Task { get; }

    /// <summary>The checkpoints/ folder (made on first use: a planned run's folder stays as it is until training writes it).</summary>
    public CheckpointStore Checkpoints => checkpoints ??= new CheckpointStore(Path.Combine(Directory, "checkpoints"));

    /// <summary>The run's train and test examples, made as the trainer made them.</summary>
    public TrainingData Data => data ??= new TrainingData(Task, Info.Training);

    /// <summary>Saved steps, ascending; an error when there is none.</summary>
    public IReadOnlyList<int> Steps()
    {
        var steps = Checkpoints.Steps();
        return steps.Count > 0 ? steps : throw new FileNotFoundException($"'{Directory}' has no checkpoints yet.");
    }

    /// <summary>
    /// The model saved at <paramref name="step"/> (default: the newest), checked against the run's
    /// task: a checkpoint carries its own config, which must fit the task as run.json's does.
    /// </summary>
    /// <exception cref="Models.ModelConfigException">The task does not fit the checkpoint's model.</exception>
    public IModel LoadModel(int? step = null)
    {
        int chosen = step ?? Steps()[^1];
        var model = Checkpoints.LoadModel(chosen);
        TaskModelCheck.EnsureFits(Task, model.ModelConfig, Checkpoints.PathFor(chosen));
        return model;
    }
}
