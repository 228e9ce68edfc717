using AlgoLens.Analysis.Measures;
using AlgoLens.Models;
using AlgoLens.Tests.Training;

namespace AlgoLens.Tests.Analysis.Measures;

public class WeightNormsTests
{
    [Fact]
    public void HandSetWeightsGiveTheirSumsPerComponentAndRole()
    {
        var model = new HookedTransformer(TinyRun.Model with { DVocab = 12, DVocabOut = 11, NCtx = 3 });
        foreach (var t in model.Parameters.Tensors)
        {
            Array.Clear(t.Data);
        }
        Array.Fill(model.Parameters["embed.W_E"].Data, 2f); // 12·32 entries of 4
        Array.Fill(model.Parameters["blocks.0.mlp.b_in"].Data, -1f); // 64 entries of 1
        var norms = WeightNorms.Of(model);

        Assert.Equal(12 * 32 * 4 + 64, norms["sum_squared_weights"]);
        Assert.Equal(12 * 32 * 4, norms["sum_squared_weights.embed"]);
        Assert.Equal(64, norms["sum_squared_weights.blocks.0.mlp"]);
        Assert.Equal(0, norms["sum_squared_weights.blocks.0.attn"]);
        Assert.Equal(12 * 32 * 4, norms["sum_squared_weights.role.weight"]);
        Assert.Equal(64, norms["sum_squared_weights.role.bias"]);
        Assert.Equal(0, norms["sum_squared_weights.role.norm_scale"]); // every role has a column, even when absent
    }

    [Fact]
    public void TheTotalIsTheTrainersSumOfSquaredWeights()
    {
        var model = new HookedTransformer(TinyRun.Model with { DVocab = 12, DVocabOut = 11, NCtx = 3 });
        Assert.Equal(model.SquaredWeightSum(), WeightNorms.Of(model)["sum_squared_weights"]);
    }

    [Theory]
    [InlineData("blocks.0.attn.W_Q", "blocks.0.attn")]
    [InlineData("embed.W_E", "embed")]
    [InlineData("W", "W")]
    public void AParametersComponentIsItsNameWithoutTheLastSegment(string name, string component) =>
        Assert.Equal(component, WeightNorms.Component(name));
}
