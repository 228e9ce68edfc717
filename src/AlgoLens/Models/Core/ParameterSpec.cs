namespace AlgoLens.Models;

/// <summary>
/// A parameter as its component declares it: TransformerLens name and shape, role, how it starts
/// and whether it trains.
/// </summary>
/// <param name="Name">Full state-dict name, e.g. <c>blocks.0.attn.W_Q</c>.</param>
/// <param name="Shape">Its shape, e.g. [n_heads, d_model, d_head].</param>
/// <param name="Role">Weight, bias or a normalisation's scale or shift.</param>
/// <param name="Init">How it is initialised.</param>
/// <param name="Trainable">False for parameters frozen at their initial value (e.g. the grokking
/// model's attention biases).</param>
public sealed record ParameterSpec(string Name, int[] Shape, ParameterRole Role, ParameterInit Init, bool Trainable = true);

/// <summary>
/// How a parameter starts. Normal draws come from the model's RNG in state-dict order, so the
/// order of declaration is part of a model's definition (changing it changes every initialisation).
/// </summary>
public abstract record ParameterInit
{
    /// <summary>All zeros (biases).</summary>
    public static ParameterInit Zeros { get; } = new Constant(0f);

    /// <summary>All ones (normalisation scales).</summary>
    public static ParameterInit Ones { get; } = new Constant(1f);

    /// <summary>Normal(0, std) draws.</summary>
    public static ParameterInit Normal(float std) => new NormalInit(std);

    /// <summary>Every entry the same value.</summary>
    public sealed record Constant(float Value) : ParameterInit;

    /// <summary>Normal(0, std) draws from the model's RNG.</summary>
    public sealed record NormalInit(float Std) : ParameterInit;

    /// <summary>Uniform(-bound, bound) draws (PyTorch's default for nn.Linear is bound = 1/sqrt(fan_in)).</summary>
    public sealed record UniformInit(float Bound) : ParameterInit;
}
