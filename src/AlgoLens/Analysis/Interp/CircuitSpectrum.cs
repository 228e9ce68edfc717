namespace AlgoLens.Analysis.Interp;

/// <summary>The singular values of a circuit matrix and two summaries of how many directions it uses.</summary>
/// <param name="SingularValues">Descending.</param>
/// <param name="Rank">How many exceed 1e-6 of the largest.</param>
/// <param name="EffectiveRank">exp of the entropy of the normalised singular values (Roy and Vetterli).</param>
public sealed record CircuitSpectrum(double[] SingularValues, int Rank, double EffectiveRank);
