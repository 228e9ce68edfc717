using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;
using AlgoLens.Training.Memory;

namespace AlgoLens.Tests.Training;

public class MemoryEstimateTests
{
    private static readonly HookedTransformerConfig Grokking = new() { NLayers = 1, DModel = 128, NHeads = 4, DHead = 32, DMlp = 512 };

    [Fact]
    public void TheEstimateFollowsItsFormulaFromTheSizes()
    {
        var task = TaskRegistry.Create("add", new TaskOptions { P = 113 });
        var training = new TrainingConfig { TrainFraction = 0.3, BatchSize = 0 };
        var model = (HookedTransformerConfig)Grokking.WithTaskShape(Trainer.ShapeOf(task), 0);
        var estimate = TrainingMemory.ForTraining(task, model, training);

        long n = 113L * 113, perExample = 4 * 3 * 2, train = (long)Math.Ceiling(0.3 * n);
        Assert.Equal(3 * n * perExample + 12 * n, estimate.DatasetBytes);
        Assert.Equal(20 * model.ParameterCount(), estimate.ModelBytes);
        // One layer: L·(8D + 5W + 3H·L + 3M), then L·(4D + 2V).
        long floats = 3 * (8 * 128 + 5 * 128 + 3 * 4 * 3 + 3 * 512) + 3 * (4 * 128 + 2 * 113);
        Assert.Equal(floats, ActivationSize.FloatsPerExample(model));
        Assert.Equal(train, estimate.BatchExamples);
        Assert.Equal(8 * train * floats + train * perExample, estimate.ActivationBytes);
        Assert.Equal(estimate.DatasetBytes + estimate.ModelBytes + estimate.ActivationBytes + TrainingMemory.OverheadBytes, estimate.TotalBytes);
    }

    [Fact]
    public void MinibatchesShrinkOnlyTheActivations()
    {
        var task = TaskRegistry.Create("add", new TaskOptions { P = 113 });
        var full = TrainingMemory.ForTraining(task, Grokking.WithTaskShape(Trainer.ShapeOf(task), 0), new TrainingConfig());
        var mini = TrainingMemory.ForTraining(task, Grokking.WithTaskShape(Trainer.ShapeOf(task), 0), new TrainingConfig { BatchSize = 64 });
        Assert.Equal(full.DatasetBytes, mini.DatasetBytes);
        Assert.Equal(64, mini.BatchExamples);
        Assert.True(mini.ActivationBytes < full.ActivationBytes);
    }

    [Fact]
    public void HostileSizesSaturateInsteadOfWrapping()
    {
        var huge = new HookedTransformerConfig { NLayers = int.MaxValue, DModel = int.MaxValue, NCtx = int.MaxValue, DMlp = int.MaxValue };
        Assert.True(ActivationSize.FloatsPerExample(huge) > 0);
        Assert.Equal(long.MaxValue, new MemoryEstimate(long.MaxValue, 5, long.MaxValue, 1, 1).TotalBytes);
    }

    [Fact]
    public void ARunThatDoesNotFitIsRefusedBeforeItAllocatesWithTheEstimateAndTheFix()
    {
        string dir = TinyRun.NewDirectory();
        var trainer = new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)) { AvailableBytes = () => 64L << 20 };
        var error = Assert.Throws<MemoryLimitException>(() => trainer.Run(dir));
        Assert.Equal(64L << 20, error.AvailableBytes);
        Assert.Equal(trainer.MemoryEstimate, error.Estimate);
        Assert.Contains("64 MiB is available", error.Message, StringComparison.Ordinal);
        Assert.Contains(MemoryEstimate.Format(trainer.MemoryEstimate.TotalBytes), error.Message, StringComparison.Ordinal);
        Assert.Contains("smaller --p", error.Message, StringComparison.Ordinal); // 64 MiB is below the runtime's own share
        Assert.False(Directory.Exists(dir), "nothing may be written for a refused run");

        // With room for the data and the model but not the full batch, the fix is a batch size that fits.
        var estimate = trainer.MemoryEstimate;
        long room = estimate.DatasetBytes + estimate.ModelBytes + estimate.OverheadBytes + 8 * 20 * ActivationSize.FloatsPerExample(trainer.ModelConfig);
        var tight = new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)) { AvailableBytes = () => room };
        Assert.Contains("--batch-size 16 or less", Assert.Throws<MemoryLimitException>(() => tight.Run(dir)).Message, StringComparison.Ordinal);

        var roomy = new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)) { AvailableBytes = () => estimate.TotalBytes };
        Assert.Equal("completed", roomy.Run(dir).Status);
    }
}
