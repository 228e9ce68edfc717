namespace AlgoLens.Tasks;

/// <summary>
/// Lookup tables mod p for generating a dataset: squares, cubes and (for prime p) inverses, plus
/// add/subtract by conditional correction. This is the fast path of <see cref="ModularOperation"/>;
/// its direct path uses <see cref="ModularMath"/> instead, so the two check each other.
/// </summary>
internal sealed class ModularTables
{
    private readonly int[]? inverse;

    /// <param name="p">The modulus.</param>
    /// <param name="withInverses">Build the inverse table; needs p prime.</param>
    public ModularTables(int p, bool withInverses)
    {
        P = p;
        Square = new int[p];
        Cube = new int[p];
        for (int x = 0; x < p; x++)
        {
            Square[x] = (int)((long)x * x % p);
            Cube[x] = (int)((long)Square[x] * x % p);
        }
        if (withInverses)
        {
            // From p = (p / i)·i + p % i: i⁻¹ = −(p / i)·(p % i)⁻¹, with p % i < i already known.
            // Linear time, and a different route from the Fermat powers the direct path uses.
            inverse = new int[p];
            if (p > 1)
            {
                inverse[1] = 1;
            }
            for (int i = 2; i < p; i++)
            {
                inverse[i] = (int)((long)(p - p / i) * inverse[p % i] % p);
            }
        }
    }

    /// <summary>The modulus.</summary>
    public int P { get; }

    /// <summary>x² mod p for x in 0..p-1.</summary>
    public int[] Square { get; }

    /// <summary>x³ mod p for x in 0..p-1.</summary>
    public int[] Cube { get; }

    public int Add(int x, int y)
    {
        int sum = x + y;
        return sum >= P ? sum - P : sum;
    }

    public int Subtract(int x, int y)
    {
        int difference = x - y;
        return difference < 0 ? difference + P : difference;
    }

    public int Multiply(int x, int y) => (int)((long)x * y % P);

    public int Divide(int x, int y) =>
        Multiply(x, (inverse ?? throw new InvalidOperationException("These tables were built without inverses."))[y]);
}
