using AlgoLens.Analysis.Grokking;
using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Tasks;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Run;

/// <summary>How <see cref="RunAnalyzer"/> honours <see cref="ICheckpointMeasure.DependsOn"/> on real (tiny) runs.</summary>
public class MeasureDependencyRunTests
{
    private static string Train(string task)
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TaskRegistry.Create(task, new TaskOptions { P = 11 }), TinyRun.Model, TinyRun.Training(100)).Run(dir);
        return dir;
    }

    // Records what it saw of other measures at each checkpoint.
    private sealed class Watcher(string name, params string[] dependsOn) : ICheckpointMeasure
    {
        public List<IReadOnlyDictionary<string, double>> Seen { get; } = [];

        public string Name => name;

        public string Description => "sees its dependencies";

        public IReadOnlyList<string> DependsOn => dependsOn;

        public string? WhyNotApplicable(RunFolder run) => null;

        public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
        {
            Seen.Add(context.Measured);
            return new Dictionary<string, double> { [name + ".step"] = context.Step };
        }
    }

    [Fact]
    public void TheGrokkingMeasureListedFirstStillRunsAfterWhatItReadsAndWritesTheSameFiles()
    {
        string dir = Train("add");
        RunAnalyzer.Analyze(dir);
        string progress = File.ReadAllText(Path.Combine(dir, RunAnalysis.Folder, ProgressRow.FileName));
        string header = File.ReadLines(Path.Combine(dir, RunAnalysis.Folder, MeasureTable.FileName)).First();

        var result = RunAnalyzer.Analyze(dir, measures: [new GrokkingMeasure(), new LossesMeasure(), new AttentionEntropyMeasure(), new WeightNormsMeasure()]);

        Assert.Equal(["losses", "attention_entropy", "weight_norms", "grokking"], result.Analysis.Ran.Select(m => m.Name));
        Assert.Equal(progress, File.ReadAllText(Path.Combine(dir, RunAnalysis.Folder, ProgressRow.FileName)));
        var columns = MeasureTable.Load(dir).Columns;
        Assert.True(columns.ToList().IndexOf("restricted_loss") > columns.ToList().IndexOf("sum_squared_weights"));
        Assert.NotEqual(header, File.ReadLines(Path.Combine(dir, RunAnalysis.Folder, MeasureTable.FileName)).First()); // the given order counts otherwise
    }

    [Fact]
    public void AMeasureWithoutItsDependencyIsRefusedBeforeAnyWork()
    {
        string dir = Train("add");
        var e = Assert.Throws<ArgumentException>(() => RunAnalyzer.Analyze(dir, measures: [new WeightNormsMeasure(), new GrokkingMeasure()]));
        Assert.Contains("'grokking' depends on 'losses'", e.Message);
        Assert.False(Directory.Exists(Path.Combine(dir, RunAnalysis.Folder)), "nothing is written for a measure set that cannot run");
    }

    [Fact]
    public void AMeasureWhoseDependencyDoesNotApplyDoesNotApplyEither()
    {
        string dir = Train("min");
        var result = RunAnalyzer.Analyze(dir, measures: [.. MeasureRegistry.Create(), new Watcher("after_grokking", "grokking")]);
        var skipped = result.Analysis.Skipped.Single(s => s.Name == "after_grokking");
        Assert.Contains("'grokking'", skipped.Reason);
        Assert.DoesNotContain(result.Analysis.Ran, m => m.Name == "after_grokking");
    }

    [Fact]
    public void AtACheckpointAMeasureSeesTheNumbersOfTheMeasuresItDeclaredAndNoOthers()
    {
        string dir = Train("min");
        var watcher = new Watcher("watcher", "losses");
        var stranger = new Watcher("stranger");
        RunAnalyzer.Analyze(dir, measures: [watcher, stranger, .. MeasureRegistry.Create()]);
        var table = MeasureTable.Load(dir);
        Assert.Equal(table.Steps.Count, watcher.Seen.Count);
        for (int i = 0; i < table.Steps.Count; i++)
        {
            Assert.Equal(table[i, "train_loss"], watcher.Seen[i]["train_loss"]);
            Assert.Equal(table[i, "test_accuracy"], watcher.Seen[i]["test_accuracy"]);
            Assert.False(watcher.Seen[i].ContainsKey("sum_squared_weights"), "weight_norms was not declared");
            Assert.Empty(stranger.Seen[i]);
        }
    }
}
