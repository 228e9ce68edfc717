using AlgoLens.Analysis.Run;
using AlgoLens.Reports;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Reports;

public class EarlyRunReportTests
{
    [Fact]
    public void ARunWithOnlyItsStepZeroCheckpointIsAnalysedAndReported()
    {
        // As a run killed before its first checkpoint after step 0 leaves it.
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dir);
        var checkpoints = new CheckpointStore(Path.Combine(dir, "checkpoints"));
        foreach (int step in checkpoints.Steps().Where(s => s > 0))
        {
            File.Delete(checkpoints.PathFor(step));
        }
        Assert.Equal([0], checkpoints.Steps());
        var result = RunAnalyzer.Analyze(dir);
        Assert.Equal([0], result.Analysis.Steps);
        string report = File.ReadAllText(RunReport.Write(dir));
        Assert.Contains("<html", report, StringComparison.OrdinalIgnoreCase);
    }
}
