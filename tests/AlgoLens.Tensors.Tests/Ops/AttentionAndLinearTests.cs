using AlgoLens.Tensors;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

public class AttentionAndLinearTests
{
    private readonly System.Random rng = new(23);

    // The same attention from primitive ops: [batch, pos, head*dh] -> per-head scores, causal
    // softmax, weighted values, back to [batch, q, head*dh].
    private static Tensor Composite(Tensor q, Tensor k, Tensor v, int heads, int[] queryPositions, bool causal = true)
    {
        int batch = q.Shape[0], qLen = q.Shape[1], pos = k.Shape[1], dh = q.Shape[2] / heads;
        var qh = Ops.Permute(Ops.Reshape(q, batch, qLen, heads, dh), 0, 2, 1, 3);
        var kh = Ops.Permute(Ops.Reshape(k, batch, pos, heads, dh), 0, 2, 1, 3);
        var vh = Ops.Permute(Ops.Reshape(v, batch, pos, heads, dh), 0, 2, 1, 3);
        var scores = Ops.Scale(Ops.MatMul(qh, kh, transposeB: true), 1f / MathF.Sqrt(dh));
        var mask = new bool[qLen * pos];
        for (int i = 0; i < qLen; i++)
        {
            for (int j = queryPositions[i] + 1; causal && j < pos; j++)
            {
                mask[i * pos + j] = true;
            }
        }
        var pattern = Ops.Softmax(Ops.MaskedFill(scores, mask, float.NegativeInfinity));
        return Ops.Reshape(Ops.Permute(Ops.MatMul(pattern, vh), 0, 2, 1, 3), batch, qLen, heads * dh);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 })]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { 1, 3 })]
    public void FusedAttentionMatchesPrimitiveOpsAndFiniteDifferences(int[] queries)
    {
        int heads = 2, dh = 20, pos = 4; // d_head not a multiple of 16: the vector tails are exercised
        var q = GradCheck.Random(rng, [3, queries.Length, heads * dh]);
        var k = GradCheck.Random(rng, [3, pos, heads * dh]);
        var v = GradCheck.Random(rng, [3, pos, heads * dh]);
        var fused = Ops.Attention(q, k, v, heads, queries);
        var reference = Composite(q, k, v, heads, queries);
        for (int i = 0; i < fused.Size; i++)
        {
            Assert.Equal(reference.Data[i], fused.Data[i], 1e-5f);
        }
        GradCheck.Check(t => Ops.Attention(t[0], t[1], t[2], heads, queries), q, k, v);
    }

    // The block kernels (d_head a multiple of 16): 37 positions (not whole registers, more than
    // two of them, query groups of four plus a remainder), all queries or a few.
    public static TheoryData<int[]> BlockQueries => new()
    {
        Enumerable.Range(0, 37).ToArray(),
        new[] { 36 },
        new[] { 0, 5, 17, 36, 20 },
    };

    [Theory]
    [MemberData(nameof(BlockQueries))]
    public void BlockAttentionMatchesPrimitiveOpsValuesAndGradients(int[] queries)
    {
        int heads = 3, dh = 32, pos = 37, batch = 5;
        var q = GradCheck.Random(rng, [batch, queries.Length, heads * dh]);
        var k = GradCheck.Random(rng, [batch, pos, heads * dh]);
        var v = GradCheck.Random(rng, [batch, pos, heads * dh]);
        var weights = GradCheck.Random(rng, [batch, queries.Length, heads * dh], requiresGrad: false);
        var (fused, fusedGrads) = RunWithGradients(() => Ops.Attention(q, k, v, heads, queries), weights, q, k, v);
        var (reference, referenceGrads) = RunWithGradients(() => Composite(q, k, v, heads, queries), weights, q, k, v);
        // Different summation orders (scores over d_head by broadcast rows, softmax by TensorPrimitives):
        // agreement to float32 rounding, scaled by the largest entry.
        AssertClose(reference, fused, 2e-5);
        for (int t = 0; t < 3; t++)
        {
            AssertClose(referenceGrads[t], fusedGrads[t], 5e-5);
        }
    }

    // Bidirectional: every query sees every key, on the scalar path (d_head 4) and the block kernels (d_head 16).
    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    public void BidirectionalAttentionMatchesPrimitiveOpsValuesAndGradients(int dh)
    {
        int heads = 2, pos = 19, batch = 3;
        int[] queries = [0, 3, 18];
        var q = GradCheck.Random(rng, [batch, queries.Length, heads * dh]);
        var k = GradCheck.Random(rng, [batch, pos, heads * dh]);
        var v = GradCheck.Random(rng, [batch, pos, heads * dh]);
        var weights = GradCheck.Random(rng, [batch, queries.Length, heads * dh], requiresGrad: false);
        var (fused, fusedGrads) = RunWithGradients(() => Ops.Attention(q, k, v, heads, queries, causal: false), weights, q, k, v);
        var (reference, referenceGrads) = RunWithGradients(() => Composite(q, k, v, heads, queries, causal: false), weights, q, k, v);
        AssertClose(reference, fused, 2e-5);
        for (int t = 0; t < 3; t++)
        {
            AssertClose(referenceGrads[t], fusedGrads[t], 5e-5);
        }
        var causal = Ops.Attention(q, k, v, heads, queries).ToArray();
        Assert.NotEqual(causal, fused); // query 0 sees 19 keys, not 1
        GradCheck.Check(t => Ops.Attention(t[0], t[1], t[2], heads, queries, causal: false), q, k, v);
    }

    [Fact]
    public void BlockAttentionMatchesFiniteDifferences()
    {
        int heads = 2, dh = 16, pos = 19;
        int[] queries = [0, 3, 4, 7, 18];
        var q = GradCheck.Random(rng, [2, queries.Length, heads * dh]);
        var k = GradCheck.Random(rng, [2, pos, heads * dh]);
        var v = GradCheck.Random(rng, [2, pos, heads * dh]);
        GradCheck.Check(t => Ops.Attention(t[0], t[1], t[2], heads, queries), q, k, v);
    }

    [Fact]
    public void BlockAttentionSameBitsForOneTwoAndThreeThreads()
    {
        int heads = 4, dh = 32, pos = 32, batch = 67;
        int[] queries = Enumerable.Range(0, pos).ToArray();
        var q = GradCheck.Random(rng, [batch, pos, heads * dh]);
        var k = GradCheck.Random(rng, [batch, pos, heads * dh]);
        var v = GradCheck.Random(rng, [batch, pos, heads * dh]);
        var weights = GradCheck.Random(rng, [batch, pos, heads * dh], requiresGrad: false);
        var runs = new[] { 1, 2, 3 }.Select(threads =>
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            return RunWithGradients(() => Ops.Attention(q, k, v, heads, queries), weights, q, k, v);
        }).ToArray();
        foreach (var run in runs[1..])
        {
            Assert.Equal(runs[0].Output, run.Output);
            for (int t = 0; t < 3; t++)
            {
                Assert.Equal(runs[0].Gradients[t], run.Gradients[t]);
            }
        }
    }

    private static (float[] Output, float[][] Gradients) RunWithGradients(Func<Tensor> f, Tensor weights, params Tensor[] inputs)
    {
        foreach (var t in inputs)
        {
            t.ZeroGrad();
        }
        var output = f();
        output.Backward(weights);
        return ([.. output.Data], [.. inputs.Select(t => t.Grad!.ToArray())]);
    }

    private static void AssertClose(float[] expected, float[] actual, double scaledTolerance)
    {
        double scale = Math.Max(1e-6, expected.Max(x => Math.Abs((double)x)));
        double error = expected.Zip(actual, (a, b) => Math.Abs((double)a - b)).Max() / scale;
        Assert.True(error < scaledTolerance, $"scaled error {error:E2} over {scaledTolerance:E0}");
    }

    [Fact]
    public void AttentionRefusesShapesThatDoNotFit()
    {
        var x = Tensor.Zeros(2, 3, 8);
        Assert.Contains("heads", Assert.Throws<ArgumentException>(() => Ops.Attention(x, x, x, 3)).Message);
        Assert.Throws<ArgumentException>(() => Ops.Attention(x, x, x, 2, [0, 5, 1]));
    }

    [Fact]
    public void LinearIsMatMulPlusBiasWithGradients()
    {
        var x = GradCheck.Random(rng, [2, 3, 5]);
        var w = GradCheck.Random(rng, [5, 4]);
        var b = GradCheck.Random(rng, [4]);
        var expected = Ops.MatMul(x, w) + b;
        var actual = Ops.Linear(x, w, b);
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < actual.Size; i++)
        {
            Assert.Equal(expected.Data[i], actual.Data[i], 1e-5f);
        }
        GradCheck.Check(t => Ops.Linear(t[0], t[1], t[2]), x, w, b);
        GradCheck.Check(t => Ops.Linear(t[0], t[1], null), GradCheck.Random(rng, [7, 5]), GradCheck.Random(rng, [5, 3]));
        Assert.Contains("[5, 4]", Assert.Throws<ArgumentException>(() => Ops.Linear(Tensor.Zeros(2, 6), w, b)).Message);
    }
}
