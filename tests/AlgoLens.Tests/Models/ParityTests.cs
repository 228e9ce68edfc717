using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Optim;

namespace AlgoLens.Tests.Models;

/// <summary>
/// Parity with libtorch (Fixtures/tl-parity, made with libtorch outside this project): forward activations, loss, gradients and
/// three AdamW steps, within the tolerances the fixtures' README gives.
/// </summary>
public class ParityTests
{
    private const double ActivationTolerance = 1e-4;
    private const double AdamTolerance = 5e-4;

    public static TheoryData<string> FixtureNames => new() { "grokking", "small_ln_gelu" };

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void ForwardMatchesEveryHookAndTheLogits(string fixture)
    {
        var model = Fixtures.Model(fixture);
        var expected = Fixtures.Expected(fixture);
        var (logits, cache) = model.RunWithCache(Fixtures.Tokens(expected));
        Assert.InRange(Fixtures.ScaledError(logits.Data, expected["logits"].ToFloat32()), 0, ActivationTolerance);
        var hookNames = expected.Names.Where(n => n.Contains("hook_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(hookNames);
        foreach (string name in hookNames)
        {
            var actual = cache[name];
            Assert.Equal(expected[name].Shape, actual.Shape);
            double error = Fixtures.ScaledError(actual.Data, expected[name].ToFloat32());
            Assert.True(error <= ActivationTolerance, $"{fixture} {name}: scaled error {error:E2}");
        }
        // Every hook point the fixture records is one this model exposes, and vice versa, but for
        // LayerNorm's hook_scale, which the fixtures predate (TransformerLensHookListTests holds it).
        Assert.Equal(hookNames.OrderBy(n => n), model.HookPoints.Select(h => h.Name)
            .Where(n => hookNames.Contains(n) || !n.EndsWith(".hook_scale", StringComparison.Ordinal)).OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void LossAndGradientsMatch(string fixture)
    {
        var model = Fixtures.Model(fixture);
        var expected = Fixtures.Expected(fixture);
        LastPositionLoss(model, expected, out double loss).Backward();
        Assert.Equal(expected["loss"].ToFloat64()[0], loss, 1e-5);
        foreach (string name in model.ParameterNames.Where(n => expected.Contains("grad." + n)))
        {
            double error = Fixtures.ScaledError(model[name].Grad!, expected["grad." + name].ToFloat32());
            Assert.True(error <= ActivationTolerance, $"{fixture} grad.{name}: scaled error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void ThreeAdamWStepsMatch(string fixture)
    {
        var model = Fixtures.Model(fixture);
        var expected = Fixtures.Expected(fixture);
        var optimizer = new AdamW(model.TrainableParameters, learningRate: 1e-3, beta1: 0.9, beta2: 0.98, epsilon: 1e-8, weightDecay: 1.0);
        for (int step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            LastPositionLoss(model, expected, out _).Backward();
            optimizer.Step();
        }
        foreach (string name in model.ParameterNames.Where(n => expected.Contains("adamw3." + n)))
        {
            double error = Fixtures.ScaledError(model[name].Data, expected["adamw3." + name].ToFloat32());
            Assert.True(error <= AdamTolerance, $"{fixture} adamw3.{name}: scaled error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void PrunedForwardGivesTheSameLossAndGradients(string fixture)
    {
        var expected = Fixtures.Expected(fixture);
        var full = Fixtures.Model(fixture);
        var pruned = Fixtures.Model(fixture);
        LastPositionLoss(full, expected, out double fullLoss).Backward();
        var tokens = Fixtures.Tokens(expected);
        var logits = pruned.ForwardAtPositions(tokens, [tokens.Positions - 1]);
        Ops.CrossEntropy(Ops.Reshape(logits, tokens.Batch, -1), Fixtures.Labels(expected), out double prunedLoss).Backward();
        Assert.Equal(fullLoss, prunedLoss, 1e-6);
        // b_K's gradient is zero in exact arithmetic (softmax ignores a constant shift of a query's
        // scores), so both values are rounding noise; the fixtures leave it out for the same reason.
        foreach (string name in full.ParameterNames.Where(n => full[n].RequiresGrad && !n.EndsWith("b_K", StringComparison.Ordinal)))
        {
            double error = Fixtures.ScaledError(pruned[name].Grad!, full[name].Grad!);
            Assert.True(error <= 1e-5, $"{fixture} {name}: pruned vs full gradient scaled error {error:E2}");
        }
    }

    private static Tensor LastPositionLoss(HookedTransformer model, AlgoLens.IO.SafetensorsFile expected, out double loss)
    {
        var tokens = Fixtures.Tokens(expected);
        var logits = model.Forward(tokens); // [batch, pos, vocab]
        var last = Ops.Reshape(Ops.Slice(logits, 1, tokens.Positions - 1, 1), tokens.Batch, -1);
        return Ops.CrossEntropy(last, Fixtures.Labels(expected), out loss);
    }
}
