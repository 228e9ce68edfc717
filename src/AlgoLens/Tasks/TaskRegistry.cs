using System.Collections.ObjectModel;
using System.Globalization;

namespace AlgoLens.Tasks;

/// <summary>
/// The tasks AlgoLens knows by name. The CLI and run folders refer to tasks through it; each task
/// class contributes one <see cref="TaskDefinition"/> (its listing and factory), listed here in the
/// order <c>algolens tasks</c> shows. Every enumerated task also takes the options of
/// <see cref="RandomLabelsTask"/> (problem 3.24).
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
            options => new ModularArithmeticTask(operation, options.P))),
        new TaskDefinition(
            new TaskInfo("s5_compose", new S5CompositionTask().Description, [], "groups (universality)"),
            _ => new S5CompositionTask()),
        MinMaxDefinition(MinMaxKind.Min),
        MinMaxDefinition(MinMaxKind.Max),
        TaskDefinition.FromExtras(
            new TaskInfo(SparseFeaturesTask.TaskName, new SparseFeaturesTask().Description, SparseFeaturesTask.Options, "toy models of superposition"),
            SparseFeaturesTask.FromSettings),
        Sequences.PreviousTokenTask.Definition,
        Arithmetic.DigitAdditionTask.Definition,
        Arithmetic.DigitSubtractionTask.Definition,
        Arithmetic.DigitMultiplicationTask.Definition,
        Arithmetic.RecurrenceTask.Definition,
    ];

    /// <summary>Every registered task, in listing order.</summary>
    public static IReadOnlyList<TaskInfo> All { get; } =
        new ReadOnlyCollection<TaskInfo>(Definitions.Select(entry => entry.Info).ToArray());

    /// <summary>Whether <paramref name="name"/> is a registered task (case-insensitive).</summary>
    public static bool Contains(string name) => Find(name) is not null;

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
        int labelSeed = labels.Int(RandomLabelsTask.SeedOption, 0, int.MaxValue);
        extra.Remove(RandomLabelsTask.Option);
        extra.Remove(RandomLabelsTask.SeedOption);

        // p arrives through TaskOptions.P and is ignored where it does not apply (s5_compose), so a
        // caller can pass one P for every task; extras are named by hand, so a stray one is a mistake.
        foreach (string key in extra.Keys)
        {
            if (key == ModulusOption.Name || !entry.Info.Options.Any(o => o.Name == key))
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
        if (!randomLabels)
        {
            return task;
        }
        return task is IEnumeratedTask enumerated
            ? new RandomLabelsTask(enumerated, labelSeed)
            : throw new ArgumentException($"Task '{entry.Info.Name}' samples fresh examples every step, so labels shuffled once cannot be memorised; random_labels needs an enumerated task such as add or sort.");
    }

    private static TaskDefinition? Find(string name) =>
        Definitions.FirstOrDefault(e => string.Equals(e.Info.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string UnknownNameMessage(string name)
    {
        IEnumerable<string> names = Definitions.Select(e => e.Info.Name);
        return $"Unknown task '{name}'. Did you mean '{EditDistance.Closest(name.Trim(), names)}'? " +
               $"Known tasks: {string.Join(", ", names)}.";
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
        return new TaskDefinition(new TaskInfo(sample.Name, sample.Description, [RangeOption], "3.5"), options => new MinMaxTask(kind, options.P));
    }
}
