using AlgoLens.Analysis.Fourier;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// Which of a modular-addition model's key frequencies a dictionary's atoms recover. Each atom's
/// codes over the (a, b) grid are read as a neuron's activations are (<see cref="NeuronFrequencies"/>:
/// the share of its variance in each frequency's 2-D Fourier block); an atom is single-frequency
/// when one block holds at least the threshold, and a key frequency is recovered when some
/// single-frequency atom sits on it.
/// </summary>
/// <param name="AtomFrequencies">Per atom, the frequency whose block holds most of its codes' variance (0 for an atom constant over the grid).</param>
/// <param name="AtomShares">Per atom, that block's share of the variance.</param>
/// <param name="KeyFrequencies">The model's key frequencies, ascending.</param>
/// <param name="Recovered">The key frequencies some single-frequency atom sits on, ascending.</param>
/// <param name="Threshold">The share at which an atom is single-frequency.</param>
public sealed record FrequencyRecovery(IReadOnlyList<int> AtomFrequencies, IReadOnlyList<double> AtomShares, IReadOnlyList<int> KeyFrequencies, IReadOnlyList<int> Recovered, double Threshold)
{
    /// <summary>Atoms whose codes are single-frequency.</summary>
    public int SingleFrequencyAtoms => AtomShares.Count(s => s >= Threshold);

    /// <summary>The frequencies of single-frequency atoms that are not key frequencies, ascending.</summary>
    public IReadOnlyList<int> Other => AtomFrequencies.Where((k, a) => AtomShares[a] >= Threshold && !KeyFrequencies.Contains(k)).Distinct().Order().ToArray();

    /// <summary>
    /// Reads the codes [p², k] (row a·p + b, the order in which the modular tasks list their
    /// examples) against <paramref name="keyFrequencies"/>.
    /// </summary>
    public static FrequencyRecovery Of(FourierBasis basis, double[,] codes, IReadOnlyList<int> keyFrequencies, double threshold = NeuronFrequencies.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(keyFrequencies);
        int rows = codes.GetLength(0), k = codes.GetLength(1);
        if (rows != basis.P * basis.P)
        {
            throw new ArgumentException($"The codes have {rows} rows; reading them over the (a, b) grid needs all p² = {basis.P * basis.P} inputs in order. Use every example (no --examples).", nameof(codes));
        }
        var data = new float[rows * k];
        for (int r = 0; r < rows; r++)
        {
            for (int a = 0; a < k; a++)
            {
                data[r * k + a] = (float)codes[r, a];
            }
        }
        var atoms = NeuronFrequencies.Analyse(basis, new Tensor(data, rows, k), threshold);
        var recovered = keyFrequencies.Where(f => Enumerable.Range(0, k).Any(a => atoms.Frequency[a] == f && atoms.IsExplained(a))).Order().ToArray();
        return new FrequencyRecovery(atoms.Frequency.ToArray(), atoms.Fraction.ToArray(), keyFrequencies.Order().ToArray(), recovered, threshold);
    }
}
