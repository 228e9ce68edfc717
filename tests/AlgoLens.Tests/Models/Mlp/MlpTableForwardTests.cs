using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models.Mlp;

/// <summary>The mlp's table forward (<see cref="MlpTableForward"/>) against its general path: outputs and every parameter's gradient.</summary>
public class MlpTableForwardTests
{
    private static TokenBatch RandomTokens(int batch, int positions, int vocabulary)
    {
        var random = new System.Random(17);
        return new TokenBatch(Enumerable.Range(0, batch * positions).Select(_ => random.Next(vocabulary)).ToArray(), batch, positions);
    }

    private static (float[] Output, Dictionary<string, float[]> Grads) Run(HookedMlp model, TokenBatch tokens, bool allowSpecialisations)
    {
        foreach (var p in model.Parameters.Tensors)
        {
            p.ZeroGrad();
        }
        var output = model.Forward(tokens, new ForwardOptions { AllowSpecialisations = allowSpecialisations });
        var weights = new Tensor(Enumerable.Range(0, output.Size).Select(i => MathF.Sin(i * 0.7f)).ToArray(), output.Shape);
        Ops.SumAll(Ops.Mul(output, weights)).Backward();
        return (output.ToArray(), model.Parameters.Names.Where(n => model[n].Grad is not null).ToDictionary(n => n, n => (float[])model[n].Grad!.Clone()));
    }

    [Theory]
    [InlineData("concat", 1, "relu", true)]
    [InlineData("sum", 1, "relu", true)]
    [InlineData("concat", 2, "gelu", true)]
    [InlineData("concat", 2, "relu", false)]
    [InlineData("sum", 0, "relu", true)]
    public void AgreesWithTheGeneralPath(string combine, int layers, string activation, bool trainableBiases)
    {
        var config = new MlpConfig
        {
            NCtx = 3, DVocab = 7, DVocabOut = 5, DEmbed = 4, Combine = combine, NLayers = layers, DHidden = layers == 2 ? [9, 6] : [9],
            ActFn = activation, TrainableBiases = trainableBiases, Seed = 2,
        };
        var model = new HookedMlp(config);
        var tokens = RandomTokens(batch: 40, positions: 3, vocabulary: 7);
        Assert.True(MlpTableForward.Pays(config, tokens.Batch));
        var general = Run(model, tokens, allowSpecialisations: false);
        var tables = Run(model, tokens, allowSpecialisations: true);
        Assert.Equal(general.Output.Length, tables.Output.Length);
        for (int i = 0; i < general.Output.Length; i++)
        {
            Assert.Equal(general.Output[i], tables.Output[i], 1e-5f);
        }
        Assert.Equal(general.Grads.Keys.Order(), tables.Grads.Keys.Order());
        foreach (var (name, expected) in general.Grads)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - tables.Grads[name][i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"{name}[{i}]: {expected[i]} against {tables.Grads[name][i]}");
            }
        }
    }

    [Fact]
    public void TablesAreUsedOnlyWhenTheBatchIsLargerThanTheVocabulary()
    {
        var config = new MlpConfig { DVocab = 114 };
        Assert.True(MlpTableForward.Pays(config, 3830));
        Assert.False(MlpTableForward.Pays(config, 114));
        Assert.False(MlpTableForward.Pays(config, 1));
    }
}
