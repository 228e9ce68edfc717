namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// How well a dictionary's atoms recover known feature directions: each feature is assigned one
/// atom (each atom to at most one feature) so that the total |cosine| is largest
/// (<see cref="Hungarian"/>), and each feature's assigned |cosine| is reported.
/// </summary>
/// <param name="Cosines">Per feature, the |cosine| with its assigned atom (0 when there were fewer atoms than features and it got none).</param>
/// <param name="Assigned">Per feature, its atom, or −1.</param>
/// <param name="BestCosines">Per feature, the largest |cosine| with any atom, one-to-one or not.</param>
/// <param name="Threshold">The |cosine| at which a feature counts as matched.</param>
public sealed record FeatureMatch(IReadOnlyList<double> Cosines, IReadOnlyList<int> Assigned, IReadOnlyList<double> BestCosines, double Threshold)
{
    /// <summary>The usual threshold: a feature is recovered when an atom is within |cos| ≥ 0.9 of it.</summary>
    public const double DefaultThreshold = 0.9;

    /// <summary>Features whose assigned |cosine| is at least <see cref="Threshold"/>.</summary>
    public int Matched => Cosines.Count(c => c >= Threshold);

    /// <summary>Mean assigned |cosine|.</summary>
    public double MeanCosine => Cosines.Count == 0 ? 0 : Cosines.Average();

    /// <summary>Matches <paramref name="atoms"/> [k, d] to <paramref name="features"/> [f, d] (rows need not be unit).</summary>
    public static FeatureMatch Of(double[,] atoms, double[,] features, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        ArgumentNullException.ThrowIfNull(features);
        int k = atoms.GetLength(0), f = features.GetLength(0), d = features.GetLength(1);
        if (atoms.GetLength(1) != d)
        {
            throw new ArgumentException($"The atoms have width {atoms.GetLength(1)} but the features {d}; match atoms fitted on the space the features live in.", nameof(features));
        }
        var cosine = new double[f, k];
        var cost = new double[f, k];
        var best = new double[f];
        for (int i = 0; i < f; i++)
        {
            for (int a = 0; a < k; a++)
            {
                double dot = 0, nf = 0, na = 0;
                for (int j = 0; j < d; j++)
                {
                    dot += features[i, j] * atoms[a, j];
                    nf += features[i, j] * features[i, j];
                    na += atoms[a, j] * atoms[a, j];
                }
                double c = nf > 0 && na > 0 ? Math.Abs(dot) / Math.Sqrt(nf * na) : 0;
                cosine[i, a] = c;
                cost[i, a] = -c;
                best[i] = Math.Max(best[i], c);
            }
        }
        var assigned = Hungarian.Assign(cost);
        var cosines = assigned.Select((a, i) => a >= 0 ? cosine[i, a] : 0).ToArray();
        return new FeatureMatch(cosines, assigned, best, threshold);
    }
}
