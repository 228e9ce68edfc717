using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>
/// Checks a model's parameter gradients against central finite differences of a scalar loss,
/// sum(output · fixed random weights), so that every output element gets a distinct gradient.
/// </summary>
internal static class ModelGradCheck
{
    public static void Check(IModel model, ModelInput input, float eps = 1e-2f, double atol = 2e-3, double rtol = 2e-2)
    {
        var output = model.Forward(input, new ForwardOptions { AllowSpecialisations = false });
        var random = new System.Random(5);
        Check(model, input, Enumerable.Range(0, output.Size).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), eps, atol, rtol);
    }

    /// <summary>The check with given output weights (e.g. zero at padding, which a loss never reads).</summary>
    public static void Check(IModel model, ModelInput input, float[] outputWeights, float eps, double atol, double rtol)
    {
        var plain = new ForwardOptions { AllowSpecialisations = false };
        var output = model.Forward(input, plain);
        var weights = new Tensor(outputWeights, output.Shape);
        foreach (var p in model.Parameters.Tensors)
        {
            p.ZeroGrad();
        }
        Ops.SumAll(Ops.Mul(output, weights)).Backward();

        double Probe()
        {
            using var _ = Tensor.NoGrad();
            var y = model.Forward(input, plain);
            double s = 0;
            for (int i = 0; i < y.Size; i++)
            {
                s += (double)y.Data[i] * weights.Data[i];
            }
            return s;
        }

        foreach (var spec in model.Parameters.Specs.Where(s => s.Trainable))
        {
            var p = model.Parameters[spec.Name];
            Assert.True(p.Grad is not null, $"{spec.Name} has no gradient");
            for (int i = 0; i < p.Size; i++)
            {
                float original = p.Data[i];
                p.Data[i] = original + eps;
                double plus = Probe();
                p.Data[i] = original - eps;
                double minus = Probe();
                p.Data[i] = original;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = p.Grad![i];
                Assert.True(Math.Abs(analytic - numeric) <= atol + rtol * Math.Abs(numeric),
                    $"{spec.Name}[{i}]: analytic {analytic} vs numeric {numeric}");
            }
        }
    }
}
