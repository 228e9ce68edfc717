using AlgoLens.Data;
using AlgoLens.Models;

namespace AlgoLens.Analysis.Fourier;

/// <summary>
/// All p² modular-arithmetic inputs <c>a b =</c> in a-major order (row a·p + b), with <c>=</c> as
/// token p, and their labels (a + b) mod p, or (a + s·b) mod p for a <see cref="CyclicOperation"/>:
/// the grid every Fourier analysis here runs over (the inputs are the same for add and sub).
/// </summary>
public static class ModularAdditionGrid
{
    /// <summary>Number of tokens per input: a, b and <c>=</c>.</summary>
    public const int Positions = 3;

    /// <summary>Tokens [p², 3]: row a·p + b is (a, b, p).</summary>
    public static TokenBatch Tokens(int p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 2);
        var ids = new int[p * p * Positions];
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                int row = (a * p + b) * Positions;
                ids[row] = a;
                ids[row + 1] = b;
                ids[row + 2] = p;
            }
        }
        return new TokenBatch(ids, p * p, Positions);
    }

    /// <summary>Labels [p²]: (a + b) mod p at row a·p + b.</summary>
    public static int[] Labels(int p) => Labels(p, CyclicOperation.Add);

    /// <summary>Labels [p²]: (a + s·b) mod p at row a·p + b, for the operation's sign s.</summary>
    public static int[] Labels(int p, CyclicOperation operation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 2);
        ArgumentNullException.ThrowIfNull(operation);
        var labels = new int[p * p];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = operation.Apply(i / p, i % p, p);
        }
        return labels;
    }

    /// <summary>Every row index, 0 .. p² − 1.</summary>
    public static int[] AllIndices(int p) => Enumerable.Range(0, p * p).ToArray();
}
