using System.Collections.ObjectModel;
using System.Globalization;
using AlgoLens.Common;

namespace AlgoLens.Tasks.Composite;

/// <summary>
/// Problem 3.11 of the seed: one model trained on several registered token tasks at once, each
/// example prefixed with its task's token (<c>&lt;add&gt; 3 5 =</c> → 8, <c>&lt;max&gt; 3 5 =</c> → 5).
/// The mixture is enumerated (<see cref="EnumeratedMultitask"/>) when every subtask is, so each
/// subtask keeps a held-out split; otherwise sampled (<see cref="SampledMultitask"/>), with optional
/// weights. Options: <c>tasks</c> (the subtasks), <c>p</c> (for every subtask that takes one),
/// <c>tokens</c> (shared or separate names, see <see cref="MultitaskLayout"/>), <c>weights</c> and
/// <c>NAME.OPTION</c> for one subtask's own option (<c>prev-token.length=8</c>, <c>sub.p=7</c>).
/// </summary>
public static class Multitask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "multitask";

    /// <summary>The options it reads (p arrives as <see cref="TaskOptions.P"/>; NAME.OPTION keys are forwarded).</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("p", TaskOptions.DefaultP.ToString(CultureInfo.InvariantCulture), "the modulus of every subtask that takes one (add, sub, min, max, ...); NAME.p=N overrides it for one"),
        new("tasks", "add,sub,max", "comma-separated registered token tasks, each at most once (see algolens tasks)"),
        new("tokens", "shared", "shared: a token name several subtasks use is one token (add's 5 is sub's 5); separate: add:5, sub:5"),
        new("weights", "equal", "equal, or one positive number per task (e.g. 2,1,1): shares of a sampled mixture; a mixture of enumerated tasks trains on every example once"),
        new(TaskOptionInfo.SubtaskOptionName, "(the subtask's)", "one subtask's own option, e.g. prev-token.length=8 or add.random_labels=true"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = new(
        new TaskInfo(TaskName, "several tasks in one model, each example prefixed by its task's token", Options, "3.11"),
        FromOptions);

    /// <summary>A mixture of <paramref name="tasks"/> with shared modulus <paramref name="p"/> and otherwise default options.</summary>
    public static IMultitask Create(string tasks = "add,sub,max", int p = TaskOptions.DefaultP, MultitaskTokens tokens = MultitaskTokens.Shared) =>
        (IMultitask)FromOptions(new TaskOptions
        {
            P = p,
            Extra = new Dictionary<string, string> { ["tasks"] = tasks, ["tokens"] = tokens.ToString().ToLowerInvariant() },
        });

    /// <summary>The shared part of the two kinds' descriptions.</summary>
    internal static string Describe(MultitaskLayout layout) =>
        $"{string.Join(", ", layout.Subtasks.Select(t => t.Name))} in one model, each example opened by its task token ({layout.Tokens.ToString().ToLowerInvariant()} tokens)";

    private static ITask FromOptions(TaskOptions options)
    {
        // NAME.OPTION keys belong to the subtasks; the reader checks the mixture's own.
        var own = options.Extra.Where(kv => !kv.Key.Contains('.', StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var reader = new TaskSettingsReader(TaskName, Options.Where(o => o.Name != TaskOptionInfo.SubtaskOptionName && o.Name != "p").ToArray(), own);
        string[] names = reader.List("tasks", name => TaskRegistry.Contains(name) && !string.Equals(name, TaskName, StringComparison.OrdinalIgnoreCase), "registered tasks other than multitask (a task of your own is registered once its plugin is loaded: --plugin PATH.dll)");
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw reader.Conflict($"tasks lists '{duplicate.Key}' twice; list each task once (use weights to draw one more often).");
        }
        var tokens = reader.Choice("tokens", "shared", "separate") == "shared" ? MultitaskTokens.Shared : MultitaskTokens.Separate;
        string[] weights = reader.List("weights", w => w == "equal" || (double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0 && double.IsFinite(x)), "positive numbers, one per task (or equal)");
        bool equal = weights is ["equal"];
        if (!equal && weights.Length != names.Length)
        {
            throw reader.Conflict($"weights lists {weights.Length} number(s) for {names.Length} tasks ({string.Join(",", names)}); give one per task, or leave weights out for equal shares.");
        }

        var perTask = SubtaskOptions(reader, names, options);
        var subtasks = names.Select(name => TaskRegistry.Create(name, perTask[name])).ToArray();
        var layout = new MultitaskLayout(subtasks, tokens);

        // Recorded so that run.json rebuilds the same mixture: the subtasks by their own names, the
        // shared modulus where a subtask uses it, and every other subtask setting as NAME.OPTION.
        var settings = new Dictionary<string, string>(reader.Settings) { ["tasks"] = string.Join(",", subtasks.Select(t => t.Name)) };
        string sharedP = SharedModulus(options).ToString(CultureInfo.InvariantCulture);
        if (subtasks.Any(t => t.Settings.ContainsKey("p")))
        {
            settings["p"] = sharedP;
        }
        foreach (var task in subtasks)
        {
            foreach (var (key, value) in task.Settings.Where(kv => kv.Key != "p" || kv.Value != sharedP))
            {
                settings[task.Name + "." + key] = value;
            }
        }
        var recorded = new ReadOnlyDictionary<string, string>(settings);

        if (subtasks.All(t => t is IEnumeratedTask))
        {
            return equal
                ? new EnumeratedMultitask(layout, recorded)
                : throw reader.Conflict("weights apply to sampled mixtures, but these tasks are all enumerated: the mixture trains on every example of each once and keeps each task's held-out split. Leave weights out.");
        }
        double[] shares = equal ? Enumerable.Repeat(1.0, names.Length).ToArray() : weights.Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        return new SampledMultitask(layout, shares, recorded);
    }

    /// <summary>
    /// The modulus every subtask shares unless given its own: p when set, else 113 for every
    /// subtask alike (a subtask's own default, such as recurrence's, would split the shared numbers).
    /// </summary>
    private static int SharedModulus(TaskOptions options) => options.P ?? TaskOptions.DefaultP;

    private static Dictionary<string, TaskOptions> SubtaskOptions(TaskSettingsReader reader, string[] names, TaskOptions options)
    {
        var extras = names.ToDictionary(n => n, _ => new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        var moduli = names.ToDictionary(n => n, _ => SharedModulus(options), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in options.Extra.Where(kv => kv.Key.Contains('.', StringComparison.Ordinal)))
        {
            int dot = key.LastIndexOf('.');
            string task = key[..dot], option = key[(dot + 1)..];
            if (!extras.TryGetValue(task, out var extra) || option.Length == 0)
            {
                throw reader.Conflict($"option {key} = '{value}' names task '{task}', which is not in tasks ({string.Join(",", names)}); did you mean {EditDistance.Closest(task, names)}.{(option.Length > 0 ? option : "p")}? Options of one subtask are written TASK.OPTION.");
            }
            if (option == "p")
            {
                moduli[task] = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p)
                    ? p
                    : throw reader.Conflict($"option {key} = '{value}' must be a whole number (the modulus of {task}).");
            }
            else
            {
                extra[option] = value;
            }
        }
        return names.ToDictionary(n => n, n => new TaskOptions { P = moduli[n], Extra = new ReadOnlyDictionary<string, string>(extras[n]) }, StringComparer.OrdinalIgnoreCase);
    }
}
