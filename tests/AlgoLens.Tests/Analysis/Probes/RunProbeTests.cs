using AlgoLens.Analysis.Probes;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Tests.Analysis.Probes;

/// <summary>
/// <see cref="RunProbe"/> on an untrained transformer, where the answer is known by construction:
/// the token embedding at position 0 is the operand a's embedding, so it holds a exactly (one
/// random vector per value) and nothing of b.
/// </summary>
public class RunProbeTests
{
    private static readonly ModularArithmeticTask Task = new(ModularOperation.Add, 7);

    private static readonly HookedTransformer Model = new(new HookedTransformerConfig
    {
        NLayers = 2, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, DVocab = 8, DVocabOut = 7, NCtx = 3, Seed = 3,
    });

    [Fact]
    public void TheEmbeddingAtTheFirstPositionHoldsAAndTheControlFails()
    {
        var result = RunProbe.Fit(Model, Task, 0, new ProbeRequest("hook_embed", "a") { Positions = [0] });
        var probe = Assert.Single(result.Probes);
        Assert.Equal("hook_embed", probe.FullName);
        Assert.Null(probe.Layer);
        Assert.Equal(49, result.Examples); // all of p² when fewer are asked than the default
        Assert.Equal(49, result.Rows);
        Assert.Equal(1.0, probe.Result.TestScore);
        Assert.True(probe.Result.ControlTestScore < 0.6, $"control {probe.Result.ControlTestScore}");
        Assert.True(probe.Result.Selectivity > 0.4);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], result.Classes);
    }

    [Fact]
    public void TheEmbeddingAtTheFirstPositionHoldsNothingOfB()
    {
        var result = RunProbe.Fit(Model, Task, 0, new ProbeRequest("hook_embed", "b") { Positions = [0] });
        Assert.True(result.Probes[0].Result.TestScore < 0.6, $"test {result.Probes[0].Result.TestScore}");
    }

    [Fact]
    public void AllLayersProbesTheHookAtEveryBlockAndDefaultsToTheLastPosition()
    {
        var result = RunProbe.Fit(Model, Task, 0, new ProbeRequest("resid_post", "a+b") { AllLayers = true });
        Assert.Equal([0, 1], result.Probes.Select(p => p.Layer!.Value));
        Assert.Equal(["blocks.0.hook_resid_post", "blocks.1.hook_resid_post"], result.Probes.Select(p => p.FullName));
        Assert.Equal([2], result.Positions);
        Assert.Equal("probe-a_b-blocks.L.hook_resid_post.json", RunProbe.FileName(result));
    }

    [Fact]
    public void ARealFeatureGetsARidgeProbe()
    {
        var result = RunProbe.Fit(Model, Task, 0, new ProbeRequest("hook_embed", "cos_a:1") { Positions = [0] });
        Assert.Equal("r2", result.ScoreName);
        Assert.True(result.Probes[0].Result.TestScore > 0.99, $"R² {result.Probes[0].Result.TestScore}");
        Assert.Empty(result.Classes);
    }

    [Theory]
    [InlineData("hook_nope", "a", null, "hook_nope")]
    [InlineData("hook_embed", "depth", null, "defines no feature 'depth'")]
    [InlineData("hook_embed", "a", 3, "Position 3 is outside")]
    [InlineData("hook_embed", "a", -4, "Position -4 is outside")]
    public void BadInputIsRefusedWithTheFix(string hook, string feature, int? position, string message)
    {
        var request = new ProbeRequest(hook, feature) { Positions = position is int p ? [p] : null };
        var e = Assert.ThrowsAny<ArgumentException>(() => RunProbe.Fit(Model, Task, 0, request));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewExamplesForTheSplitAreRefused()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RunProbe.Fit(Model, Task, 0, new ProbeRequest("hook_embed", "a") { Examples = 5 }));
        Assert.Contains("needs at least 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllLayersRefusesAHookOutsideTheBlocks()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RunProbe.Fit(Model, Task, 0, new ProbeRequest("hook_embed", "a") { AllLayers = true }));
        Assert.Contains("outside the blocks", e.Message, StringComparison.Ordinal);
    }
}
