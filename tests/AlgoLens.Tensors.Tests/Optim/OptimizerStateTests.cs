using AlgoLens.Tensors.Optim;

namespace AlgoLens.Tensors.Tests.Optim;

public class OptimizerStateTests
{
    [Fact]
    public void Keys_UseParameterNames_OrIndexForUnnamed()
    {
        var named = AdamWTests.Parameter([1f], "embed.W_E");
        var unnamed = AdamWTests.Parameter([1f]);
        named.Grad = [1f];
        unnamed.Grad = [1f];
        var optimizer = new AdamW([named, unnamed]);
        optimizer.Step();
        var state = optimizer.GetState();
        Assert.Equal("AdamW", state.Algorithm);
        Assert.Equal(["#1.exp_avg", "#1.exp_avg_sq", "embed.W_E.exp_avg", "embed.W_E.exp_avg_sq"], state.Buffers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["#1.step", "embed.W_E.step", "step_count"], state.Scalars.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LoadState_RejectsAnotherAlgorithm()
    {
        var p = AdamWTests.Parameter([1f]);
        Assert.Throws<ArgumentException>(() => new AdamW([p]).LoadState(new Sgd([p]).GetState()));
    }

    [Fact]
    public void LoadState_RejectsAWrongLength_AndChangesNothing()
    {
        var (optimizer, state) = Stepped();
        var before = optimizer.GetState();
        state.Buffers["b.exp_avg"] = new float[3];
        var error = Assert.Throws<ArgumentException>(() => optimizer.LoadState(state));
        Assert.Contains("b.exp_avg", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.Buffers["a.exp_avg"], optimizer.GetState().Buffers["a.exp_avg"]);
    }

    [Fact]
    public void LoadState_RejectsUnknownParameters()
    {
        var (optimizer, state) = Stepped();
        state.Buffers["c.exp_avg"] = new float[1];
        var error = Assert.Throws<ArgumentException>(() => optimizer.LoadState(state));
        Assert.Contains("c.exp_avg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadState_RejectsAnIncompleteSlot()
    {
        var (optimizer, state) = Stepped();
        state.Scalars.Remove("a.step");
        Assert.Throws<ArgumentException>(() => optimizer.LoadState(state));
    }

    [Fact]
    public void LoadState_ResetsParametersAbsentFromTheState()
    {
        var (optimizer, _) = Stepped();
        var fresh = new OptimizerState("AdamW");
        fresh.Scalars["step_count"] = 0;
        optimizer.LoadState(fresh);
        Assert.Equal(0, optimizer.StepCount);
        Assert.Equal(0, optimizer.ParameterStep(0));
        Assert.Empty(optimizer.GetState().Buffers);
    }

    [Fact]
    public void ZeroGrad_DropsEveryGradient()
    {
        var (optimizer, _) = Stepped();
        optimizer.ZeroGrad();
        Assert.All(optimizer.Parameters, p => Assert.Null(p.Grad));
    }

    private static (AdamW Optimizer, OptimizerState State) Stepped()
    {
        var a = AdamWTests.Parameter([1f, 2f], "a");
        var b = AdamWTests.Parameter([3f, 4f], "b");
        a.Grad = [0.1f, 0.2f];
        b.Grad = [0.3f, 0.4f];
        var optimizer = new AdamW([a, b]);
        optimizer.Step();
        return (optimizer, optimizer.GetState());
    }
}
