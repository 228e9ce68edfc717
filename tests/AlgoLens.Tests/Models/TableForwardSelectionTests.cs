using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>
/// The table forward runs only for what it implements: where it is chosen it agrees with the
/// general path on logits and gradients, and every other option falls back to the general path.
/// </summary>
public class TableForwardSelectionTests
{
    private static readonly int[] LastPosition = [3];

    public static TheoryData<string, string> Supported => new() { { "LN", "relu" }, { "none", "silu" }, { "LN", "gelu_new" }, { "LNPre", "gelu" }, { "RMS", "gelu" }, { "RMSPre", "relu" } };

    public static TheoryData<string> Unsupported => new()
    {
        "bidirectional", "mask", "rate 0.5", "rate 0", "d_input",
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void WhereChosenItAgreesWithTheGeneralPath(string normalization, string activation)
    {
        var config = TransformerGradCheck.Tiny with { NormalizationType = normalization, ActFn = activation };
        var tokens = TransformerGradCheck.Tokens();
        var fast = TransformerGradCheck.Model(config);
        var general = TransformerGradCheck.Model(config);
        Assert.True(FirstLayerTableForward.Supports(fast, tokens));

        var fastLogits = fast.Forward(tokens, ForwardOptions.AtPositions(LastPosition));
        var generalLogits = general.Forward(tokens, new ForwardOptions { OutputPositions = LastPosition, AllowSpecialisations = false });
        Assert.InRange(Fixtures.ScaledError(fastLogits.Data, generalLogits.Data), 0, 1e-5);
        var labels = new[] { 0, 1, 2 };
        Ops.CrossEntropy(Ops.Reshape(fastLogits, 3, -1), labels).Backward();
        Ops.CrossEntropy(Ops.Reshape(generalLogits, 3, -1), labels).Backward();
        // b_K's gradient is rounding noise on both paths (softmax ignores a shift of a query's scores).
        foreach (string name in general.ParameterNames.Where(n => general[n].RequiresGrad && !n.EndsWith("b_K", StringComparison.Ordinal)))
        {
            double error = Fixtures.ScaledError(fast[name].Grad!, general[name].Grad!);
            Assert.True(error <= 1e-5, $"{name}: table vs general gradient scaled error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void OtherOptionsTakeTheGeneralPath(string option)
    {
        var config = TransformerGradCheck.Tiny;
        ModelInput input = TransformerGradCheck.Tokens();
        switch (option)
        {
            case "bidirectional": config = config with { AttentionDir = "bidirectional" }; break;
            case "mask": input = TransformerGradCheck.Tokens([true, true, true, true, true, true, false, false, true, true, true, true]); break;
            case "rate 0.5": config = config with { AttentionRate = 0.5f }; break;
            case "rate 0": config = config with { AttentionRate = 0f }; break;
            case "d_input":
                config = config with { DInput = 2 };
                input = ModelInput.FromValues(Enumerable.Range(0, 24).Select(i => MathF.Sin(i)).ToArray(), 3, 4, 2);
                break;
        }
        var model = TransformerGradCheck.Model(config);
        Assert.False(FirstLayerTableForward.Supports(model, input));
        var chosen = model.Forward(input, ForwardOptions.AtPositions(LastPosition));
        var general = model.Forward(input, new ForwardOptions { OutputPositions = LastPosition, AllowSpecialisations = false });
        Assert.Equal(general.Data, chosen.Data);
    }

    // Sequence shapes in small: 20 positions, loss at every one, d_head 16 (the block attention kernels).
    public static TheoryData<string, string?, int> Sequences => new() { { "LN", "gelu", 2 }, { "none", null, 2 }, { "none", "relu", 1 }, { "LN", "silu", 1 }, { "RMS", "gelu", 2 } };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void LongSequencesGatherTheFirstBlockFromTheTablesAndAgreeWithTheGeneralPath(string normalization, string? activation, int layers)
    {
        var config = new HookedTransformerConfig
        {
            NLayers = layers, DModel = 24, NHeads = 2, DHead = 16, DMlp = 32, DVocab = 6, NCtx = 20,
            ActFn = activation, AttnOnly = activation is null, NormalizationType = normalization, Seed = 5,
        };
        var random = new System.Random(8);
        var tokens = new TokenBatch(Enumerable.Range(0, 5 * 20).Select(_ => random.Next(6)).ToArray(), 5, 20);
        int[] every = Enumerable.Range(0, 20).ToArray();
        var labels = Enumerable.Range(0, 5 * 20).Select(i => (i * 7) % 6).ToArray();
        var gathered = TransformerGradCheck.Model(config);
        Assert.True(FirstLayerTableForward.Supports(gathered, tokens));
        Assert.False(FirstLayerTableForward.ReadsTablesInFirstAttention(gathered, tokens, every));
        Assert.False(FirstLayerTableForward.FoldsFirstMlpInput(gathered, tokens, every));
        var tables = TransformerGradCheck.Model(config);
        var general = TransformerGradCheck.Model(config);

        var gatheredLogits = gathered.Forward(tokens, ForwardOptions.AtPositions(every));
        var tableLogits = FirstLayerTableForward.Forward(tables, tokens, every, foldMlpInput: true, tableAttention: true);
        var generalLogits = general.Forward(tokens, new ForwardOptions { OutputPositions = every, AllowSpecialisations = false });
        Assert.InRange(Fixtures.ScaledError(gatheredLogits.Data, generalLogits.Data), 0, 1e-5);
        Assert.InRange(Fixtures.ScaledError(tableLogits.Data, generalLogits.Data), 0, 1e-5);
        foreach (var logits in new[] { gatheredLogits, tableLogits, generalLogits })
        {
            Ops.CrossEntropy(Ops.Reshape(logits, 100, -1), labels).Backward();
        }
        foreach (string name in general.ParameterNames.Where(n => general[n].RequiresGrad && !n.EndsWith("b_K", StringComparison.Ordinal)))
        {
            double error = Fixtures.ScaledError(gathered[name].Grad!, general[name].Grad!);
            Assert.True(error <= 2e-5, $"{name}: gathered vs general gradient scaled error {error:E2}");
            error = Fixtures.ScaledError(tables[name].Grad!, general[name].Grad!);
            Assert.True(error <= 2e-5, $"{name}: tables vs general gradient scaled error {error:E2}");
        }
    }

    [Fact]
    public void TheGrokkingPresetReadsTheTablesAndFoldsItsMlpInput()
    {
        var config = (HookedTransformerConfig)AlgoLens.Training.Presets.Grokking.Model with { DVocab = 114, DVocabOut = 113, NCtx = 3 };
        var model = new HookedTransformer(config);
        var tokens = new TokenBatch(Enumerable.Range(0, 3 * 3000).Select(i => i % 3 == 2 ? 113 : (i * 37) % 113).ToArray(), 3000, 3);
        Assert.True(FirstLayerTableForward.ReadsTablesInFirstAttention(model, tokens, [2]));
        Assert.True(FirstLayerTableForward.FoldsFirstMlpInput(model, tokens, [2]));
    }

    [Fact]
    public void GatheredFirstBlockSameBitsForOneTwoAndThreeThreads()
    {
        var config = new HookedTransformerConfig
        {
            NLayers = 2, DModel = 32, NHeads = 2, DHead = 16, DMlp = 64, DVocab = 7, NCtx = 24, ActFn = "gelu", NormalizationType = "LN", Seed = 2,
        };
        var random = new System.Random(3);
        var tokens = new TokenBatch(Enumerable.Range(0, 70 * 24).Select(_ => random.Next(7)).ToArray(), 70, 24);
        int[] every = Enumerable.Range(0, 24).ToArray();
        var labels = Enumerable.Range(0, 70 * 24).Select(i => i % 7).ToArray();
        var runs = new[] { 1, 2, 3 }.Select(threads =>
        {
            using var compute = ComputeContext.Use(new ComputeContext(threads));
            var model = new HookedTransformer(config);
            var logits = model.Forward(tokens, ForwardOptions.AtPositions(every));
            Ops.CrossEntropy(Ops.Reshape(logits, 70 * 24, -1), labels).Backward();
            return model.ParameterNames.Select(n => model[n].Grad!).Prepend(logits.Data.ToArray()).ToArray();
        }).ToArray();
        foreach (var run in runs[1..])
        {
            for (int i = 0; i < run.Length; i++)
            {
                Assert.Equal(runs[0][i], run[i]);
            }
        }
    }
}
