namespace AlgoLens.Tensors.Autograd;

/// <summary>
/// The record an op leaves on its output: which tensors it read and how to push the output's
/// gradient back into theirs. Backward functions accumulate (+=) into their inputs' gradients, so a
/// tensor used twice receives both contributions.
/// </summary>
internal sealed class GradNode(string op, Tensor[] inputs, Action<float[]> backward)
{
    /// <summary>Name of the op, for error messages and debugging.</summary>
    public string Op { get; } = op;

    /// <summary>The tensors this op read.</summary>
    public Tensor[] Inputs { get; } = inputs;

    /// <summary>Given the output gradient, adds each input's gradient contribution.</summary>
    public Action<float[]> Backward { get; } = backward;
}
