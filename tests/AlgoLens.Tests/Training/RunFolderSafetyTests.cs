using AlgoLens.IO;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

/// <summary>
/// Taking a run's lock, starting a run and resuming one touch only what is the run's: temporaries
/// of dead AlgoLens writers at the places AlgoLens writes, a folder that is new, empty or a run,
/// a metrics history that is whole; and a lock whose file a user deleted still holds.
/// </summary>
public class RunFolderSafetyTests
{
    // A pid no process can have (Linux's pid_max is at most 2^22, macOS's 99,998): a dead writer.
    private const int DeadPid = 99_999_999;

    private static string Temporary(string name, int pid = DeadPid) => $".{name}.{pid}.{Guid.NewGuid():N}.tmp";

    private static string TrainedRun(int steps = 50)
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(steps)).Run(dir);
        return dir;
    }

    private static string Write(string path, string text = "x")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void TakingTheLockRemovesOnlyTemporariesOfDeadAlgoLensWritersWhereAlgoLensWrites()
    {
        string run = TrainedRun();
        string other = TinyRun.NewDirectory(), elsewhere = TinyRun.NewDirectory();
        string[] removed =
        [
            Write(Path.Combine(run, Temporary("metrics.csv"))),
            Write(Path.Combine(run, "checkpoints", Temporary("step_000100.safetensors"))),
            Write(Path.Combine(run, "analysis", Temporary("measures.csv"))),
        ];
        string[] kept =
        [
            Write(Path.Combine(run, Temporary("run.json", Environment.ProcessId))), // a writer still running
            Write(Path.Combine(run, ".a.tmp")),
            Write(Path.Combine(run, "notes.tmp")),
            Write(Path.Combine(run, "notes", ".draft.tmp")),
            Write(Path.Combine(run, "notes", Temporary("draft.md"))),
            Write(Path.Combine(other, ".a.tmp")),
            Write(Path.Combine(other, "sub", ".b.tmp")),
            Write(Path.Combine(other, Temporary("metrics.csv"))),
            Write(Path.Combine(elsewhere, Temporary("step_000100.safetensors"))),
            Write(Path.Combine(elsewhere, Temporary("x.json"))),
        ];
        Directory.CreateSymbolicLink(Path.Combine(run, "linked"), other);
        Directory.CreateSymbolicLink(Path.Combine(run, "checkpoints", "elsewhere"), elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(run, "analysis", "artefacts"), elsewhere);
        string linkNamedAsTemporary = Path.Combine(run, Temporary("report.html"));
        File.CreateSymbolicLink(linkNamedAsTemporary, Path.Combine(other, ".a.tmp"));

        using (RunLock.Acquire(run, mustExist: true))
        {
        }

        Assert.All(removed, file => Assert.False(File.Exists(file), file));
        Assert.All(kept, file => Assert.True(File.Exists(file), file));
        Assert.NotNull(new FileInfo(linkNamedAsTemporary).LinkTarget);
    }

    [Fact]
    public void ANonEmptyFolderThatHoldsNoRunIsRefusedForANewRunAndLeftUntouched()
    {
        string dir = TinyRun.NewDirectory();
        string[] files = [Write(Path.Combine(dir, "paper.txt")), Write(Path.Combine(dir, ".cache.tmp")), Write(Path.Combine(dir, "deep", ".x.tmp")),
            Write(Path.Combine(dir, "deep", Temporary("y")))];
        var error = Assert.Throws<IOException>(() => new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(10)).Run(dir));
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("--out", error.Message, StringComparison.Ordinal);
        Assert.All(files, file => Assert.True(File.Exists(file), file));
        Assert.False(File.Exists(Path.Combine(dir, RunLock.FileName)), "nothing of a run is written into a folder that is refused");

        // An empty folder, or one holding only what a refused run left (its lock, an error log), is fine.
        string empty = TinyRun.NewDirectory();
        Write(Path.Combine(empty, RunLock.FileName), "");
        Write(Path.Combine(empty, "algolens-error-20260101-000000-1-abcdef01.log"));
        Assert.Equal("completed", new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(10)).Run(empty).Status);
    }

    [Fact]
    public void ALockWhoseFileWasDeletedOrReplacedStillKeepsASecondWriterOut()
    {
        string dir = TrainedRun();
        string lockFile = Path.Combine(dir, RunLock.FileName);
        using (RunLock.Acquire(dir, mustExist: true))
        {
            File.Delete(lockFile); // a user tidying the folder
            Assert.Throws<RunLockedException>(() => RunLock.Acquire(dir, mustExist: true));
            Assert.Throws<RunLockedException>(() => Trainer.Resume(dir, TinyRun.Create, 100));
            File.WriteAllText(lockFile, "");
            Assert.Throws<RunLockedException>(() => RunLock.Acquire(dir, mustExist: true));
        }
        using (RunLock.Acquire(dir, mustExist: true))
        {
            // Released with the holder: taken at once.
        }
    }

    public static TheoryData<string, Func<string[], string>> CutHistories => new()
    {
        // Rows 0 and 25 whole, row 50 cut mid-row: rows 50 and 75 would be lost.
        { "cut mid-row", lines => string.Join("\n", lines[..3]) + "\n" + lines[3][..6] },
        // Only the header: every row before the checkpoint would be lost.
        { "header only", lines => lines[0] + "\n" },
        // Rows after 75 gone and row 75 cut inside its last number, with no line end: it parses, but is not whole.
        { "cut in the last field", lines => string.Join("\n", lines[..4]) + "\n" + lines[4][..^2] },
    };

    [Theory]
    [MemberData(nameof(CutHistories))]
    public void AMetricsFileThatDoesNotReachTheCheckpointIsNotResumed(string what, Func<string[], string> cut)
    {
        string dir = TrainedRun(100); // rows 0, 25, 50, 75, 100; resume state at step 100
        string metrics = Path.Combine(dir, MetricsLog.FileName);
        File.WriteAllText(metrics, cut(File.ReadAllLines(metrics)));
        byte[] before = File.ReadAllBytes(metrics);
        string runJson = File.ReadAllText(Path.Combine(dir, RunInfo.FileName));

        var error = Assert.Throws<InvalidDataException>(() => Trainer.Resume(dir, TinyRun.Create, 150));
        Assert.Contains("step 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("75", error.Message, StringComparison.Ordinal);
        Assert.Contains("Restore metrics.csv", error.Message, StringComparison.Ordinal);
        Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(metrics)), $"{what}: metrics.csv was changed");
        Assert.Equal(runJson, File.ReadAllText(Path.Combine(dir, RunInfo.FileName)));
        Assert.DoesNotContain(150, new CheckpointStore(Path.Combine(dir, "checkpoints")).Steps());
    }

    [Fact]
    public void ARowCutAfterTheCheckpointIsWhatAKillLeavesAndIsDroppedOnResume()
    {
        string dir = TrainedRun(100);
        File.AppendAllText(Path.Combine(dir, MetricsLog.FileName), "125,0.3"); // killed while appending a later row
        Assert.Equal("completed", Trainer.Resume(dir, TinyRun.Create, 150).Status);
        Assert.Equal([0, 25, 50, 75, 100, 125, 150], MetricsLog.Read(dir).Select(r => r.Step));
        Assert.EndsWith("\n", File.ReadAllText(Path.Combine(dir, MetricsLog.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void AWriteThatFailsMidRunLeavesTheRunFailedWithTheReasonAndResumable()
    {
        string unbroken = TrainedRun(100);
        string dir = TinyRun.NewDirectory();
        string metrics = Path.Combine(dir, MetricsLog.FileName), aside = metrics + ".aside";
        var progress = new SynchronousProgress(p =>
        {
            if (p.Step == 60)
            {
                // As a full disk would: the next append (step 75) fails; checkpoint 50 is whole.
                File.Move(metrics, aside);
                Directory.CreateDirectory(metrics);
            }
        });
        var error = Assert.ThrowsAny<Exception>(() => new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(100)).Run(dir, progress));
        Assert.True(error is IOException or UnauthorizedAccessException, error.ToString());

        var failed = RunJson(dir);
        Assert.Equal("failed", (string?)failed["status"]);
        string failure = (string?)failed["failure"] ?? "";
        Assert.Contains("step 75", failure, StringComparison.Ordinal);
        Assert.Contains(error.Message, failure, StringComparison.Ordinal);

        Directory.Delete(metrics);
        File.Move(aside, metrics);
        var resumed = Trainer.Resume(dir, TinyRun.Create);
        Assert.Equal("completed", resumed.Status);
        Assert.Null(RunJson(dir)["failure"]);
        Assert.Equal(TinyRun.Checkpoints(unbroken), TinyRun.Checkpoints(dir));
    }

    [Fact]
    public void ExportNeverWritesOverARunsOwnFilesHoweverThePathIsSpelled()
    {
        string run = TrainedRun(100);
        Directory.CreateDirectory(Path.Combine(run, "notes"));
        string links = TinyRun.NewDirectory();
        Directory.CreateDirectory(links);
        string toCheckpoints = Path.Combine(links, "ckpt"), toRun = Path.Combine(links, "run"), toRunJson = Path.Combine(links, "file");
        Directory.CreateSymbolicLink(toCheckpoints, Path.Combine(run, "checkpoints"));
        Directory.CreateSymbolicLink(toRun, run);
        File.CreateSymbolicLink(toRunJson, Path.Combine(run, RunInfo.FileName));
        var before = Snapshot(run);

        string[] refused =
        [
            Path.Combine(run, RunInfo.FileName),
            Path.Combine(run, MetricsLog.FileName),
            Path.Combine(run, "report.html"),
            Path.Combine(toCheckpoints, "step_000050.safetensors"),
            Path.Combine(toCheckpoints, "..", RunInfo.FileName), // the system's "..": the run's folder, not links/
            Path.Combine(toRun, MetricsLog.FileName),
            Path.Combine(run, "notes", "..", "checkpoints", "new.safetensors"),
            Path.Combine(run, "analysis", "x.safetensors"),
            toRunJson,
        ];
        foreach (string path in refused)
        {
            var error = Assert.Throws<ArgumentException>(() => RunExport.Export(run, 50, path));
            Assert.Contains("--out", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot(run));
        }

        // A new file beside the run's own is the user's to write.
        var result = RunExport.Export(run, 50, Path.Combine(run, "notes", "step50.safetensors"));
        Assert.True(File.Exists(result.WeightsPath) && File.Exists(result.ConfigPath));
    }

    [Fact]
    public void ARealPathAppliesDotDotAfterTheLinkAsTheSystemDoes()
    {
        string root = TinyRun.NewDirectory();
        Directory.CreateDirectory(Path.Combine(root, "a", "b"));
        Directory.CreateSymbolicLink(Path.Combine(root, "link"), Path.Combine(root, "a", "b"));
        Directory.CreateSymbolicLink(Path.Combine(root, "relative"), Path.Combine("a", "b"));
        Assert.Equal(Path.Combine(root, "a", "x"), RealPath.Resolve(Path.Combine(root, "link", "..", "x")));
        Assert.Equal(Path.Combine(root, "a", "b", "y"), RealPath.Resolve(Path.Combine(root, "relative", ".", "y")));
        Directory.CreateSymbolicLink(Path.Combine(root, "loop"), Path.Combine(root, "loop"));
        Assert.Throws<IOException>(() => RealPath.Resolve(Path.Combine(root, "loop", "z")));
    }

    private static SortedDictionary<string, string> Snapshot(string dir) =>
        new(Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks),
            StringComparer.Ordinal);

    private static System.Text.Json.Nodes.JsonNode RunJson(string dir) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunInfo.FileName)))!;

    private sealed class SynchronousProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
