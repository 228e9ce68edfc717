using System.Collections.ObjectModel;
using System.Globalization;
using AlgoLens.Common;

namespace AlgoLens.Tasks;

/// <summary>
/// The tasks AlgoLens knows by name. The CLI and run folders refer to tasks through it; each task
/// class contributes one <see cref="TaskDefinition"/> (its listing and factory), listed here in the
/// order <c>algolens tasks</c> shows. Every enumerated task also takes the options of
/// <see cref="RandomLabelsTask"/> (problem 3.24). A user's own tasks join them at run time through
/// <see cref="Register"/> (problem 3.17; <c>AlgoLens.Plugins.PluginLoader</c> registers those of a plugin assembly).
/// </summary>
public static class TaskRegistry
{
    private static readonly TaskOptionInfo ModulusOption = new(
        "p", TaskOptions.DefaultP.ToString(CultureInfo.InvariantCulture),
        "the modulus: numbers are 0..p-1, 2 <= p <= 10007");

    private static readonly TaskOptionInfo PrimeModulusOption = ModulusOption with
    {
        Description = "the modulus, prime (the task divides): numbers are 0..p-1, 2 <= p <= 10007",
    };

    private static readonly TaskOptionInfo RangeOption = ModulusOption with
    {
        Description = "numbers are 0..p-1, 2 <= p <= 10007 (need not be prime)",
    };

    private static readonly TaskDefinition[] Definitions =
    [
        .. ModularOperation.All.Select(operation => new TaskDefinition(
            new TaskInfo(operation.Name, operation.Description,
                [operation.RequiresPrime ? PrimeModulusOption : ModulusOption], ModularProblems(operation.Name)),
            options => new ModularArithmeticTask(operation, options.P ?? TaskOptions.DefaultP))),
        new TaskDefinition(
            new TaskInfo("s5_compose", new S5CompositionTask().Description, [], "groups (universality)"),
            _ => new S5CompositionTask()),
        MinMaxDefinition(MinMaxKind.Min),
        MinMaxDefinition(MinMaxKind.Max),
        Groups.GroupTask.Definition,
        TaskDefinition.FromExtras(
            new TaskInfo(SparseFeaturesTask.TaskName, new SparseFeaturesTask().Description, SparseFeaturesTask.Options, "toy models of superposition"),
            SparseFeaturesTask.FromSettings),
        Sequences.PreviousTokenTask.Definition,
        Sequences.SortTask.Definition,
        Sequences.PermuteTask.Definition,
        Sequences.RepeatTask.Definition,
        Logic.AutomatonTask.Definition,
        Logic.BracketsTask.Definition,
        Logic.SparseParityTask.Definition,
        Logic.ShortestPathTask.Definition,
        Composite.Multitask.Definition,
        Language.IoiTask.Definition,
        Language.CodeOutputTask.Definition,
        InContext.LinearRegressionTask.Definition,
        InContext.SparseLinearRegressionTask.Definition,
        Arithmetic.DigitAdditionTask.Definition,
        Arithmetic.DigitSubtractionTask.Definition,
        Arithmetic.DigitMultiplicationTask.Definition,
        Arithmetic.RecurrenceTask.Definition,
    ];

    // Tasks added at run time (a user's own, problem 3.17): after the built-in ones, in the order
    // they were registered. Guarded by RegisteredLock; read as a snapshot.
    private static readonly Lock RegisteredLock = new();
    private static TaskDefinition[] registered = [];

    /// <summary>Every registered task, in listing order: the built-in ones, then those added by <see cref="Register"/>.</summary>
    public static IReadOnlyList<TaskInfo> All =>
        new ReadOnlyCollection<TaskInfo>(Entries().Select(entry => entry.Info).ToArray());

    /// <summary>Whether <paramref name="name"/> is a registered task (case-insensitive).</summary>
    public static bool Contains(string name) => Find(name) is not null;

    /// <summary>
    /// Adds a task of the user's own (problem 3.17) under <c>definition.Info.Name</c>, after the
    /// built-in ones, so that the CLI, run folders and <see cref="Create"/> know it by name like any
    /// other. A plugin assembly's tasks are registered this way.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, holds white space or a comma (multitask
    /// lists names with commas), or is taken already (case-insensitive).</exception>
    public static void Register(TaskDefinition definition)
    {
        Check(definition);
        string name = definition.Info.Name;
        lock (RegisteredLock)
        {
            if (FindIn(Definitions.Concat(registered), name) is { } taken)
            {
                string which = Definitions.Contains(taken) ? "a built-in task" : "a task registered earlier (is its assembly loaded twice, or do two assemblies define it?)";
                throw new ArgumentException($"Cannot register task '{name}': the name is taken by {which}. Give the task another name.");
            }
            registered = [.. registered, definition];
        }
    }

