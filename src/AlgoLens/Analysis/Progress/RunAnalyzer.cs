using System.Diagnostics;
using AlgoLens.Analysis.Measures;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Progress;

/// <summary>
/// <c>algolens analyze</c>: runs every measure that applies to a run at every checkpoint (or every
/// N-th) and writes analysis/measures.csv (one column per scalar), analysis/measures.json (which
/// measures ran, which did not apply and why) and the measures' run-level files (for the grokking
/// measures analysis/progress.csv, analysis/summary.json and analysis/artefacts/grokking.json).
/// </summary>
public static class RunAnalyzer
{
    /// <summary>Folder, inside a run folder, where analysis results go.</summary>
    public const string AnalysisFolder = RunAnalysis.Folder;

    /// <summary>File name of the grokking measures per checkpoint.</summary>
    public const string ProgressFile = "progress.csv";

    /// <summary>
    /// Analyses every checkpoint (or every <paramref name="every"/>-th, the last always included) of
    /// a run with <paramref name="measures"/> (default: <see cref="MeasureRegistry.Create"/>).
    /// Progress reports (checkpoints done, total) after each one. Holds the run's writer lock
    /// meanwhile (<see cref="RunLock"/>): a run being trained, or analysed elsewhere, is refused.
    /// </summary>
    /// <exception cref="RunLockedException">Another process is writing to <paramref name="runDirectory"/>.</exception>
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
        string runDirectory = writer.Directory;
        var clock = Stopwatch.StartNew();
        var run = RunFolder.Open(runDirectory);
        var steps = run.Checkpoints.Steps();
        if (steps.Count == 0)
        {
            throw new FileNotFoundException($"'{runDirectory}' has no checkpoints to analyse: train it first (algolens train), or check the path.");
        }
        var chosen = steps.Where((_, i) => i % every == 0 || i == steps.Count - 1).ToList();

        measures ??= MeasureRegistry.Create();
        var applicable = new List<ICheckpointMeasure>();
        var skipped = new List<MeasureSkipped>();
        foreach (var measure in measures)
        {
            if (measure.WhyNotApplicable(run) is { } reason)
            {
                skipped.Add(new MeasureSkipped(measure.Name, reason));
            }
            else
            {
                applicable.Add(measure);
            }
        }

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
            foreach (var measure in applicable)
            {
                var scalars = measure.Measure(context);
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
        return new AnalysisResult(index, applicable.OfType<GrokkingMeasure>().FirstOrDefault()?.Summary);
    }

    /// <summary>Reads analysis/progress.csv of a run (written when the grokking measures applied).</summary>
    public static IReadOnlyList<ProgressRow> ReadProgress(string runDirectory)
    {
        string path = Path.Combine(runDirectory, AnalysisFolder, ProgressFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{runDirectory}' has no {AnalysisFolder}/{ProgressFile}: run `algolens analyze {runDirectory}` first (it is written for modular-addition runs).");
        }
        return AlgoLens.IO.InputFile.ReadAllLines(path, Path.GetFileName(path)).Skip(1).Where(l => l.Length > 0).Select(ProgressRow.Parse).ToList();
    }
}
