using AlgoLens.Tensors;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Autograd;

using Ops = AlgoLens.Tensors.Ops;

[Collection("Parallelism")]
public class DeterminismTests
{
    // A two-layer MLP step large enough that every kernel splits its work over threads.
    private static (float[] Loss, float[] GradIn, float[] GradOut) Step(int threads)
    {
        using (ComputeContext.Use(new ComputeContext(threads)))
        {
            var rng = new System.Random(5);
            var x = GradCheck.Random(rng, [300, 96], requiresGrad: false);
            var w1 = GradCheck.Random(rng, [96, 257]);
            var w2 = GradCheck.Random(rng, [257, 37]);
            var labels = Enumerable.Range(0, 300).Select(i => i % 37).ToArray();
            var logits = Ops.MatMul(Ops.Relu(Ops.MatMul(x, w1)), w2);
            var loss = Ops.CrossEntropy(logits, labels, out double exact);
            loss.Backward();
            return ([(float)exact], w1.Grad!, w2.Grad!);
        }
    }

    [Fact]
    public void ForwardAndBackwardAreBitwiseIdenticalForAnyThreadCount()
    {
        var one = Step(1);
        var two = Step(2);
        var three = Step(3);
        Assert.Equal(one.Loss, two.Loss);
        Assert.Equal(one.GradIn, two.GradIn);
        Assert.Equal(one.GradOut, two.GradOut);
        Assert.Equal(one.GradIn, three.GradIn);
        Assert.Equal(one.GradOut, three.GradOut);
    }
}
