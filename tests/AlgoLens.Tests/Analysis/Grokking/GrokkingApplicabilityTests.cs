using AlgoLens.Analysis.Grokking;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Grokking;

public class GrokkingApplicabilityTests
{
    // A run folder with only run.json: applicability reads the task and the model config, no data.
    private static RunFolder Run(string task, HookedTransformerConfig? model = null)
    {
        string dir = TinyRun.NewDirectory();
        Directory.CreateDirectory(dir);
        var created = TaskRegistry.Create(task, new TaskOptions { P = 11 });
        var config = new Trainer(created, model ?? TinyRun.Model, TinyRun.Training(10)).ModelConfig;
        new RunInfo { Task = created.Name, TaskSettings = created.Settings.ToDictionary() }.WithModel(config).Save(dir);
        return RunFolder.Open(dir);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("sub")]
    public void ModularAdditionAndSubtractionOnATransformerWithAnMlpAreCovered(string task) => Assert.Null(GrokkingApplicability.WhyNot(Run(task)));

    [Theory]
    [InlineData("mul", "multiplicative group")]
    [InlineData("div", "multiplicative group")]
    [InlineData("x2_plus_y2", "not a group operation")]
    [InlineData("odd_div_else_sub", "not a group operation")]
    [InlineData("s5_compose", "not modular arithmetic")]
    [InlineData("min", "not modular arithmetic")]
    public void OtherTasksAreNotCoveredAndSayWhy(string task, string reason) =>
        Assert.Contains(reason, GrokkingApplicability.WhyNot(Run(task)));

    [Fact]
    public void AnAttentionOnlyModelIsNotCovered()
    {
        Assert.Contains("attention-only", GrokkingApplicability.WhyNot(Run("add", TinyRun.Model with { AttnOnly = true })));
        Assert.Contains("attention-only", GrokkingApplicability.WhyNot(Run("sub", TinyRun.Model with { AttnOnly = true })));
    }
}
