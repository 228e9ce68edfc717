using AlgoLens.Tensors.Autograd;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

using Ops = AlgoLens.Tensors.Ops;

/// <summary>
/// Thread settings belong to a <see cref="ComputeContext"/>: scoped, nested, flowing into tasks,
/// carried to the helper threads, and private to each run in a process.
/// </summary>
[Collection("Parallelism")] // HelpersRunTheCallersContext needs a helper no other test is using
public class ComputeContextTests
{
    [Fact]
    public void UseIsScopedAndNests()
    {
        var outer = ComputeContext.Current;
        using (ComputeContext.Use(new ComputeContext(threads: 3)))
        {
            Assert.Equal(3, Parallelism.MaxThreads);
            using (ComputeContext.Use(new ComputeContext(threads: 1)))
            {
                Assert.Equal(1, Parallelism.MaxThreads);
            }
            Assert.Equal(3, Parallelism.MaxThreads);
        }
        Assert.Same(outer, ComputeContext.Current);
    }

    [Fact]
    public async Task FlowsIntoTasksStartedInside()
    {
        using (ComputeContext.Use(new ComputeContext(threads: 5)))
        {
            Assert.Equal(5, await Task.Run(() => Parallelism.MaxThreads));
        }
    }

    [Fact]
    public async Task ConcurrentRunsEachSeeTheirOwnSetting()
    {
        // Two threads of execution, each in its own context, meet at a barrier with their contexts
        // set, run kernels (which fork on the shared helpers), and check what they see, repeatedly.
        using var barrier = new Barrier(2);
        int[] Run(int threads) => Enumerable.Range(0, 50).Select(_ =>
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            barrier.SignalAndWait();
            int seenInKernel = 0;
            Parallelism.For(8, _ => Interlocked.Exchange(ref seenInKernel, Parallelism.MaxThreads));
            barrier.SignalAndWait();
            return Parallelism.MaxThreads == threads && seenInKernel == threads ? 1 : 0;
        }).ToArray();
        var one = Task.Factory.StartNew(() => Run(1), TaskCreationOptions.LongRunning);
        var three = Task.Factory.StartNew(() => Run(3), TaskCreationOptions.LongRunning);
        var both = Task.WhenAll(one, three);
        await both; // a deadlock fails through the run's hang timeout, not a clock here
        Assert.All(await one, ok => Assert.Equal(1, ok));
        Assert.All(await three, ok => Assert.Equal(1, ok));
    }

    [Fact]
    public void HelpersRunTheCallersContext()
    {
        var context = new ComputeContext(threads: 2);
        using var compute = ComputeContext.Use(context);
        ComputeContext? onHelper = null;
        HelperProbe.RunOnAHelper(() => onHelper = ComputeContext.Current);
        Assert.Same(context, onHelper);
    }

    [Fact]
    public async Task ConcurrentRunsWithDifferentThreadCountsGiveTheSameBits()
    {
        static float[] Step(int threads)
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            var rng = new System.Random(7);
            var x = GradCheck.Random(rng, [300, 64], requiresGrad: false);
            var w1 = GradCheck.Random(rng, [64, 257]);
            var w2 = GradCheck.Random(rng, [257, 19]);
            var loss = Ops.CrossEntropy(Ops.MatMul(Ops.Relu(Ops.MatMul(x, w1)), w2), Enumerable.Range(0, 300).Select(i => i % 19).ToArray());
            loss.Backward();
            return [.. w1.Grad!, .. w2.Grad!];
        }
        var runs = await Task.WhenAll(new[] { 1, 2, 3 }.Select(t => Task.Run(() => Step(t))));
        Assert.Equal(runs[0], runs[1]);
        Assert.Equal(runs[0], runs[2]);
    }

    [Fact]
    public void RejectsFewerThanOneThread() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeContext(threads: 0));

    [Fact]
    public void TheProfilerTimesOnlyItsOwnThreadAndScope()
    {
        Assert.Null(OpProfiler.Current);
        string report;
        using (var profiler = OpProfiler.Begin())
        {
            Assert.Same(profiler, OpProfiler.Current);
            OpProfiler? seenElsewhere = profiler;
            var other = new Thread(() => seenElsewhere = OpProfiler.Current);
            other.Start();
            other.Join();
            Assert.Null(seenElsewhere);
            Ops.Relu(Tensor.Zeros(4));
            report = profiler.Report();
        }
        Assert.Null(OpProfiler.Current);
        Assert.Contains("Relu", report);
    }
}
