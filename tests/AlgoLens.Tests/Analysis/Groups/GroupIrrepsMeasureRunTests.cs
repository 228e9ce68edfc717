using AlgoLens.Analysis.Groups;
using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Groups;

public class GroupIrrepsMeasureRunTests
{
    private static ITask GroupTask(string group) =>
        TaskRegistry.Create("group", new TaskOptions { Extra = new Dictionary<string, string> { ["group"] = group } });

    private static string TrainMlp(string group, int steps)
    {
        string dir = TinyRun.NewDirectory();
        var model = new MlpConfig { DEmbed = 16, NLayers = 1, DHidden = [32], ActFn = "relu", Seed = 3 };
        new Trainer(GroupTask(group), model, TinyRun.Training(steps) with { TrainFraction = 0.8, LearningRate = 1e-2, CheckpointEvery = 30, LogEvery = 30 }).Run(dir);
        return dir;
    }

    [Fact]
    public void AnMlpGroupRunGetsOneColumnPerIrrepAndPartTheFinalModelsNumbersAndASection()
    {
        string dir = TrainMlp("S3", 60);
        var result = RunAnalyzer.Analyze(dir);
        Assert.Contains("group_irreps", result.Analysis.Ran.Select(m => m.Name));
        Assert.DoesNotContain("group_irreps", result.Analysis.Skipped.Select(m => m.Name));
        var table = MeasureTable.Load(dir);
        Assert.Equal([0, 30, 60], table.Steps);
        foreach (string part in new[] { "embed", "neurons_a", "neurons_b", "logits", "logit_fit" })
        {
            Assert.Equal(["sign", "standard"], table.Columns.Where(c => c.StartsWith($"group_irreps.{part}.", StringComparison.Ordinal)).Select(c => c.Split('.')[2]));
        }
        Assert.Contains("group_irreps.key_irreps", table.Columns);

        // The last row is the analysis of the final checkpoint, recomputed here from the model.
        var run = RunFolder.Open(dir);
        var model = run.LoadModel(60);
        var spans = new IrrepSpans(GroupIrreps.Of(((AlgoLens.Tasks.Groups.GroupTask)run.Task).Group));
        var (embedding, neurons, logits) = GroupModelReadout.Read(model, 6);
        var expected = Universality.Analyse(spans, embedding, neurons, logits);
        Assert.Equal(expected.LogitFit[2], table[2, "group_irreps.logit_fit.standard"], 12);
        Assert.Equal(expected.Embedding[1], table[2, "group_irreps.embed.sign"], 12);
        for (int part = 0; part < 4; part++)
        {
            IReadOnlyList<double> shares = new[] { expected.Embedding, expected.NeuronsA, expected.NeuronsB, expected.Logits }[part];
            Assert.Equal(1, shares.Skip(1).Sum(), 6); // shares of the non-trivial variance
        }

        var artefact = Artefacts.Read<GroupIrrepsArtefact>(dir, GroupIrrepsMeasure.MeasureName);
        Assert.Equal("S3", artefact.Group);
        Assert.Equal(["trivial", "sign", "standard"], artefact.Irreps.Select(r => r.Name));
        Assert.Equal([1, 3, 2], artefact.ClassSizes);
        Assert.Contains("group-irreps-logit-fit", AlgoLens.Reports.RunReport.Build(dir).FigureIds);
    }

    [Fact]
    public void TheReadoutIsTheModelsOwnLogitsAndPreActivations()
    {
        var model = new HookedMlp(new MlpConfig { DVocab = 7, DVocabOut = 6, DEmbed = 4, NLayers = 1, DHidden = [5], Seed = 1 });
        var (embedding, neurons, logits) = GroupModelReadout.Read(model, 6);
        Assert.Equal(6 * 8, embedding.Length); // two operand positions of 4
        Assert.Equal(36 * 5, neurons.Length);
        int a = 4, b = 1;
        Tensor output;
        using (Tensor.NoGrad())
        {
            output = model.Forward(new TokenBatch([a, b, 6], 1, 3)); // [1, 1, 6]
        }
        for (int c = 0; c < 6; c++)
        {
            Assert.Equal(output.Data[c], logits[(a * 6 + b) * 6 + c]);
        }
        Assert.Equal(model["embed.W_E"].Data[(1 * 7 + 3) * 4 + 2], embedding[(3 * 2 + 1) * 4 + 2]); // element 3 at position 1, component 2
    }
}
