using AlgoLens.Models;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// What a hypothesis file may refer to besides hook names: the model (for the embedding a
/// 'fourier' subspace splits), the modulus of a modular task, and the run's key frequencies.
/// </summary>
/// <param name="Model">The model the hypothesis is about.</param>
/// <param name="Modulus">p of a modular-arithmetic task; null for other tasks (no 'fourier' subspace).</param>
/// <param name="KeyFrequencies">The checkpoint's key frequencies, computed when a file asks for "key"; null when there are none to find.</param>
public sealed record ScrubContext(IModel Model, int? Modulus = null, Func<IReadOnlyList<int>>? KeyFrequencies = null)
{
    /// <summary>The Fourier part of the embedding in <paramref name="frequencies"/> (null: the key frequencies).</summary>
    public FourierEmbeddingSubspace FourierSubspace(IReadOnlyList<int>? frequencies)
    {
        if (Modulus is not { } p)
        {
            throw new ArgumentException("A 'fourier' subspace splits the embedding over Z_p; it needs a modular-arithmetic run (this task has no modulus).");
        }
        if (frequencies is null)
        {
            if (KeyFrequencies is null)
            {
                throw new ArgumentException("\"fourier\": \"key\" needs the run's key frequencies, and there is no run to find them in; list the frequencies instead.");
            }
            frequencies = KeyFrequencies();
            if (frequencies.Count == 0)
            {
                throw new ArgumentException("The checkpoint has no key frequencies yet (no frequency is used by enough MLP neurons; the model has not formed the Fourier algorithm): list frequencies instead.");
            }
        }
        var embed = Model.Parameters.Tensors.Count > 0 ? EmbeddingOf(Model) : throw new ArgumentException("The model has no parameters.");
        return new FourierEmbeddingSubspace(embed.Data, embed.Shape[0], p, frequencies);
    }

    private static Tensors.Tensor EmbeddingOf(IModel model) =>
        model is HookedTransformer transformer && !transformer.Config.ReadsValues
            ? transformer["embed.W_E"]
            : throw new ArgumentException("A 'fourier' subspace splits a transformer's token embedding (embed.W_E); this model has none.");
}
