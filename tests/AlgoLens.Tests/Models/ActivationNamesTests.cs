using AlgoLens.Models.Components;
using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tests.Models;

/// <summary>The models' act_fn names map to the engine's activation enum; an unknown name is refused with the list.</summary>
public class ActivationNamesTests
{
    [Theory]
    [InlineData("relu", FusedActivation.Relu)]
    [InlineData("gelu", FusedActivation.Gelu)]
    [InlineData("gelu_new", FusedActivation.GeluTanh)]
    [InlineData("silu", FusedActivation.Silu)]
    public void EachNameMapsToItsActivation(string name, FusedActivation expected) =>
        Assert.Equal(expected, ActivationNames.Parse(name));

    [Fact]
    public void AnUnknownNameIsRefusedWithTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ActivationNames.Parse("swish"));
        Assert.Contains("'swish'", error.Message);
        Assert.Contains("relu, gelu, gelu_new, silu", error.Message);
    }
}
