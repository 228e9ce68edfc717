using System.Collections.ObjectModel;

namespace AlgoLens.Tasks;

/// <summary>
/// The tasks AlgoLens knows by name: the modular-arithmetic operations of Power et al. 2022, S5
/// composition, and min/max. The CLI and run folders refer to tasks through it.
/// </summary>
public static class TaskRegistry
{
    private static readonly TaskOptionInfo ModulusOption = new(
        "p", TaskOptions.DefaultP.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "the modulus: numbers are 0..p-1, 2 <= p <= 10007");

    private static readonly TaskOptionInfo PrimeModulusOption = ModulusOption with
    {
        Description = "the modulus, prime (the task divides): numbers are 0..p-1, 2 <= p <= 10007",
    };

    private static readonly TaskOptionInfo RangeOption = ModulusOption with
    {
        Description = "numbers are 0..p-1, 2 <= p <= 10007 (need not be prime)",
    };

    private static readonly Entry[] Entries =
    [
        .. ModularOperation.All.Select(operation => new Entry(
            new TaskInfo(operation.Name, operation.Description,
                [operation.RequiresPrime ? PrimeModulusOption : ModulusOption]),
            options => new ModularArithmeticTask(operation, options.P))),
        new Entry(
            new TaskInfo("s5_compose", new S5CompositionTask().Description, []),
            _ => new S5CompositionTask()),
        MinMaxEntry(MinMaxKind.Min),
        MinMaxEntry(MinMaxKind.Max),
        new Entry(
            new TaskInfo(SparseFeaturesTask.TaskName, new SparseFeaturesTask().Description, SparseFeaturesTask.Options),
            options => SparseFeaturesTask.FromSettings(options.Extra)),
    ];

    /// <summary>Every registered task, in listing order.</summary>
    public static IReadOnlyList<TaskInfo> All { get; } =
        new ReadOnlyCollection<TaskInfo>(Entries.Select(entry => entry.Info).ToArray());

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
        Entry entry = Entries.FirstOrDefault(e => string.Equals(e.Info.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(UnknownNameMessage(name));

        // p arrives through TaskOptions.P and is ignored where it does not apply (s5_compose), so a
        // caller can pass one P for every task; extras are named by hand, so a stray one is a mistake.
        foreach (string key in options.Extra.Keys)
        {
            if (key == ModulusOption.Name || !entry.Info.Options.Any(o => o.Name == key))
            {
                string takes = entry.Info.Options.Count == 0
                    ? "it takes no options"
                    : "it takes: " + string.Join(", ", entry.Info.Options.Select(o => o.Name));
                string hint = key == ModulusOption.Name ? " (set p through TaskOptions.P)" : "";
                throw new ArgumentException($"Task '{entry.Info.Name}' has no extra option '{key}'{hint}; {takes}.");
            }
        }
        return entry.Create(options);
    }

    private static string UnknownNameMessage(string name)
    {
        IEnumerable<string> names = Entries.Select(e => e.Info.Name);
        return $"Unknown task '{name}'. Did you mean '{EditDistance.Closest(name.Trim(), names)}'? " +
               $"Known tasks: {string.Join(", ", names)}.";
    }

    private static Entry MinMaxEntry(MinMaxKind kind)
    {
        var sample = new MinMaxTask(kind);
        return new Entry(new TaskInfo(sample.Name, sample.Description, [RangeOption]), options => new MinMaxTask(kind, options.P));
    }

    private sealed record Entry(TaskInfo Info, Func<TaskOptions, ITask> Create);
}
