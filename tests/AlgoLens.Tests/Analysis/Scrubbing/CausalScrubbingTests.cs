using AlgoLens.Analysis.Circuits.Scrubbing;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Scrubbing;

public sealed class CausalScrubbingTests
{
    private static readonly HookedTransformer Model = FourierCopyModel.Model();
    private static readonly ExampleBatch Examples = FourierCopyModel.Examples();
    private static readonly ScrubContext Context = new(Model, FourierCopyModel.P, () => [FourierCopyModel.Key]);
    private static readonly ScrubOptions Exact = new() { Mode = ScrubMode.Exact, EveryInput = true };

    [Fact]
    public void The_model_computes_the_task_so_randomising_its_input_costs_loss()
    {
        var result = CausalScrubbing.Run(Model, Examples, BuiltInHypotheses.Fourier(Context), Exact);
        Assert.True(result.LossClean < 0.01, $"clean loss {result.LossClean}");
        Assert.True(result.LossRandom > 1.0, $"random loss {result.LossRandom}");
    }

    [Fact]
    public void A_true_directions_hypothesis_recovers_all_the_loss_exactly()
    {
        // Only the key dimensions of the embedding are read: the junk taken from random inputs changes nothing, bit for bit.
        var hypothesis = HypothesisFile.Parse($$"""{"nodes": [{"hook": "hook_embed", "subspace": {"directions": {{FourierCopyModel.KeyDirectionsJson}}}, "feature": "token"}]}""", Context);
        var result = CausalScrubbing.Run(Model, Examples, hypothesis, Exact);
        Assert.True(result.Exact);
        Assert.Equal(result.LossClean, result.LossScrubbed, 12);
        Assert.Equal(1.0, result.FractionRecovered, 9);
    }

    [Fact]
    public void The_fourier_hypothesis_with_the_key_frequency_is_true_and_with_other_frequencies_false()
    {
        var key = CausalScrubbing.Run(Model, Examples, BuiltInHypotheses.Fourier(Context), Exact);
        Assert.True(key.FractionRecovered > 0.999, $"key frequency recovers {key.FractionRecovered}");
        var junk = CausalScrubbing.Run(Model, Examples, BuiltInHypotheses.Fourier(Context, FourierCopyModel.Junk), Exact);
        Assert.True(junk.FractionRecovered < 0.05, $"non-key frequencies recover {junk.FractionRecovered}");
        Assert.True(junk.LossScrubbed > 1.0);
    }

    [Fact]
    public void A_claim_on_the_wrong_feature_is_false()
    {
        // The right subspace, but claimed to compute nothing (resampled from any input): no better than random.
        var hypothesis = HypothesisFile.Parse($$"""{"nodes": [{"hook": "hook_embed", "positions": [0], "subspace": {"directions": {{FourierCopyModel.KeyDirectionsJson}}}, "feature": "none"}]}""", Context);
        var result = CausalScrubbing.Run(Model, Examples, hypothesis, Exact);
        Assert.InRange(result.FractionRecovered, -0.05, 0.05);
    }

    [Fact]
    public void The_exact_random_loss_is_the_mean_over_every_pair_of_input_and_random_input()
    {
        // A node on position 0 only, taken whole from a random input x'': the model then answers as on
        // x'' (it reads nothing else), so L_random = mean over (x, x'') of CE(logits(x''), target(x)).
        var hypothesis = new ScrubHypothesis("pos0", [new ScrubNode(HookNames.Embed, null, [0], ScrubSubspace.All, ScrubFeature.Token)]);
        var result = CausalScrubbing.Run(Model, Examples, hypothesis, Exact);
        Tensor logits;
        using (Tensor.NoGrad())
        {
            logits = Model.RunWithHooks(Examples.Input);
        }
        int n = Examples.Count, p = FourierCopyModel.P;
        double expected = 0;
        for (int x = 0; x < n; x++)
        {
            int target = Examples.Targets.Classes![x * 3 + 2];
            for (int other = 0; other < n; other++)
            {
                var row = logits.Data.AsSpan((other * 3 + 2) * p, p);
                double max = double.NegativeInfinity;
                foreach (float v in row)
                {
                    max = Math.Max(max, v);
                }
                double sum = 0;
                foreach (float v in row)
                {
                    sum += Math.Exp(v - max);
                }
                expected += max + Math.Log(sum) - row[target];
            }
        }
        expected /= (double)n * n;
        Assert.Equal(expected, result.LossRandom, 6);
        // The feature is the token itself, so the scrubbed run is the clean one.
        Assert.Equal(result.LossClean, result.LossScrubbed, 9);
    }

