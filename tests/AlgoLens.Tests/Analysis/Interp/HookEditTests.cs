using AlgoLens.Analysis.Interp;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Interp;

/// <summary>One head or one neuron edited in one line.</summary>
public class HookEditTests
{
    [Fact]
    public void ZeroingAHeadEqualsZeroAblatingIt()
    {
        var model = TinyModels.Model(layers: 2);
        var edited = model.RunWithHooks(TinyModels.Clean, HookEdit.Head("z", layer: 1, head: 0, a => a * 0f));
        Assert.Equal(Ablation.Run(model, TinyModels.Clean, AblationSpec.Zero("blocks.1.attn.hook_z", head: 0)).Data, edited.Data);
        Assert.NotEqual(model.RunWithHooks(TinyModels.Clean).Data, edited.Data);
    }

    [Fact]
    public void TheEditSeesTheHeadsPartAndOnlyThatChanges()
    {
        var model = TinyModels.Model(layers: 1);
        var clean = model.RunWithCache(TinyModels.Clean).Cache["pattern", 0]; // [batch, head, q, k]
        int[]? seenShape = null;
        var (_, cache) = model.RunWithHooksAndCache(TinyModels.Clean, [HookEdit.Head("pattern", layer: 0, head: 1, a =>
        {
            seenShape = a.Shape;
            return a * 2f;
        })]);
        Assert.Equal([3, 4, 4], seenShape!);
        var pattern = cache["pattern", 0];
        for (int b = 0; b < 3; b++)
        {
            for (int q = 0; q < 4; q++)
            {
                for (int k = 0; k < 4; k++)
                {
                    Assert.Equal(clean[b, 0, q, k], pattern[b, 0, q, k]);
                    Assert.Equal(2 * clean[b, 1, q, k], pattern[b, 1, q, k]);
                }
            }
        }
    }

    [Fact]
    public void SettingANeuronAtOnePositionSetsOnlyThat()
    {
        var model = TinyModels.Model(layers: 1);
        var clean = model.RunWithCache(TinyModels.Clean).Cache["post", 0]; // [batch, pos, d_mlp]
        var (_, cache) = model.RunWithHooksAndCache(TinyModels.Clean, [HookEdit.Neuron(layer: 0, neuron: 5, value: 3.5f, position: 2)]);
        var post = cache["post", 0];
        for (int i = 0; i < post.Size; i++)
        {
            bool chosen = i % 16 == 5 && i / 16 % 4 == 2;
            Assert.Equal(chosen ? 3.5f : clean.Data[i], post.Data[i]);
        }
        Assert.Contains("keep the selected part's shape", Assert.Throws<InvalidOperationException>(() =>
            model.RunWithHooks(TinyModels.Clean, HookEdit.Neuron(layer: 0, neuron: 5, edit: a => Tensor.Zeros(1)))).Message);
    }
}
