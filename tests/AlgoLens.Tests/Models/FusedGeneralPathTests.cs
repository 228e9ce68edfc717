using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Autograd;

namespace AlgoLens.Tests.Models;

/// <summary>
/// The general forward's blocks take the fused attention and MLP on plain calls (no hook, no cache)
/// and the unfused ops otherwise; both agree to rounding, and output positions in any order are
/// honoured on every path.
/// </summary>
public class FusedGeneralPathTests
{
    private static readonly HookedTransformerConfig Small = new()
    {
        NLayers = 2, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, DVocab = 10, NCtx = 4, NormalizationType = "LN", ActFn = "relu", Seed = 1,
    };

    private static readonly TokenBatch Tokens = new([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2], 3, 4);

    private static readonly ForwardOptions General = new() { AllowSpecialisations = false };

    // The op names and calls of one call, from the profiler's table.
    private static string OpsOf(Action call)
    {
        using var profiler = OpProfiler.Begin();
        call();
        return profiler.Report();
    }

    private static int Calls(string report, string op) =>
        report.Split('\n').Where(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] == op)
            .Select(l => (int)double.Parse(l[(l.LastIndexOf("calls", StringComparison.Ordinal) + 5)..], System.Globalization.CultureInfo.InvariantCulture))
            .SingleOrDefault();

    [Fact]
    public void APlainGeneralCallTakesTheFusedOpsInEveryBlock()
    {
        var model = new HookedTransformer(Small);
        var report = OpsOf(() => model.Forward(Tokens, General));
        Assert.Equal(2, Calls(report, "Attention"));
        Assert.Equal(2, Calls(report, "ReluMlp"));
        Assert.Equal(0, Calls(report, "Softmax"));
    }

    [Theory]
    [InlineData("bidirectional", 1f, false)]
    [InlineData("causal", 0.5f, false)]
    [InlineData("causal", 1f, true)]
    public void ConfigurationsThatAlwaysTrainedUnfusedStayUnfused(string direction, float rate, bool padded)
    {
        // Their runs keep their bits: neither the attention nor the MLP is fused for them.
        var model = new HookedTransformer(Small with { AttentionDir = direction, AttentionRate = rate });
        var input = padded ? new TokenBatch(Tokens.Ids, 3, 4, [.. Enumerable.Repeat(true, 11), false]) : Tokens;
        var report = OpsOf(() => model.Forward(input, General));
        Assert.Equal(0, Calls(report, "Attention"));
        Assert.Equal(0, Calls(report, "ReluMlp"));
        Assert.Equal(2, Calls(report, "Softmax"));
    }

    [Theory]
    [InlineData("bidirectional", 1f, false, 0)]
    [InlineData("causal", 0.5f, false, 0)]
    [InlineData("causal", 1f, true, 0)]
    [InlineData("causal", 1f, false, 5)]
    public void LayerNormPreFusesOnlyWhereTheFusedOpsServe(string direction, float rate, bool padded, int fusedNorms)
    {
        // LNPre's general path was its composition, whose bits differ from the fused op's: the
        // configurations that trained through it keep it (ln1, ln2 of two blocks and ln_final = 5).
        var model = new HookedTransformer(Small with { NormalizationType = "LNPre", AttentionDir = direction, AttentionRate = rate });
        var input = padded ? new TokenBatch(Tokens.Ids, 3, 4, [.. Enumerable.Repeat(true, 11), false]) : Tokens;
        var report = OpsOf(() => model.Forward(input, General));
        Assert.Equal(fusedNorms, Calls(report, "LayerNorm"));
    }

    [Fact]
    public void AnyHookOrCacheTakesTheUnfusedOps()
    {
        // Even a hook outside the blocks, or a cache of one activation: a filtered run must hold the
        // full cache's bits, and the fused ops differ from the unfused by rounding.
        var model = new HookedTransformer(Small);
        foreach (var report in new[]
        {
            OpsOf(() => model.RunWithHooks(Tokens, ("hook_embed", (_, _) => null))),
            OpsOf(() => model.RunWithHooks(Tokens)), // patching's baseline: the path every patched run takes
            OpsOf(() => model.RunWithCache(Tokens, name => name == "blocks.1.mlp.hook_post")),
        })
        {
            Assert.Equal(0, Calls(report, "Attention"));
            Assert.Equal(0, Calls(report, "ReluMlp"));
            Assert.Equal(2, Calls(report, "Softmax"));
        }
    }

    [Fact]
    public void AFilteredCacheHoldsTheFullCachesBits()
    {
        var model = new HookedTransformer(Small with { NormalizationType = "LNPre" });
        var (fullLogits, full) = model.RunWithCache(Tokens);
        var (logits, filtered) = model.RunWithCache(Tokens, name => name == "blocks.1.mlp.hook_post");
        Assert.Equal(fullLogits.ToArray(), logits.ToArray());
        Assert.Equal(full["blocks.1.mlp.hook_post"].ToArray(), filtered["blocks.1.mlp.hook_post"].ToArray());
    }

    [Theory]
    [InlineData("relu", "LN")]
    [InlineData("gelu", "none")]
    [InlineData("silu", "LNPre")]
    [InlineData("gelu_new", "RMS")]
    public void FusedAndUnfusedAgreeToRounding(string activation, string normalization)
    {
        var model = new HookedTransformer(Small with { ActFn = activation, NormalizationType = normalization });
        var fused = model.Forward(Tokens, General).ToArray();
        var unfused = model.RunWithCache(Tokens).Output.ToArray();
        Assert.Equal(unfused.Length, fused.Length);
        for (int i = 0; i < fused.Length; i++)
        {
            Assert.Equal(unfused[i], fused[i], 1e-5f);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryPositionInAnotherOrderIsHonouredOnEveryPath(bool allowSpecialisations)
    {
        // Every position, reversed: the output's position i is the sequence's position 3 - i.
        var model = new HookedTransformer(Small);
        var all = model.Forward(Tokens, new ForwardOptions { AllowSpecialisations = allowSpecialisations });
        var reversed = model.Forward(Tokens, new ForwardOptions { OutputPositions = [3, 2, 1, 0], AllowSpecialisations = allowSpecialisations });
        Assert.Equal(all.Shape, reversed.Shape);
        for (int b = 0; b < 3; b++)
        {
            for (int p = 0; p < 4; p++)
            {
                for (int c = 0; c < Small.DVocab; c++)
                {
                    Assert.Equal(all[b, 3 - p, c], reversed[b, p, c], 1e-5f);
                }
            }
        }
    }
}
