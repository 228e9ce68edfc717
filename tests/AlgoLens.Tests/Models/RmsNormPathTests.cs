using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Autograd;

namespace AlgoLens.Tests.Models;

/// <summary>
/// An RMS (and RMSPre) transformer through the fused <see cref="Ops.RmsNorm"/> against the same model
/// through the composition RootMeanSquare, Div, Mul, which the component takes when something hooks
/// <c>hook_scale</c>: the same logits and loss bit for bit, every gradient within float32 tolerance.
/// </summary>
public class RmsNormPathTests
{
    [Theory]
    [InlineData("RMS")]
    [InlineData("RMSPre")]
    public void FusedPathMatchesTheComposition(string type)
    {
        // d_model 37: whole vectors and a scalar tail at any vector width.
        var model = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { NormalizationType = type, DModel = 37 });
        var tokens = TransformerGradCheck.Tokens();
        int[] labels = [0, 1, 2, 3, 3, 2, 1, 0, 1, 1, 2, 0];

        var (fusedLoss, fusedGrads, fusedOps) = LossAndGradients(model, () => model.Forward(tokens, new ForwardOptions { AllowSpecialisations = false }), labels);
        int hookCalls = 0;
        var identityOnScales = model.HookPoints.Where(h => h.Name.EndsWith("hook_scale", StringComparison.Ordinal))
            .Select(h => (h.Name, (HookFunction)((_, _) =>
            {
                hookCalls++;
                return null;
            })))
            .ToArray();
        var (composedLoss, composedGrads, composedOps) = LossAndGradients(model, () => model.RunWithHooks(tokens, identityOnScales), labels);

        // The paths taken: 5 norms (ln1 and ln2 of two blocks, ln_final), fused or composed.
        Assert.Equal(5, identityOnScales.Length);
        Assert.Equal(5, hookCalls);
        Assert.Contains("RmsNorm", fusedOps);
        Assert.DoesNotContain("RootMeanSquare", fusedOps);
        Assert.Contains("RootMeanSquare", composedOps);
        Assert.DoesNotContain("RmsNorm", composedOps);

        Assert.Equal(composedLoss, fusedLoss);
        Assert.Equal(composedGrads.Keys, fusedGrads.Keys);
        Assert.Equal(type == "RMS", fusedGrads.ContainsKey("blocks.0.ln1.w"));
        // Each gradient within 2e-6 of the largest entry of any gradient (about 2e-7 seen: the sums of
        // d_model products in another order, through two layers; relative to the largest entry
        // because b_K's gradient, zero in exact arithmetic, is rounding noise on both paths).
        double largest = composedGrads.Values.Max(g => g.Max(MathF.Abs));
        foreach (var (name, expected) in composedGrads)
        {
            double difference = expected.Zip(fusedGrads[name], (e, f) => Math.Abs((double)e - f)).Max();
            Assert.True(difference <= 2e-6 * largest, $"{name}: differs by {difference:G3}; largest gradient entry {largest:G3}");
        }
    }

    // Cross-entropy at every position and the gradients of every trainable parameter (copied), with the ops the pass ran.
    private static (float Loss, Dictionary<string, float[]> Grads, string Ops) LossAndGradients(HookedTransformer model, Func<Tensor> forward, int[] labels)
    {
        foreach (var p in model.TrainableParameters)
        {
            p.ZeroGrad();
        }
        Tensor loss;
        string ops;
        using (var profiler = OpProfiler.Begin())
        {
            var logits = forward();
            loss = Ops.CrossEntropy(Ops.Reshape(logits, labels.Length, -1), labels);
            loss.Backward();
            ops = profiler.Report();
        }
        var grads = model.ParameterNames.Where(n => model[n].RequiresGrad).ToDictionary(n => n, n => (float[])model[n].Grad!.Clone());
        return (loss.Data[0], grads, ops);
    }
}
