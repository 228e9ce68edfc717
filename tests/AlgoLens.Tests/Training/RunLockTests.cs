using AlgoLens.IO;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

public class RunLockTests
{
    [Fact]
    public void ASecondLockOnAFolderIsRefusedNamingTheHoldersPid()
    {
        string dir = TinyRun.NewDirectory();
        using (RunLock.Acquire(dir))
        {
            var error = Assert.Throws<RunLockedException>(() => RunLock.Acquire(dir));
            Assert.Equal(Environment.ProcessId, error.HolderPid);
            Assert.Contains($"pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        }
        using (RunLock.Acquire(dir))
        {
            // Released on dispose: the folder can be locked again.
        }
    }

    [Fact]
    public void ARunThatFailsBeforeWritingLeavesNoFolderBehind()
    {
        string dir = TinyRun.NewDirectory();
        var tooFew = TinyRun.Training(5) with { TrainFraction = 1e-6 };
        Assert.Throws<ArgumentException>(() => new Trainer(TinyRun.Task, TinyRun.Model, tooFew).Run(dir));
        Assert.False(Directory.Exists(dir), "the folder made for the lock should be removed");

        // A folder that existed before is left in place, lock file and all.
        Directory.CreateDirectory(dir);
        Assert.Throws<ArgumentException>(() => new Trainer(TinyRun.Task, TinyRun.Model, tooFew).Run(dir));
        Assert.True(Directory.Exists(dir));
    }

    [Fact]
    public void TrainingAndResumingRefuseAFolderAnotherWriterHolds()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir);
        using (RunLock.Acquire(dir))
        {
            Assert.Throws<RunLockedException>(() => Trainer.Resume(dir, TinyRun.Create, 100));
            // The lock comes first: a concurrent writer is named, not mistaken for a finished run.
            Assert.Throws<RunLockedException>(() => new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir));
        }
        Assert.Equal("completed", Trainer.Resume(dir, TinyRun.Create, 100).Status);
    }

    [Fact]
    public void ResumingRemovesTemporariesLeftByAKilledWriter()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir);
        string[] stale =
        [
            // A pid no process can have: the writer is dead.
            Path.Combine(dir, ".metrics.csv.99999999.0123456789abcdef0123456789abcdef.tmp"),
            Path.Combine(dir, "checkpoints", ".step_000100.safetensors.99999999.0123456789abcdef0123456789abcdef.tmp"),
        ];
        foreach (string file in stale)
        {
            File.WriteAllText(file, "half a write");
        }
        Trainer.Resume(dir, TinyRun.Create, 100);
        Assert.All(stale, file => Assert.False(File.Exists(file), file));
        Assert.Contains(100, new CheckpointStore(Path.Combine(dir, "checkpoints")).Steps());
    }

    [Fact]
    public void RemovingTemporariesLeavesEveryOtherFile()
    {
        string dir = TinyRun.NewDirectory();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ".measures.csv.99999999.0123456789abcdef0123456789abcdef.tmp"), "");
        File.WriteAllText(Path.Combine(dir, "notes.tmp"), "a user's file");
        File.WriteAllText(Path.Combine(dir, ".draft.tmp"), "a user's hidden file");
        File.WriteAllText(Path.Combine(dir, "run.json"), "{}");
        Assert.Equal(1, AtomicFile.RemoveStaleTemporaries(dir));
        Assert.True(File.Exists(Path.Combine(dir, "notes.tmp")));
        Assert.True(File.Exists(Path.Combine(dir, ".draft.tmp")));
        Assert.True(File.Exists(Path.Combine(dir, "run.json")));
    }

    [Fact]
    public void ARunKilledBeforeItsFirstCheckpointResumesFromStepZeroToTheSameEnd()
    {
        // Found by the kill -9 soak (tools/soak-kill.sh): such a run could neither resume nor be started again.
        string unbroken = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(unbroken);
        string killed = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(killed);
        // What a kill between run.json and the step-0 checkpoint leaves: run.json, metrics.csv, no checkpoints.
        Directory.Delete(Path.Combine(killed, "checkpoints"), recursive: true);
        File.WriteAllText(Path.Combine(killed, MetricsLog.FileName), File.ReadAllLines(Path.Combine(killed, MetricsLog.FileName))[0] + "\n");
        Assert.Equal("completed", Trainer.Resume(killed, TinyRun.Create).Status);
        Assert.Equal(TinyRun.Checkpoints(unbroken), TinyRun.Checkpoints(killed));
        Assert.Equal(MetricsLog.Read(unbroken).Select(r => r.Step), MetricsLog.Read(killed).Select(r => r.Step));
    }

    [Fact]
    public void ResumingARunWithoutMetricsIsRefusedRatherThanLosingItsHistory()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir);
        File.Delete(Path.Combine(dir, MetricsLog.FileName));
        var error = Assert.Throws<FileNotFoundException>(() => Trainer.Resume(dir, TinyRun.Create, 100));
        Assert.Contains("metrics.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("history", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(100, new CheckpointStore(Path.Combine(dir, "checkpoints")).Steps());
    }

    [Fact]
    public void AResumeFileWithoutItsMetadataIsAFormatErrorNamingTheKey()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir);
        string resume = Path.Combine(dir, "checkpoints", CheckpointStore.ResumeFile);
        File.Copy(Path.Combine(dir, "checkpoints", "step_000050.safetensors"), resume, overwrite: true);
        var file = SafetensorsFile.Load(resume);
        var writer = new SafetensorsWriter();
        foreach (string name in file.Names)
        {
            writer.Add(name, file[name].ToFloat32(), [.. file[name].Shape]);
        }
        writer.Save(resume);
        var error = Assert.Throws<SafetensorsFormatException>(() => Trainer.Resume(dir, TinyRun.Create, 100));
        Assert.Contains("'step'", error.Message, StringComparison.Ordinal);
    }
}
