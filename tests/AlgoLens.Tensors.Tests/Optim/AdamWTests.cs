using AlgoLens.Tensors.Kernels;
using AlgoLens.Tensors.Optim;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tensors.Tests.Optim;

public class AdamWTests
{
    [Fact]
    public void ConstantGradient_MatchesTheClosedForm()
    {
        // With a constant g, m_t = g(1-b1^t) and v_t = g²(1-b2^t), so the bias-corrected update is
        // exactly lr·g/(|g| + eps) every step, and decay makes p_t = a^t p0 - c(1 - a^t)/(1 - a)
        // with a = 1 - lr·wd, c = lr·g/(|g| + eps).
        const double lr = 0.01, wd = 0.5, eps = 1e-8;
        double[] p0 = [1.0, -2.0, 0.5, 3.0];
        double[] g = [0.3, -1.5, 2e-3, 0.0];
        var p = Parameter(p0);
        var optimizer = new AdamW([p], learningRate: lr, beta1: 0.9, beta2: 0.98, epsilon: eps, weightDecay: wd);
        for (int t = 1; t <= 25; t++)
        {
            p.Grad = g.Select(x => (float)x).ToArray();
            optimizer.Step();
            double a = 1 - lr * wd;
            for (int i = 0; i < p0.Length; i++)
            {
                double c = lr * g[i] / (Math.Abs(g[i]) + eps);
                double expected = Math.Pow(a, t) * p0[i] - c * (1 - Math.Pow(a, t)) / (1 - a);
                Assert.Equal(expected, p.Data[i], 2e-6);
            }
        }
    }

