using System.Diagnostics;
using AlgoLens.Analysis.Measures;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Run;

/// <summary>
/// <c>algolens analyze</c>: runs every measure that applies to a run at every checkpoint (or every
/// N-th), each after the measures it depends on (<see cref="MeasureOrder"/>), and writes
/// analysis/measures.csv (one column per scalar), analysis/measures.json (which measures ran, which
/// did not apply and why) and the files the measures write themselves in their
/// <see cref="ICheckpointMeasure.Finish"/>. It knows no measure by name.
/// </summary>
public static class RunAnalyzer
{
    /// <summary>Folder, inside a run folder, where analysis results go.</summary>
    public const string AnalysisFolder = RunAnalysis.Folder;

    /// <summary>
    /// Analyses every checkpoint (or every <paramref name="every"/>-th, the last always included) of
    /// a run with <paramref name="measures"/> (default: <see cref="MeasureRegistry.Create"/>).
    /// Progress reports (checkpoints done, total) after each one. Holds the run's writer lock
    /// meanwhile (<see cref="RunLock"/>): a run being trained, or analysed elsewhere, is refused.
    /// </summary>
    /// <exception cref="RunLockedException">Another process is writing to <paramref name="runDirectory"/>.</exception>
    /// <exception cref="ArgumentException">The measures' names or dependencies do not fit together (see <see cref="MeasureOrder.Sort"/>).</exception>
    public static AnalysisResult Analyze(string runDirectory, IProgress<(int Done, int Total)>? progress = null, int every = 1,
        CancellationToken cancellation = default, IReadOnlyList<ICheckpointMeasure>? measures = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        using var writer = RunLock.Acquire(runDirectory, mustExist: true);
        return Analyze(writer, progress, every, cancellation, measures);
    }

    /// <summary>As <see cref="Analyze(string, IProgress{ValueTuple{int, int}}?, int, CancellationToken, IReadOnlyList{ICheckpointMeasure}?)"/>, in the folder of a lock the caller holds.</summary>
    public static AnalysisResult Analyze(RunLock writer, IProgress<(int Done, int Total)>? progress = null, int every = 1,
        CancellationToken cancellation = default, IReadOnlyList<ICheckpointMeasure>? measures = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        writer.ThrowIfReleased();
        // Checked before any work, so that a measure set that cannot run fails at once.
        var ordered = MeasureOrder.Sort(measures ?? MeasureRegistry.Create());
        string runDirectory = writer.Directory;
        var clock = Stopwatch.StartNew();
        var run = RunFolder.Open(runDirectory);
        var steps = run.Checkpoints.Steps();
        if (steps.Count == 0)
        {
            throw new FileNotFoundException($"'{runDirectory}' has no checkpoints to analyse: train it first (algolens train), or check the path.");
        }
        var chosen = steps.Where((_, i) => i % every == 0 || i == steps.Count - 1).ToList();

        var (applicable, skipped) = Applicable(ordered, run);
        var logged = MetricsLog.Read(runDirectory).ToDictionary(r => r.Step);
        int finalStep = chosen[^1];
        var finalModel = run.LoadModel(finalStep);
        foreach (var measure in applicable)
        {
            measure.Prepare(run, finalModel, finalStep);
        }

        MeasureTable? table = null;
        var columns = new Dictionary<string, IReadOnlyList<string>>();
        for (int i = 0; i < chosen.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            int step = chosen[i];
            var model = step == finalStep ? finalModel : run.LoadModel(step);
            var context = new CheckpointContext(run, step, model, logged.GetValueOrDefault(step));
            var values = new Dictionary<string, double>();
            var byMeasure = new Dictionary<string, IReadOnlyDictionary<string, double>>();
            foreach (var measure in applicable)
            {
                var scalars = measure.Measure(context with { Measured = Dependencies(measure, byMeasure) });
                byMeasure[measure.Name] = scalars;
                if (i == 0)
                {
                    columns[measure.Name] = scalars.Keys.ToArray();
                }
                foreach (var (name, value) in scalars)
                {
                    if (!values.TryAdd(name, value))
                    {
                        throw new InvalidOperationException($"Measure '{measure.Name}' writes the column '{name}', which another measure already writes: rename one of them.");
                    }
                }
            }
            table ??= new MeasureTable(applicable.SelectMany(m => columns[m.Name]).ToArray());
            table.Add(step, values);
            progress?.Report((i + 1, chosen.Count));
        }

        string analysisDirectory = Path.Combine(runDirectory, AnalysisFolder);
        Directory.CreateDirectory(analysisDirectory);
        // Artefacts of an earlier analysis would be read as this one's.
        string artefacts = Path.Combine(analysisDirectory, Artefacts.Folder);
        if (Directory.Exists(artefacts))
        {
            Directory.Delete(artefacts, recursive: true);
        }
        table!.Save(analysisDirectory);
        var ran = new List<MeasureRan>();
        foreach (var measure in applicable)
        {
            var finish = new MeasureFinishContext(run, finalStep, finalModel, table, analysisDirectory, clock.Elapsed);
            measure.Finish(finish);
            ran.Add(new MeasureRan(measure.Name, measure.Description, columns[measure.Name], finish.Written));
        }
        var index = new RunAnalysis { Steps = chosen, FinalStep = finalStep, Ran = ran, Skipped = skipped, Seconds = clock.Elapsed.TotalSeconds };
        index.Save(analysisDirectory);
        return new AnalysisResult(index, applicable);
    }

    // The measures that apply, in order, and those that do not with why: a measure whose
    // dependency does not apply does not apply either.
    private static (List<ICheckpointMeasure> Applicable, List<MeasureSkipped> Skipped) Applicable(IReadOnlyList<ICheckpointMeasure> ordered, RunFolder run)
    {
        var applicable = new List<ICheckpointMeasure>();
        var skipped = new List<MeasureSkipped>();
        foreach (var measure in ordered)
        {
            string? reason = measure.WhyNotApplicable(run)
                ?? measure.DependsOn.Where(d => skipped.Any(s => s.Name == d)).Select(d => $"it needs the measure '{d}', which does not apply to this run").FirstOrDefault();
            if (reason is not null)
            {
                skipped.Add(new MeasureSkipped(measure.Name, reason));
            }
            else
            {
                applicable.Add(measure);
            }
        }
        return (applicable, skipped);
    }

    // This checkpoint's scalars of the measures that `measure` declared; ordering put them first.
    private static Dictionary<string, double> Dependencies(ICheckpointMeasure measure, Dictionary<string, IReadOnlyDictionary<string, double>> byMeasure)
    {
        var values = new Dictionary<string, double>();
        foreach (string dependency in measure.DependsOn)
        {
            foreach (var (name, value) in byMeasure[dependency])
            {
                values[name] = value;
            }
        }
        return values;
    }
}
