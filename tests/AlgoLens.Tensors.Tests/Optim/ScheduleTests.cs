using AlgoLens.Tensors.Optim;

namespace AlgoLens.Tensors.Tests.Optim;

public class ScheduleTests
{
    [Fact]
    public void LinearWarmup_IsMinOfStepOverWarmupAndOne()
    {
        var schedule = new LinearWarmupSchedule(10);
        Assert.Equal([0.0, 0.1, 0.5, 0.9, 1.0, 1.0], new[] { 0, 1, 5, 9, 10, 1000 }.Select(schedule.Factor));
        Assert.Equal(1.0, new LinearWarmupSchedule(0).Factor(0));
    }

    [Fact]
    public void Constant_IsOne()
    {
        Assert.Equal(1.0, new ConstantSchedule().Factor(12345));
    }

    [Fact]
    public void Cosine_WarmsUpThenDecaysToTheFloor()
    {
        var schedule = new CosineSchedule(totalSteps: 110, warmupSteps: 10, minFactor: 0.1);
        Assert.Equal(0.0, schedule.Factor(0));
        Assert.Equal(0.5, schedule.Factor(5), 12);
        Assert.Equal(1.0, schedule.Factor(10), 12);
        Assert.Equal(0.1 + 0.9 * 0.5, schedule.Factor(60), 12);
        Assert.Equal(0.1, schedule.Factor(110), 12);
        Assert.Equal(0.1, schedule.Factor(5000), 12);
        Assert.Equal(1.0, new CosineSchedule(0).Factor(0), 12);
    }

    [Fact]
    public void Scheduler_LikeLambdaLR_GivesTheFirstUpdateFactorZero()
    {
        // The grokking paper: LambdaLR(opt, lambda step: min(step/10, 1)), stepped after each update.
        var p = AdamWTests.Parameter([1f]);
        var optimizer = new AdamW([p], learningRate: 1e-3);
        var scheduler = new LearningRateScheduler(optimizer, new LinearWarmupSchedule(10));
        var used = new List<double>();
        for (int k = 0; k < 12; k++)
        {
            used.Add(optimizer.LearningRate);
            p.Grad = [1f];
            optimizer.Step();
            scheduler.Step();
        }
        Assert.Equal(0.0, used[0]);
        Assert.Equal(1e-3 * 0.1, used[1]);
        Assert.Equal(1e-3 * 0.9, used[9]);
        Assert.Equal(1e-3, used[10]);
        Assert.Equal(1e-3, used[11]);
        Assert.Equal(12, scheduler.CurrentStep);
    }

    [Fact]
    public void Scheduler_SeekResumesTheSchedule()
    {
        var optimizer = new AdamW([AdamWTests.Parameter([1f])], learningRate: 0.5);
        var scheduler = new LearningRateScheduler(optimizer, new LinearWarmupSchedule(4), baseLearningRate: 2.0);
        Assert.Equal(0.0, optimizer.LearningRate);
        scheduler.Seek(3);
        Assert.Equal(1.5, optimizer.LearningRate);
        Assert.Equal(2.0, scheduler.BaseLearningRate);
    }

    [Fact]
    public void Scheduler_RejectsANegativeFactor()
    {
        var optimizer = new Sgd([AdamWTests.Parameter([1f])]);
        Assert.Throws<InvalidOperationException>(() => new LearningRateScheduler(optimizer, new LambdaSchedule(_ => -1)));
    }
}
