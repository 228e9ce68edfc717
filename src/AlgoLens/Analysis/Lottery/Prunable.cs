using AlgoLens.Models;

namespace AlgoLens.Analysis.Lottery;

/// <summary>
/// The parameters magnitude pruning removes entries from by default: the trainable weight matrices
/// (<see cref="ParameterRole.Weight"/>), embeddings and unembedding included, the positional
/// embedding excluded; never biases or normalisation scales and shifts.
/// </summary>
/// <remarks>
/// Biases and norms are few and set offsets and scales rather than features, which is why lottery
/// ticket work leaves them dense. W_E and W_U are kept prunable: in the grokking models they hold
/// the Fourier features (W_E's sparsity in the Fourier basis is the progress measure of cleanup),
/// so what survives in them is the question. W_pos is excluded: a few rows (three for "a b ="), all
/// of which the model needs to tell the operands apart.
/// </remarks>
public static class Prunable
{
    /// <summary>The default prunable parameters of <paramref name="model"/>, in state-dict order.</summary>
    public static IReadOnlyList<string> Default(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Parameters.Specs
            .Where(s => s.Trainable && s.Role == ParameterRole.Weight && !s.Name.EndsWith("W_pos", StringComparison.Ordinal))
            .Select(s => s.Name)
            .ToList();
    }
}
