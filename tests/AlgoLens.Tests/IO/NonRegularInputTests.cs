using System.Diagnostics;
using AlgoLens.Analysis.Measures;
using AlgoLens.Fuzz;
using AlgoLens.IO;
using AlgoLens.IO.Torch;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Tests.IO;

/// <summary>
/// Every file AlgoLens reads is refused, by its kind, when it is a FIFO (named pipe): opening one
/// with no writer blocks forever. Each read runs beside a hang guard, so a regression fails with
/// the file's name instead of hanging the suite. Unix only: Windows has no FIFOs in the file system.
/// </summary>
public sealed class NonRegularInputTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("algolens-fifo-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string> Readers() => ["import checkpoint", "import", "run.json", "metrics.csv", "metrics.csv resumed", "analysis/measures.json", "analysis/measures.csv", "task assembly"];

    [SkippableTheory]
    [MemberData(nameof(Readers))]
    public void A_fifo_is_refused_by_kind_without_blocking(string reader)
    {
        Skip.If(OperatingSystem.IsWindows(), "Windows has no FIFOs");
        var (file, read) = reader switch
        {
            "import checkpoint" => ("model.pt", (Action<string>)(f => TorchCheckpoint.ReadStateDict(f))),
            "import" => ("model.pt", f => TorchImport.Import(f, TorchTarget.TinyConfig)),
            "run.json" => (RunInfo.FileName, _ => RunInfo.Load(directory)),
            "metrics.csv" => (MetricsLog.FileName, _ => MetricsLog.Read(directory)),
            "metrics.csv resumed" => (MetricsLog.FileName, _ => new MetricsLog(directory)),
            "analysis/measures.json" => (Path.Combine(RunAnalysis.Folder, RunAnalysis.FileName), _ => RunAnalysis.Load(directory)),
            "analysis/measures.csv" => (Path.Combine(RunAnalysis.Folder, MeasureTable.FileName), _ => MeasureTable.Load(directory)),
            _ => ("MyTasks.dll", f => AlgoLens.Plugins.PluginLoader.Load(f)),
        };
        string fifo = MakeFifo(file);
        var error = RefusedWithoutBlocking(fifo, () => read(fifo));
        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
        Assert.Contains(fifo, error.Message, StringComparison.Ordinal);
    }

    private string MakeFifo(string relative)
    {
        string path = Path.Combine(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    // The hang guard: a read still blocked after a minute has opened the FIFO (the refusal takes
    // microseconds); opening it for writing releases that read with end-of-file, so the test fails
    // by name and leaves no thread blocked behind it.
    private static Exception RefusedWithoutBlocking(string fifo, Action read)
    {
        var attempt = Task.Run(() => Record.Exception(read));
        if (!attempt.Wait(TimeSpan.FromMinutes(1)))
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }
            attempt.Wait();
            Assert.Fail($"Reading the FIFO {fifo} blocked instead of being refused.");
        }
        return attempt.Result ?? throw new Xunit.Sdk.XunitException($"Reading the FIFO {fifo} succeeded instead of being refused.");
    }
}
