namespace AlgoLens.Tensors.Optim;

/// <summary>
/// Everything an optimizer needs to continue a run bitwise as if it had never stopped: per-parameter
/// buffers (float32, stored as-is) and scalars (step counts, held as doubles, exact to 2^53). Keys
/// are <c>"{parameter key}.{slot}"</c> (e.g. <c>"blocks.0.attn.W_Q.exp_avg"</c>, see
/// <see cref="Optimizer.ParameterKey"/>) plus <c>"step_count"</c>. A parameter that has never been
/// updated has no entries, as in PyTorch, where its state is created on its first step.
/// </summary>
/// <remarks>
/// Hyperparameters (learning rate, betas, epsilon, weight decay) are configuration, not state: a
/// resumed run rebuilds its optimizer from its config, and a <see cref="LearningRateScheduler"/>
/// re-derives the rate from the step (<see cref="LearningRateScheduler.Seek"/>).
/// </remarks>
public sealed class OptimizerState
{
    /// <summary>Creates an empty state for the named algorithm (e.g. "AdamW").</summary>
    public OptimizerState(string algorithm)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        Algorithm = algorithm;
    }

    /// <summary>The optimizer that wrote this state; loading into another kind is refused.</summary>
    public string Algorithm { get; }

    /// <summary>Per-parameter float32 buffers, by key.</summary>
    public Dictionary<string, float[]> Buffers { get; } = new(StringComparer.Ordinal);

    /// <summary>Scalars (step counts), by key.</summary>
    public Dictionary<string, double> Scalars { get; } = new(StringComparer.Ordinal);
}
