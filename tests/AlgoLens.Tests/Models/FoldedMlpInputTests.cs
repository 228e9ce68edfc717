using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>
/// The pruned forward's first MLP with its input projection folded into the attention's tables
/// (resid_mid·W_in computed as the attention over the tables' rows times W_in) against the hooked
/// full forward, which projects every row: the same loss and gradients up to float rounding.
/// </summary>
public class FoldedMlpInputTests
{
    private const int P = 23;

    // ReLU runs the fused Ops.TableReluLinear (d_mlp 64: one group of hidden units, 512: two);
    // GELU the table attention, the activation and a Linear.
    public static TheoryData<int, string, int> Models => new() { { 1, "relu", 64 }, { 1, "gelu", 64 }, { 2, "relu", 64 }, { 1, "relu", 512 }, { 2, "relu", 512 } };

    [Theory]
    [MemberData(nameof(Models))]
    public void FoldedPrunedForwardMatchesTheFullForward(int layers, string activation, int dMlp)
    {
        var config = new HookedTransformerConfig
        {
            NLayers = layers, DModel = 32, NHeads = 4, DHead = 8, DMlp = dMlp, DVocab = P + 1, DVocabOut = P, NCtx = 3,
            ActFn = activation, Seed = 5,
        };
        var (tokens, labels) = AllPairs();
        var full = new HookedTransformer(config);
        var pruned = new HookedTransformer(config);
        // Larger biases than the zero init, so that the bias terms' paths are exercised too.
        foreach (string name in full.ParameterNames.Where(n => n.Contains(".b_", StringComparison.Ordinal)))
        {
            var values = Enumerable.Range(0, full[name].Size).Select(i => 0.1f * MathF.Sin(i + name.Length)).ToArray();
            values.CopyTo(full[name].Data, 0);
            values.CopyTo(pruned[name].Data, 0);
        }
        Assert.True(FirstLayerTableForward.FoldsFirstMlpInput(pruned, tokens, [2]));

        var fullLogits = Ops.Reshape(Ops.Slice(full.Forward(tokens, new ForwardOptions { AllowSpecialisations = false }), 1, 2, 1), tokens.Batch, -1);
        Ops.CrossEntropy(fullLogits, labels, out double fullLoss).Backward();
        var prunedLogits = Ops.Reshape(pruned.ForwardAtPositions(tokens, [2]), tokens.Batch, -1);
        Ops.CrossEntropy(prunedLogits, labels, out double prunedLoss).Backward();

        Assert.InRange(Fixtures.ScaledError(prunedLogits.Data, fullLogits.Data), 0, 1e-5);
        Assert.Equal(fullLoss, prunedLoss, 1e-6);
        foreach (string name in full.ParameterNames.Where(n => full[n].RequiresGrad && !n.EndsWith("b_K", StringComparison.Ordinal)))
        {
            double error = Fixtures.ScaledError(pruned[name].Grad!, full[name].Grad!);
            Assert.True(error <= 1e-5, $"{name}: folded pruned vs full gradient scaled error {error:E2}");
        }
    }

    [Fact]
    public void NoFoldWhereTheProjectionIsNotLinearOrNotFewer()
    {
        var (tokens, _) = AllPairs();
        var baseConfig = new HookedTransformerConfig { DModel = 32, NHeads = 4, DHead = 8, DMlp = 64, DVocab = P + 1, DVocabOut = P, NCtx = 3 };
        Assert.False(FirstLayerTableForward.FoldsFirstMlpInput(new HookedTransformer(baseConfig with { NormalizationType = "LN" }), tokens, [2]));
        Assert.False(FirstLayerTableForward.FoldsFirstMlpInput(new HookedTransformer(baseConfig with { AttnOnly = true }), tokens, [2]));
        // Eight sequences read 17 (token, position) pairs: 5 x 17 table rows are more than 8 rows.
        var few = new TokenBatch(tokens.Ids[..24].ToArray(), 8, 3);
        Assert.False(FirstLayerTableForward.FoldsFirstMlpInput(new HookedTransformer(baseConfig), few, [2]));
    }

    // Every "a b =" of Z_23, with a + b mod 23 as the label.
    private static (TokenBatch Tokens, int[] Labels) AllPairs()
    {
        var ids = new List<int>();
        var labels = new List<int>();
        for (int a = 0; a < P; a++)
        {
            for (int b = 0; b < P; b++)
            {
                ids.AddRange([a, b, P]);
                labels.Add((a + b) % P);
            }
        }
        return (new TokenBatch([.. ids], P * P, 3), [.. labels]);
    }
}
