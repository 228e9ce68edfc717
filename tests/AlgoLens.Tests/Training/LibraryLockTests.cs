using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Reports;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

/// <summary>The library's analysis and report take the run's writer lock themselves, or work under one the caller holds.</summary>
public class LibraryLockTests
{
    private static string TrainedRun()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir);
        return dir;
    }

    [Fact]
    public void AnalysisAndReportAreRefusedWhileAnotherWriterHoldsTheRun()
    {
        string dir = TrainedRun();
        using (RunLock.Acquire(dir))
        {
            Assert.Throws<RunLockedException>(() => RunAnalyzer.Analyze(dir));
            Assert.Throws<RunLockedException>(() => RunReport.Write(dir));
        }
        RunAnalyzer.Analyze(dir);
        Assert.True(File.Exists(RunReport.Write(dir)));
    }

    [Fact]
    public void AnalysisUnderAHeldLockRunsWithTheLockHeldThroughout()
    {
        string dir = TrainedRun();
        var probe = new LockProbe(dir);
        using (var writer = RunLock.Acquire(dir))
        {
            RunAnalyzer.Analyze(writer, measures: [probe]);
            RunReport.Write(writer);
        }
        // Every checkpoint (0 and 50) was measured while the folder could not be locked by anyone else.
        Assert.Equal([true, true], probe.Refused);

        probe.Refused.Clear();
        RunAnalyzer.Analyze(dir, measures: [probe]);
        Assert.Equal([true, true], probe.Refused);
    }

    [Fact]
    public void AReleasedLockCannotBeUsed()
    {
        string dir = TrainedRun();
        var writer = RunLock.Acquire(dir);
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => RunAnalyzer.Analyze(writer));
        Assert.Throws<ObjectDisposedException>(() => RunReport.Write(writer));
        Assert.Throws<ObjectDisposedException>(() => Trainer.Resume(writer, TinyRun.Create, 100));
    }

    /// <summary>A measure that records, at each checkpoint, whether a second writer is refused.</summary>
    private sealed class LockProbe(string dir) : ICheckpointMeasure
    {
        public List<bool> Refused { get; } = [];

        public string Name => "lock_probe";

        public string Description => "whether the run's lock is held during analysis";

        public string? WhyNotApplicable(RunFolder run) => null;

        public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
        {
            try
            {
                using var second = RunLock.Acquire(dir);
                Refused.Add(false);
            }
            catch (RunLockedException)
            {
                Refused.Add(true);
            }
            return new Dictionary<string, double> { ["lock_probe"] = 0 };
        }
    }
}
