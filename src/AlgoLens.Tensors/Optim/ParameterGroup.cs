namespace AlgoLens.Tensors.Optim;

/// <summary>
/// A set of parameters that share optimizer settings, like a PyTorch param group. Only weight decay
/// can differ between groups (the usual need: no decay on biases, layer-norm weights or
/// embeddings); the learning rate is the optimizer's, so one schedule drives every group.
/// </summary>
public sealed class ParameterGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="parameters">The group's parameters.</param>
    /// <param name="weightDecay">The group's weight decay, or null for the optimizer's default.</param>
    public ParameterGroup(IReadOnlyList<Tensor> parameters, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (weightDecay is { } wd && !(wd >= 0 && double.IsFinite(wd)))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), wd, "Weight decay must be finite and non-negative.");
        }
        Parameters = parameters;
        WeightDecay = weightDecay;
    }

    /// <summary>The group's parameters.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The group's weight decay, or null to use the optimizer's default.</summary>
    public double? WeightDecay { get; }
}
