using System.Numerics;

namespace AlgoLens.Analysis.Groups;

/// <summary>How a real irreducible representation complexifies (its Frobenius–Schur type).</summary>
public enum IrrepType
{
    /// <summary>Real type: irreducible over ℂ too; its real matrices are the complex irrep's.</summary>
    Real,

    /// <summary>
    /// Complex type: over ℂ it splits into a complex irrep χ of half its dimension and its conjugate
    /// χ̄ (the rotations of C_n, k ≠ 0, n/2): a real irrep of dimension 2d stands for the pair.
    /// </summary>
    Complex,
}

/// <summary>
/// One real irreducible representation ρ of a finite group: real orthogonal matrices ρ(g), a
/// homomorphism ρ(g)ρ(h) = ρ(g·h) for the group's product (apply g, then h).
/// </summary>
public sealed class Irrep
{
    private readonly double[][] matrices; // [order][dimension²], row-major

    internal Irrep(string name, IrrepType type, double[][] matrices, Complex[] complexCharacter)
    {
        Name = name;
        Type = type;
        this.matrices = matrices;
        Dimension = (int)Math.Round(Math.Sqrt(matrices[0].Length));
        Character = matrices.Select(m => Enumerable.Range(0, Dimension).Sum(i => m[i * Dimension + i])).ToArray();
        ComplexCharacter = complexCharacter;
    }

    /// <summary>
    /// Its name: <c>trivial</c>; <c>sign</c>, <c>standard</c> (χ = fixed points − 1) and
    /// <c>sign_standard</c> for S_n (standard also for A_n); <c>kK</c> for frequency K of C_n and for
    /// D_n's rotation irreps (χ(r) = 2cos 2πK/n); otherwise its dimension and a letter (<c>4a</c>).
    /// </summary>
    public string Name { get; }

    /// <summary>Real or complex type.</summary>
    public IrrepType Type { get; }

    /// <summary>The real dimension (twice the complex irrep's for <see cref="IrrepType.Complex"/>).</summary>
    public int Dimension { get; }

    /// <summary>The dimension of the span of its matrix elements as functions on the group: d² (real type), d²/2 (complex type).</summary>
    public int SpanDimension => Type == IrrepType.Real ? Dimension * Dimension : Dimension * Dimension / 2;

    /// <summary>The real character tr ρ(g), per element (2 Re χ for a complex-type irrep).</summary>
    public IReadOnlyList<double> Character { get; }

    /// <summary>The character of the complex irrep it is (real type) or contains (complex type: the conjugate is the other), per element.</summary>
    public IReadOnlyList<Complex> ComplexCharacter { get; }

    /// <summary>ρ(g) as a [dimension, dimension] array (a copy).</summary>
    public double[,] Matrix(int element)
    {
        var m = new double[Dimension, Dimension];
        Buffer.BlockCopy(matrices[element], 0, m, 0, matrices[element].Length * sizeof(double));
        return m;
    }

    /// <summary>ρ(g)[i, j].</summary>
    public double Entry(int element, int i, int j) => matrices[element][i * Dimension + j];

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (dim {Dimension}, {Type.ToString().ToLowerInvariant()})";
}
