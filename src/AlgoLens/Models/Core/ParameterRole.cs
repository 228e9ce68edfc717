namespace AlgoLens.Models;

/// <summary>What a parameter is, declared by the component that owns it (never guessed from its name).</summary>
public enum ParameterRole
{
    /// <summary>A weight matrix or embedding, e.g. <c>W_Q</c>, <c>W_E</c>.</summary>
    Weight,

    /// <summary>An additive bias, e.g. <c>b_in</c>; which biases train is a config choice.</summary>
    Bias,

    /// <summary>A normalisation's scale, e.g. <c>ln1.w</c>; starts at one.</summary>
    NormScale,

    /// <summary>A normalisation's shift, e.g. <c>ln1.b</c>; starts at zero.</summary>
    NormBias,
}
