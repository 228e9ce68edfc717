using AlgoLens.Tensors;

namespace AlgoLens.TestSupport;

/// <summary>
/// Checks an op's backward against central finite differences. The scalar probed is
/// sum(output * weights) with fixed random weights, so every output element gets a distinct
/// gradient (a plain sum would hide transposition and indexing mistakes).
/// </summary>
internal static class GradCheck
{
    public static Tensor Random(System.Random rng, int[] shape, float lo = -1f, float hi = 1f, bool requiresGrad = true)
    {
        var data = new float[Shape.Size(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = lo + (hi - lo) * rng.NextSingle();
        }
        return new Tensor(data, shape) { RequiresGrad = requiresGrad };
    }

    /// <summary>Random values whose magnitude is at least <paramref name="minAbs"/>, away from kinks at 0.</summary>
    public static Tensor AwayFromZero(System.Random rng, int[] shape, float minAbs = 0.1f)
    {
        var t = Random(rng, shape);
        for (int i = 0; i < t.Size; i++)
        {
            float v = t.Data[i];
            t.Data[i] = MathF.CopySign(minAbs + Math.Abs(v), v);
        }
        return t;
    }

    /// <summary>
    /// Each input's gradient of sum(<paramref name="output"/> * <paramref name="weights"/>), copied,
    /// with the inputs' earlier gradients cleared first: what a fused op and its composition are
    /// compared on.
    /// </summary>
    public static float[][] WeightedSumGradients(Tensor output, Tensor weights, Tensor[] inputs)
    {
        foreach (var t in inputs)
        {
            t.ZeroGrad();
        }
        AlgoLens.Tensors.Ops.SumAll(output * weights).Backward();
        return inputs.Select(t => (float[])t.Grad!.Clone()).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="run"/> (fresh tensors, forward and backward) with 1 and with 2 threads
    /// and asserts that the output and every gradient are the same numbers both times.
    /// </summary>
    public static void AssertSameForOneAndTwoThreads(Func<(float[] Output, float[][] Grads)> run)
    {
        (float[] Output, float[][] Grads) RunWith(int threads)
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            return run();
        }
        var one = RunWith(1);
        var two = RunWith(2);
        Assert.Equal(one.Output, two.Output);
        Assert.Equal(one.Grads.Length, two.Grads.Length);
        for (int i = 0; i < one.Grads.Length; i++)
        {
            Assert.Equal(one.Grads[i], two.Grads[i]);
        }
    }

    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Check(f, 1e-3f, 2e-3, 1e-2, inputs);

    public static void Check(Func<Tensor[], Tensor> f, float eps, double atol, double rtol, params Tensor[] inputs)
    {
        var rng = new System.Random(1234);
        var output = f(inputs);
        var weights = new float[output.Size];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        foreach (var t in inputs)
        {
            t.ZeroGrad();
        }
        output.Backward(new Tensor(weights, output.Shape));

        double Probe()
        {
            using var _ = Tensor.NoGrad();
            var y = f(inputs);
            double s = 0;
            for (int i = 0; i < y.Size; i++)
            {
                s += (double)y.Data[i] * weights[i];
            }
            return s;
        }

        for (int n = 0; n < inputs.Length; n++)
        {
            var x = inputs[n];
            if (!x.RequiresGrad)
            {
                Assert.Null(x.Grad);
                continue;
            }
            Assert.NotNull(x.Grad);
            for (int i = 0; i < x.Size; i++)
            {
                float original = x.Data[i];
                x.Data[i] = original + eps;
                double plus = Probe();
                x.Data[i] = original - eps;
                double minus = Probe();
                x.Data[i] = original;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = x.Grad![i];
                double tolerance = atol + rtol * Math.Abs(numeric);
                Assert.True(Math.Abs(analytic - numeric) <= tolerance,
                    $"input {n} element {i}: analytic {analytic} vs numeric {numeric} (shape {x.ShapeString})");
            }
        }
    }
}
