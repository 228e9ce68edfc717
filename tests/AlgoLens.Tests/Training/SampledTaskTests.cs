using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

public class SampledTaskTests
{
    private static readonly HookedTransformerConfig Model = new()
    {
        NLayers = 1, DModel = 32, NHeads = 2, DHead = 16, DMlp = 64, ActFn = "relu",
    };

    private static TrainingConfig Training(int steps) => new()
    {
        Steps = steps, BatchSize = 32, TestExamples = 64, LearningRate = 3e-3, WeightDecay = 0.1, WarmupSteps = 5,
        LogEvery = 10, CheckpointEvery = 20,
    };

    [Fact]
    public void TheStreamIsAFunctionOfTheSeedAndTheStep()
    {
        var task = new ReverseTask();
        var a = new TrainingData(task, Training(10));
        var b = new TrainingData(task, Training(10));
        Assert.Equal(a.Batch(7).Input.Tokens!.Ids, b.Batch(7).Input.Tokens!.Ids);
        Assert.Equal(a.Batch(7).Targets.Classes, b.Batch(7).Targets.Classes);
        Assert.Equal(a.Test.Input.Tokens!.Ids, b.Test.Input.Tokens!.Ids);
        Assert.NotEqual(a.Batch(7).Input.Tokens!.Ids, a.Batch(8).Input.Tokens!.Ids);
        Assert.NotEqual(a.Test.Input.Tokens!.Ids, new TrainingData(task, Training(10) with { Seed = 1 }).Test.Input.Tokens!.Ids);
    }

    [Fact]
    public void SampledExamplesMatchTheGroundTruth()
    {
        var task = new ReverseTask();
        var batch = new TrainingData(task, Training(10)).Batch(3);
        var ids = batch.Input.Tokens!.Ids;
        int seq = task.SequenceLength;
        for (int b = 0; b < batch.Count; b++)
        {
            var row = ids.AsSpan(b * seq, seq);
            Assert.Equal(task.Answer(row), batch.Targets.Classes!.AsSpan(b * seq, seq).ToArray());
            // The padding mask marks exactly the slots after the reversed list.
            int sep = row.IndexOf(task.Vocabulary.Id("SEP"));
            for (int p = 0; p < seq; p++)
            {
                Assert.Equal(p <= 2 * sep, batch.Input.Tokens!.AttentionMask![b * seq + p]);
            }
        }
    }

    [Fact]
    public void TrainsLogsTheTasksMetricsAndResumesBitwise()
    {
        string unbroken = TinyRun.NewDirectory(), broken = TinyRun.NewDirectory();
        var task = new ReverseTask();
        var info = new Trainer(task, Model, Training(60)).Run(unbroken);
        var rows = MetricsLog.Read(unbroken);
        Assert.Equal("step,train_loss,train_accuracy,train_exact_match,test_loss,test_accuracy,test_exact_match,sum_squared_weights,learning_rate,elapsed_seconds", rows[0].Header);
        Assert.True(rows[^1].TrainLoss < rows[0].TrainLoss, $"loss {rows[0].TrainLoss} → {rows[^1].TrainLoss}");
        Assert.Equal(64, info.TestExamples);

        using var stop = new CancellationTokenSource();
        var progress = new Progress(p =>
        {
            if (p.Step == 30)
            {
                stop.Cancel();
            }
        });
        Assert.Equal("stopped", new Trainer(task, Model, Training(60)).Run(broken, progress, stop.Token).Status);
        Trainer.Resume(broken, (_, _) => task);
        var actual = TinyRun.Checkpoints(broken);
        actual.Remove("step_000030.safetensors");
        Assert.Equal(TinyRun.Checkpoints(unbroken), actual);
    }

    [Fact]
    public void TheLossReadsOnlyTheMaskedPositionsAsMeanCrossEntropy()
    {
        // Two sequences of three positions, targets read at (0, 1), (1, 0) and (1, 2).
        var logits = Tensor.FromArray([1f, 2f, 0f, 0.5f, -1f, 3f, 2f, 2f, 0f, 1f, 0f, 0f, 0f, 0f, 4f, -2f, 1f, 1f], 2, 3, 3);
        var targets = Targets.FromClasses([-1, 2, -1, 0, -1, 1], 2, 3);
        int[] positions = targets.LossPositions();
        Assert.Equal([0, 1, 2], positions);
        TrainingLoss.Compute(logits, targets, positions, out double loss);
        double Ce(double[] row, int label) => Math.Log(row.Sum(Math.Exp)) - row[label];
        double expected = (Ce([0.5, -1, 3], 2) + Ce([1, 0, 0], 0) + Ce([-2, 1, 1], 1)) / 3;
        Assert.Equal(expected, loss, 6);
    }

    private sealed class Progress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