    [Fact]
    public void The_sampled_expectation_agrees_with_the_exact_one_within_its_standard_error()
    {
        // A partly true hypothesis, so the scrubbed loss varies from draw to draw: of the two key
        // dimensions only the first (cos) is claimed; the second comes from a random input.
        string cosOnly = "[[" + string.Join(", ", Enumerable.Range(0, FourierCopyModel.DModel).Select(j => j == FourierCopyModel.KeyDims ? "1" : "0")) + "]]";
        var hypothesis = HypothesisFile.Parse($$"""{"nodes": [{"hook": "hook_embed", "positions": [0, 1], "subspace": {"directions": {{cosOnly}}}, "feature": "token"}]}""", Context);
        var exact = CausalScrubbing.Run(Model, Examples, hypothesis, Exact);
        var sampled = CausalScrubbing.Run(Model, Examples, hypothesis, new ScrubOptions { Mode = ScrubMode.Sampled, EveryInput = true, Samples = 64, Seed = 5 });
        Assert.True(exact.Exact);
        Assert.False(sampled.Exact);
        Assert.Equal(exact.LossClean, sampled.LossClean);
        Assert.True(sampled.StandardErrorScrubbed > 0 && sampled.StandardErrorRandom > 0, $"standard errors {sampled.StandardErrorScrubbed}, {sampled.StandardErrorRandom}");
        Assert.InRange(exact.FractionRecovered, 0.05, 0.95);
        Assert.True(Math.Abs(exact.LossScrubbed - sampled.LossScrubbed) < 4 * sampled.StandardErrorScrubbed!.Value,
            $"exact {exact.LossScrubbed}, sampled {sampled.LossScrubbed} ± {sampled.StandardErrorScrubbed}");
        Assert.True(Math.Abs(exact.LossRandom - sampled.LossRandom) < 4 * sampled.StandardErrorRandom!.Value,
            $"exact {exact.LossRandom}, sampled {sampled.LossRandom} ± {sampled.StandardErrorRandom}");
    }

    [Fact]
    public void Auto_samples_above_the_exact_budget_and_enumerates_below_it()
    {
        var hypothesis = BuiltInHypotheses.Fourier(Context);
        // p² inputs × p² distinct rests, for the scrubbed and the random loss.
        long rows = 2L * FourierCopyModel.P * FourierCopyModel.P * FourierCopyModel.P * FourierCopyModel.P;
        var within = CausalScrubbing.Run(Model, Examples, hypothesis, new ScrubOptions { EveryInput = true, ExactBudget = rows });
        Assert.True(within.Exact);
        Assert.Equal(rows, within.Rows);
        var over = CausalScrubbing.Run(Model, Examples, hypothesis, new ScrubOptions { EveryInput = true, ExactBudget = rows - 1 });
        Assert.False(over.Exact);
        // A sample of inputs is never enumerated.
        Assert.False(CausalScrubbing.Run(Model, Examples, hypothesis, new ScrubOptions { EveryInput = false }).Exact);
    }

    [Fact]
    public void An_induction_head_scrubbed_on_its_own_features_keeps_its_loss()
    {
        // A hand-set two-layer model whose layer 1 head 0 is an exact induction head that copies its answer to the logits.
        var model = InductionModel.Model();
        var examples = RepeatedExamples(InductionModel.Values, 4, 256, seed: 3);
        var hypothesis = BuiltInHypotheses.Induction([(1, 0)]);
        var result = CausalScrubbing.Run(model, examples, hypothesis, new ScrubOptions { Samples = 4 });
        Assert.False(result.Exact);
        Assert.True(result.LossRandom > result.LossClean + 0.5, $"random {result.LossRandom}, clean {result.LossClean}");
        Assert.True(result.FractionRecovered > 0.99, $"recovered {result.FractionRecovered}");
        // Keys claimed to read the current token instead of the previous one: false.
        var wrong = new ScrubHypothesis("wrong", [.. hypothesis.Nodes.Select(n => n.Hook.EndsWith("hook_k", StringComparison.Ordinal) ? n with { Feature = ScrubFeature.Token } : n)]);
        Assert.True(CausalScrubbing.Run(model, examples, wrong, new ScrubOptions { Samples = 4 }).FractionRecovered < 0.5);
    }

    // BOS x1..xL x1..xL with targets x(k+1) at the second copy's x_k, as the repeat task reads them.
    private static ExampleBatch RepeatedExamples(int values, int half, int count, ulong seed)
    {
        var rng = new AlgoLens.Tensors.Random.Rng(seed);
        int positions = 2 * half + 1;
        var ids = new int[count * positions];
        var targets = new int[count * positions];
        Array.Fill(targets, -1);
        for (int r = 0; r < count; r++)
        {
            ids[r * positions] = values; // BOS
            for (int k = 0; k < half; k++)
            {
                int token = rng.NextInt(values);
                ids[r * positions + 1 + k] = token;
                ids[r * positions + 1 + half + k] = token;
            }
            for (int k = 1; k < half; k++)
            {
                targets[r * positions + half + k] = ids[r * positions + 1 + k];
            }
        }
        return new ExampleBatch(ModelInput.FromTokens(new TokenBatch(ids, count, positions)), Targets.FromClasses(targets, count, positions));
    }
}