    /// <summary>
    /// Throws unless <paramref name="definition"/> can be registered as far as it alone decides: a
    /// factory, and an info whose name is usable and whose description, options and problems are
    /// all present (listings print them, so a null would fail far from its cause).
    /// </summary>
    /// <exception cref="ArgumentException">What is missing or wrong, and what to write instead.</exception>
    public static void Check(TaskDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var info = definition.Info ?? throw new ArgumentException("Cannot register a task whose TaskDefinition has no Info; pass a TaskInfo with its name and description.");
        string name = info.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsWhiteSpace(c) || c == ','))
        {
            throw new ArgumentException($"Cannot register a task named '{name}': a task name must be non-empty, without white space or commas (e.g. count-ones).");
        }
        string? missing =
            definition.Create is null ? "its TaskDefinition's Create is null; pass the function that builds the task"
            : info.Description is null ? "its TaskInfo's Description is null; pass one line on what the task computes"
            : info.Options is null ? "its TaskInfo's Options is null; pass [] for a task without options"
            : info.Problems is null ? "its TaskInfo's Problems is null; pass \"\" for none"
            : info.Options.Any(o => o is null) ? "its TaskInfo's Options hold a null; list a TaskOptionInfo for each option"
            : info.Options.FirstOrDefault(o => o.Name is null || o.DefaultValue is null || o.Description is null) is { } option
                ? $"its option '{option.Name}' has a null name, default or description; give each a text (\"\" for no default)"
            : null;
        if (missing is not null)
        {
            throw new ArgumentException($"Cannot register task '{name}': {missing}.");
        }
    }

    /// <summary>Creates the task registered as <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">A name from <see cref="All"/>, e.g. "add".</param>
    /// <param name="options">Its options; null for the defaults (p = 113).</param>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the known names and
    /// the closest one), an extra option is unknown to the task, or an option value does not work
    /// for the task (e.g. a composite p for division).</exception>
    public static ITask Create(string name, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= new TaskOptions();
        TaskDefinition entry = Find(name) ?? throw new ArgumentException(UnknownNameMessage(name));

        // random_labels and label_seed wrap any enumerated task, so the registry reads them itself.
        var extra = new Dictionary<string, string>(options.Extra);
        var labels = new TaskSettingsReader(entry.Info.Name, RandomLabelsTask.Options,
            extra.Where(kv => RandomLabelsTask.Options.Any(o => o.Name == kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));
        bool randomLabels = labels.Bool(RandomLabelsTask.Option);
        double labelNoise = labels.Double(RandomLabelsTask.NoiseOption, 0, 1);
        int labelSeed = labels.Int(RandomLabelsTask.SeedOption, 0, int.MaxValue);
        if (randomLabels && labelNoise > 0)
        {
            throw labels.Conflict("random_labels shuffles every label and label_noise corrupts a fraction of them; choose one.");
        }
        foreach (var option in RandomLabelsTask.Options)
        {
            extra.Remove(option.Name);
        }

        // p arrives through TaskOptions.P and is ignored where it does not apply (s5_compose), so a
        // caller can pass one P for every task; extras are named by hand, so a stray one is a mistake.
        foreach (string key in extra.Keys)
        {
            if (key == ModulusOption.Name || !Takes(entry.Info, key))
            {
                var names = entry.Info.Options.Select(o => o.Name).ToArray();
                string takes = names.Length == 0
                    ? "it takes no options"
                    : $"did you mean '{EditDistance.Closest(key, names)}'? It takes: {string.Join(", ", names)}";
                string hint = key == ModulusOption.Name ? " (set p through TaskOptions.P or --p)" : "";
                throw new ArgumentException($"Task '{entry.Info.Name}' has no extra option '{key}'{hint}; {takes}.");
            }
        }
        ITask task = entry.Create(options with { Extra = new ReadOnlyDictionary<string, string>(extra) });
        if (!string.Equals(task.Name, entry.Info.Name, StringComparison.OrdinalIgnoreCase))
        {
            // run.json records task.Name and reopens the run by it: a mismatch would make every run
            // of this task impossible to evaluate or resume.
            throw new ArgumentException($"The definition of task '{entry.Info.Name}' built a task named '{task.Name}'; a task's Name must be the name it is registered under.");
        }
        if (!randomLabels && labelNoise == 0)
        {
            return task;
        }
        if (task is not IEnumeratedTask enumerated)
        {
            string option = randomLabels ? RandomLabelsTask.Option : RandomLabelsTask.NoiseOption;
            throw new ArgumentException($"Task '{entry.Info.Name}' samples fresh examples every step, so labels changed once cannot be memorised; {option} needs an enumerated task such as add or sort.");
        }
        return randomLabels
            ? new RandomLabelsTask(enumerated, labelSeed)
            : RandomLabelsTask.WithLabelNoise(enumerated, labelNoise, labelSeed);
    }

    private static IEnumerable<TaskDefinition> Entries()
    {
        TaskDefinition[] added;
        lock (RegisteredLock)
        {
            added = registered;
        }
        return Definitions.Concat(added);
    }

    private static TaskDefinition? Find(string name) => FindIn(Entries(), name);

    private static TaskDefinition? FindIn(IEnumerable<TaskDefinition> entries, string name) =>
        entries.FirstOrDefault(e => string.Equals(e.Info.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    // An option the task lists by name, or, for a task that lists TaskOptionInfo.SubtaskOptionName
    // (multitask), any NAME.OPTION key: the task forwards those to its subtasks, which check them.
    private static bool Takes(TaskInfo info, string key) =>
        info.Options.Any(o => o.Name == key || (o.Name == TaskOptionInfo.SubtaskOptionName && key.Contains('.', StringComparison.Ordinal)));

    private static string UnknownNameMessage(string name)
    {
        var names = Entries().Select(e => e.Info.Name).ToArray();
        return $"Unknown task '{name}'. Did you mean '{EditDistance.Closest(name.Trim(), names)}'? " +
               $"Known tasks: {string.Join(", ", names)}. A task of your own is known once its assembly is loaded: " +
               "pass --plugin PATH.dll (or trust the plugin a run records with --trust-plugins).";
    }

    private static string ModularProblems(string name) => name switch
    {
        "add" => "grokking; 3.3, 3.23, 3.26",
        "sub" => "3.4",
        _ => "",
    };

    private static TaskDefinition MinMaxDefinition(MinMaxKind kind)
    {
        var sample = new MinMaxTask(kind);
        return new TaskDefinition(new TaskInfo(sample.Name, sample.Description, [RangeOption], "3.5"), options => new MinMaxTask(kind, options.P ?? TaskOptions.DefaultP));
    }
}
