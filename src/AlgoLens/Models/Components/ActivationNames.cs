using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Models.Components;

/// <summary>
/// Activation names as configs spell them (TransformerLens's <c>act_fn</c>: relu, gelu, gelu_new,
/// silu) and the engine's <see cref="FusedActivation"/> each stands for. The engine takes only the
/// enum; the names are the models' vocabulary.
/// </summary>
public static class ActivationNames
{
    /// <summary>Every name <see cref="Parse"/> accepts, in the order help texts and messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = ["relu", "gelu", "gelu_new", "silu"];

    /// <summary>The activation a config's <c>act_fn</c> names.</summary>
    /// <exception cref="ArgumentException">The name is not one of relu, gelu, gelu_new, silu.</exception>
    public static FusedActivation Parse(string name) => name switch
    {
        "relu" => FusedActivation.Relu,
        "gelu" => FusedActivation.Gelu,
        "gelu_new" => FusedActivation.GeluTanh,
        "silu" => FusedActivation.Silu,
        _ => throw new ArgumentException($"Unknown activation '{name}'. Use one of: {string.Join(", ", All)}."),
    };
}
