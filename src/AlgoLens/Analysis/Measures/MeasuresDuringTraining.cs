using AlgoLens.Analysis.Run;
using AlgoLens.Common;
using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// <c>train --measure NAME[,NAME] --measure-every N</c>: the checkpoint measures
/// (<see cref="MeasureRegistry"/>) taken on the live model every N steps while it trains, so that a
/// phase change shows at step resolution without a checkpoint per step. Written to RUN_DIR/measures.csv,
/// beside metrics.csv, in the form of analysis/measures.csv (<see cref="MeasureTable"/>): <c>step</c>,
/// then each measure's scalars under the same column names, one row per measured step, appended
/// as training goes (a resumed run rewrites the rows from its checkpoint on, as metrics.csv does).
/// </summary>
/// <remarks>
/// The trainer calls it through <see cref="ITrainingObserver"/>; the measures read the model in
/// forward passes without gradient and draw from their own random streams only, so the run trains
/// bitwise as it would without them. A measure that does not apply to the run, or cannot run
/// during training (<see cref="ICheckpointMeasure.WhyNotDuringTraining"/>), refuses the run before
/// anything is written. Each measure is prepared (<see cref="ICheckpointMeasure.Prepare"/>) with the
/// model at the first measured step.
/// </remarks>
public sealed class MeasuresDuringTraining : ITrainingObserver
{
    /// <summary>File name inside the run folder, beside metrics.csv.</summary>
    public const string FileName = MeasureTable.FileName;

    private readonly IReadOnlyList<ICheckpointMeasure> measures;
    private RunFolder? run;
    private MetricsLog? log;
    private string? header;
    private bool prepared;