    [Fact]
    public void ScriptedGradients_MatchTheDoubleRecurrence()
    {
        // The update rule written out in double, independently of the float32 kernel.
        const double lr = 3e-3, b1 = 0.9, b2 = 0.98, eps = 1e-8, wd = 1.0;
        double[] p = [0.5, -1.0, 2.0, -0.25, 1e-3];
        var m = new double[p.Length];
        var v = new double[p.Length];
        var param = Parameter(p);
        var optimizer = new AdamW([param], lr, b1, b2, eps, wd);
        var rng = new Rng(99);
        for (int t = 1; t <= 12; t++)
        {
            var g = Enumerable.Range(0, p.Length).Select(_ => (float)rng.Normal(0, 0.5)).ToArray();
            param.Grad = g;
            optimizer.Step();
            for (int i = 0; i < p.Length; i++)
            {
                p[i] *= 1 - lr * wd;
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(b1, t));
                double denom = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps;
                p[i] -= lr * mHat / denom;
                Assert.Equal(p[i], param.Data[i], 1e-6);
            }
        }
        Assert.Equal(12, optimizer.StepCount);
        Assert.Equal(12, optimizer.ParameterStep(0));
    }

    [Fact]
    public void FirstStep_MovesEachWeightByLearningRateTimesSign()
    {
        // Bias correction makes the first update exactly lr·g/(|g| + eps) whatever the betas.
        var p = Parameter([0f, 0f, 0f]);
        p.Grad = [4f, -0.001f, 0f];
        new AdamW([p], learningRate: 0.1, weightDecay: 0).Step();
        Assert.Equal(-0.1f, p.Data[0], 1e-7f);
        Assert.Equal(0.1 * 0.001 / (0.001 + 1e-8), p.Data[1], 1e-7);
        Assert.Equal(0f, p.Data[2]);
    }

    [Fact]
    public void FrozenParameter_IsUntouched_EvenWithAGradient()
    {
        var trained = Parameter([1f, 2f]);
        var frozen = Parameter([3f, 4f], "frozen");
        frozen.RequiresGrad = false;
        trained.Grad = [1f, 1f];
        frozen.Grad = [1f, 1f];
        var optimizer = new AdamW([trained, frozen], learningRate: 0.1, weightDecay: 0.5);
        optimizer.Step();
        Assert.Equal([3f, 4f], frozen.Data);
        Assert.NotEqual([1f, 2f], trained.Data);
        Assert.DoesNotContain(optimizer.GetState().Buffers.Keys, k => k.StartsWith("frozen.", StringComparison.Ordinal));
    }

    [Fact]
    public void NullGradParameter_IsUntouched_AndStartsItsOwnStepCountLater()
    {
        var a = Parameter([1f]);
        var b = Parameter([1f]);
        var optimizer = new AdamW([a, b], learningRate: 0.1, weightDecay: 0.5);
        a.Grad = [1f];
        optimizer.Step();
        optimizer.Step();
        Assert.Equal(1f, b.Data[0]);
        Assert.Equal(0, optimizer.ParameterStep(1));

        // Its first update, at global step 3, is bias-corrected as t = 1, as in PyTorch.
        b.Grad = [1f];
        optimizer.Step();
        Assert.Equal(3, optimizer.ParameterStep(0));
        Assert.Equal(1, optimizer.ParameterStep(1));
        Assert.Equal((float)((1 - 0.1 * 0.5) * 1.0 - 0.1), b.Data[0], 1e-6f);
    }

    [Fact]
    public void ZeroLearningRate_LeavesParametersButAdvancesMoments()
    {
        // The grokking warm-up's first update: lr = 0 means no decay and no move, yet m, v, t advance.
        var p = Parameter([1f, -1f]);
        var optimizer = new AdamW([p], learningRate: 0, weightDecay: 1.0);
        p.Grad = [0.5f, 0.5f];
        optimizer.Step();
        Assert.Equal([1f, -1f], p.Data);
        Assert.Equal(1, optimizer.ParameterStep(0));
        Assert.Equal(0.05f, optimizer.GetState().Buffers["#0.exp_avg"][0], 1e-8f);
    }

    [Fact]
    public void GroupWeightDecay_OverridesTheDefault()
    {
        var decayed = Parameter([1f], "w");
        var exempt = Parameter([1f], "b");
        decayed.Grad = [0f];
        exempt.Grad = [0f];
        var optimizer = new AdamW(
            [new ParameterGroup([decayed]), new ParameterGroup([exempt], weightDecay: 0)],
            learningRate: 0.1,
            weightDecay: 0.5);
        optimizer.Step();
        Assert.Equal(0.95f, decayed.Data[0], 1e-7f);
        Assert.Equal(1f, exempt.Data[0]);
    }

    [Fact]
    public void SaveLoadThenContinue_EqualsAnUninterruptedRun_Bitwise()
    {
        static (Tensor[] Params, AdamW Opt) Build()
        {
            Tensor[] ps = [Parameter([0.3f, -0.7f, 1.1f], "a"), Parameter([2f, -2f], "b")];
            return (ps, new AdamW(ps, learningRate: 0.01, beta2: 0.98, weightDecay: 1.0));
        }
        static void Steps(Tensor[] ps, AdamW opt, int from, int to)
        {
            for (int t = from; t < to; t++)
            {
                var rng = new Rng((ulong)t);
                foreach (var p in ps)
                {
                    p.Grad = Enumerable.Range(0, p.Size).Select(_ => (float)rng.Normal()).ToArray();
                }
                opt.Step();
            }
        }

        var (full, fullOpt) = Build();
        Steps(full, fullOpt, 0, 7);

        var (first, firstOpt) = Build();
        Steps(first, firstOpt, 0, 3);
        var saved = firstOpt.GetState();
        var (resumed, resumedOpt) = Build();
        for (int i = 0; i < resumed.Length; i++)
        {
            first[i].Data.CopyTo(resumed[i].Data, 0);
        }
        resumedOpt.LoadState(saved);
        Assert.Equal(3, resumedOpt.StepCount);
        Steps(resumed, resumedOpt, 3, 7);

        for (int i = 0; i < full.Length; i++)
        {
            Assert.Equal(full[i].Data.Select(BitConverter.SingleToUInt32Bits), resumed[i].Data.Select(BitConverter.SingleToUInt32Bits));
        }
    }

    [Fact]
    public void GetState_IsACopy()
    {
        var p = Parameter([1f]);
        p.Grad = [1f];
        var optimizer = new AdamW([p]);
        optimizer.Step();
        var state = optimizer.GetState();
        state.Buffers["#0.exp_avg"][0] = 123f;
        Assert.NotEqual(123f, optimizer.GetState().Buffers["#0.exp_avg"][0]);
        Assert.Equal(1.0, state.Scalars["#0.step"]);
        Assert.Equal(1.0, state.Scalars["step_count"]);
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        // Large enough for several parallel ranges; odd length exercises the scalar tail.
        const int n = 300_001;
        float[] Run(int threads)
        {
            using (ComputeContext.Use(new ComputeContext(threads)))
            {
                var rng = new Rng(5);
                var p = Parameter(new float[n]);
                rng.FillNormal(p.Data, 0, 1);
                var optimizer = new AdamW([p], weightDecay: 0.1);
                for (int t = 0; t < 3; t++)
                {
                    var g = new float[n];
                    rng.FillNormal(g, 0, 1);
                    p.Grad = g;
                    optimizer.Step();
                }
                return p.Data;
            }
        }
        Assert.Equal(Run(1), Run(Math.Max(2, Environment.ProcessorCount)));
    }

    [Fact]
    public void InvalidSettings_AreRejected()
    {
        var p = Parameter([1f]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([p], beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([p], beta2: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([p], weightDecay: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([p], learningRate: double.NaN));
        Assert.Throws<ArgumentException>(() => new AdamW([p, p]));
        Assert.Throws<ArgumentException>(() => new AdamW([Parameter([1f], "x"), Parameter([2f], "x")]));
    }

    internal static Tensor Parameter(float[] values, string? name = null) => Tensor.Parameter(values, [values.Length], name);

    private static Tensor Parameter(double[] values) => Parameter(values.Select(v => (float)v).ToArray());
}
