using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Ops;

using Ops = AlgoLens.Tensors.Ops;

public class ElementwiseGradTests
{
    private readonly System.Random rng = new(7);

    public static TheoryData<int[], int[]> BroadcastPairs => new()
    {
        { new[] { 3, 5 }, new[] { 3, 5 } },
        { new[] { 2, 3, 4 }, new[] { 4 } },
        { new[] { 4 }, new[] { 2, 3, 4 } },
        { new[] { 2, 1, 4 }, new[] { 3, 1 } },
        { new[] { 1, 7 }, new[] { 5, 1 } },
        { new[] { 2, 3, 1 }, new[] { 1, 3, 5 } },
        { new[] { 3 }, new[] { 1 } },
    };

    [Theory]
    [MemberData(nameof(BroadcastPairs))]
    public void AddBackwardMatchesFiniteDifferences(int[] a, int[] b) =>
        GradCheck.Check(x => Ops.Add(x[0], x[1]), GradCheck.Random(rng, a), GradCheck.Random(rng, b));

    [Theory]
    [MemberData(nameof(BroadcastPairs))]
    public void SubBackwardMatchesFiniteDifferences(int[] a, int[] b) =>
        GradCheck.Check(x => Ops.Sub(x[0], x[1]), GradCheck.Random(rng, a), GradCheck.Random(rng, b));

    [Theory]
    [MemberData(nameof(BroadcastPairs))]
    public void MulBackwardMatchesFiniteDifferences(int[] a, int[] b) =>
        GradCheck.Check(x => Ops.Mul(x[0], x[1]), GradCheck.Random(rng, a), GradCheck.Random(rng, b));

    [Theory]
    [MemberData(nameof(BroadcastPairs))]
    public void DivBackwardMatchesFiniteDifferences(int[] a, int[] b) =>
        GradCheck.Check(x => Ops.Div(x[0], x[1]), GradCheck.Random(rng, a), GradCheck.Random(rng, b, 0.5f, 2f));

    [Fact]
    public void ScaleAndAddScalarBackward()
    {
        GradCheck.Check(x => Ops.Scale(x[0], -2.5f), GradCheck.Random(rng, [3, 4]));
        GradCheck.Check(x => Ops.AddScalar(x[0], 3f) * x[0], GradCheck.Random(rng, [5]));
        GradCheck.Check(x => -x[0], GradCheck.Random(rng, [2, 2]));
    }

    [Fact]
    public void UnaryOpsBackwardMatchFiniteDifferences()
    {
        GradCheck.Check(x => Ops.Relu(x[0]), GradCheck.AwayFromZero(rng, [4, 7]));
        GradCheck.Check(x => Ops.Gelu(x[0]), GradCheck.Random(rng, [3, 11], -3f, 3f));
        GradCheck.Check(x => Ops.GeluNew(x[0]), GradCheck.Random(rng, [3, 11], -3f, 3f));
        GradCheck.Check(x => Ops.Exp(x[0]), GradCheck.Random(rng, [13]));
        GradCheck.Check(x => Ops.Log(x[0]), GradCheck.Random(rng, [13], 0.5f, 3f));
        GradCheck.Check(x => Ops.Tanh(x[0]), GradCheck.Random(rng, [2, 9], -2f, 2f));
        GradCheck.Check(x => Ops.Square(x[0]), GradCheck.Random(rng, [17]));
        GradCheck.Check(x => Ops.Sqrt(x[0]), GradCheck.Random(rng, [17], 0.5f, 3f));
    }

    [Fact]
    public void ActivationsMatchReferenceValues()
    {
        // Reference values from the closed forms, computed in double with Python's math.erf / math.tanh.
        var x = Tensor.FromArray([-2f, -0.5f, 0f, 1f, 3f], 5);
        float[] gelu = [-0.04550026f, -0.15426877f, 0f, 0.84134475f, 2.99595031f];
        float[] geluNew = [-0.04540230f, -0.15428599f, 0f, 0.84119199f, 2.99636261f];
        var yGelu = Ops.Gelu(x).Data;
        var yNew = Ops.GeluNew(x).Data;
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(gelu[i], yGelu[i], 1e-6f);
            Assert.Equal(geluNew[i], yNew[i], 1e-6f);
        }
        Assert.Equal([0f, 0f, 0f, 1f, 3f], Ops.Relu(x).Data);
        Assert.Equal(Ops.Relu(x).Data, Ops.Activation(x, FusedActivation.Relu).Data);
        Assert.Same(x, Ops.Activation(x, FusedActivation.None));
    }

    [Fact]
    public void MismatchedShapesNameBothShapes()
    {
        var a = Tensor.Zeros(2, 3);
        var b = Tensor.Zeros(4, 3);
        var error = Assert.Throws<ArgumentException>(() => Ops.Add(a, b));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[4, 3]", error.Message);
        Assert.Throws<ArgumentException>(() => Ops.Mul(Tensor.Zeros(3), Tensor.Zeros(4)));
    }
}