    /// <summary>
    /// Takes <paramref name="measures"/> (with the measures they depend on, which must be among them)
    /// every <paramref name="every"/> steps.
    /// </summary>
    /// <exception cref="ArgumentException">The measures' names or dependencies do not fit together (<see cref="MeasureOrder.Sort"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is below 1.</exception>
    public MeasuresDuringTraining(IReadOnlyList<ICheckpointMeasure> measures, int every)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        this.measures = MeasureOrder.Sort(measures);
        Every = every;
    }

    /// <inheritdoc/>
    public int Every { get; }

    /// <summary>The measures taken, in the order their columns appear.</summary>
    public IReadOnlyList<ICheckpointMeasure> Measures => measures;

    /// <summary>
    /// The registry's measures named in <paramref name="names"/> (each item may list several,
    /// comma-separated; case-insensitive), with the measures they depend on, in the registry's order.
    /// </summary>
    /// <exception cref="ArgumentException">A name is no measure's (the message lists the known names and the nearest one), or no name is given.</exception>
    public static IReadOnlyList<ICheckpointMeasure> Resolve(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var all = MeasureRegistry.Create();
        var wanted = names.SelectMany(n => n.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (wanted.Count == 0)
        {
            throw new ArgumentException($"--measure names no measure: give one or more of {Known(all)}, separated by commas.");
        }
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in wanted)
        {
            var measure = all.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"There is no measure '{name}'.{Suggestion(name, all)} The measures: {Known(all)}.");
            Include(measure, all, chosen);
        }
        return all.Where(m => chosen.Contains(m.Name)).ToList();
    }

    // A measure and, first, those it depends on (their columns are part of what it needs).
    private static void Include(ICheckpointMeasure measure, IReadOnlyList<ICheckpointMeasure> all, HashSet<string> chosen)
    {
        if (!chosen.Add(measure.Name))
        {
            return;
        }
        foreach (string dependency in measure.DependsOn)
        {
            if (all.FirstOrDefault(m => m.Name == dependency) is { } needed)
            {
                Include(needed, all, chosen);
            }
        }
    }

    private static string Known(IReadOnlyList<ICheckpointMeasure> all) => string.Join(", ", all.Select(m => m.Name));

    private static string Suggestion(string name, IReadOnlyList<ICheckpointMeasure> all)
    {
        var nearest = all.Select(m => (m.Name, Distance: EditDistance.Between(name, m.Name))).MinBy(m => m.Distance);
        bool near = nearest.Distance <= Math.Max(2, nearest.Name.Length / 3) || nearest.Name.Contains(name, StringComparison.OrdinalIgnoreCase);
        return near ? $" Did you mean '{nearest.Name}'?" : "";
    }

    /// <inheritdoc/>
    public void Begin(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var measure in measures)
        {
            string? reason = measure.WhyNotDuringTraining;
            if (reason is not null)
            {
                throw new ArgumentException($"The measure '{measure.Name}' cannot run during training: {reason}. Leave it out of --measure.");
            }
            reason = measure.WhyNotApplicable(run);
            if (reason is not null)
            {
                throw new ArgumentException($"The measure '{measure.Name}' does not apply to this run: {reason}. Leave it out of --measure.");
            }
        }
        this.run = run;
    }

    /// <inheritdoc/>
    public void Start(int step)
    {
        var folder = run ?? throw new InvalidOperationException("Begin was not called.");
        string path = Path.Combine(folder.Directory, FileName);
        if (File.Exists(path))
        {
            // A resumed run: the rows from its checkpoint on are measured again, as in an unbroken run.
            header = File.ReadLines(path).FirstOrDefault() ?? "";
            log = new MetricsLog(folder.Directory, header, FileName);
            log.TruncateFrom(step);
        }
    }

    /// <inheritdoc/>
    public void Observe(int step, IModel model, MetricsRow? logged)
    {
        ArgumentNullException.ThrowIfNull(model);
        var folder = run ?? throw new InvalidOperationException("Begin was not called.");
        if (!prepared)
        {
            foreach (var measure in measures)
            {
                measure.Prepare(folder, model, step);
            }
            prepared = true;
        }
        var context = new CheckpointContext(folder, step, model, logged);
        var row = new List<KeyValuePair<string, double>>();
        var byMeasure = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var measure in measures)
        {
            var measured = measure.DependsOn.SelectMany(d => byMeasure[d]).ToDictionary(kv => kv.Key, kv => kv.Value);
            var scalars = measure.Measure(context with { Measured = measured });
            byMeasure[measure.Name] = scalars;
            foreach (var (name, value) in scalars)
            {
                if (!seen.Add(name))
                {
                    throw new InvalidOperationException($"Measure '{measure.Name}' writes the column '{name}', which another measure already writes: rename one of them.");
                }
                row.Add(new(name, value));
            }
        }
        Append(folder, new MetricsRow(step, row));
    }

    private void Append(RunFolder folder, MetricsRow row)
    {
        if (log is null)
        {
            log = new MetricsLog(folder.Directory, row.Header, FileName);
            header = row.Header;
        }
        else if (header != row.Header)
        {
            throw new ArgumentException($"{Path.Combine(folder.Directory, FileName)} holds other columns than --measure {string.Join(",", measures.Select(m => m.Name))} writes: "
                + "resume with the --measure the run was trained with, or move that file away to start its table afresh.");
        }
        log.Append(row);
    }

    /// <summary>
    /// RUN_DIR/measures.csv as a table (a torn last line, from a kill mid-write, skipped), or null
    /// when the run was trained without <c>--measure</c>.
    /// </summary>
    public static MeasureTable? Read(string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        if (!File.Exists(Path.Combine(runDirectory, FileName)))
        {
            return null;
        }
        var rows = MetricsLog.Read(runDirectory, FileName);
        string header = AlgoLens.IO.InputFile.ReadAllLines(Path.Combine(runDirectory, FileName), FileName).FirstOrDefault() ?? "step";
        var table = new MeasureTable(header.Split(',')[1..]);
        foreach (var row in rows)
        {
            table.Add(row.Step, row.Columns.ToDictionary(c => c, c => row[c]));
        }
        return table;
    }
}
