namespace AlgoLens.Tasks;

/// <summary>
/// Permutations of 0..n-1 in one-line notation (perm[i] is the image of i), listed in lexicographic
/// order, with two independent ways to go between a permutation and its place in that list: the
/// enumerated list itself, and the Lehmer code (factorial number system).
/// </summary>
internal static class Permutations
{
    /// <summary>All n! permutations in lexicographic order (the order of Python's itertools.permutations).</summary>
    public static int[][] Lexicographic(int degree)
    {
        var list = new List<int[]>();
        int[] current = Enumerable.Range(0, degree).ToArray();
        do
        {
            list.Add((int[])current.Clone());
        }
        while (NextInPlace(current));
        return [.. list];
    }

    /// <summary>The place of <paramref name="permutation"/> in lexicographic order, from its Lehmer code.</summary>
    public static int Rank(ReadOnlySpan<int> permutation)
    {
        int rank = 0;
        for (int i = 0; i < permutation.Length; i++)
        {
            // Digit i of the Lehmer code: how many later entries are smaller, weighted by (n-1-i)!.
            int smallerLater = 0;
            for (int j = i + 1; j < permutation.Length; j++)
            {
                if (permutation[j] < permutation[i])
                {
                    smallerLater++;
                }
            }
            rank = rank * (permutation.Length - i) + smallerLater;
        }
        return rank;
    }

    /// <summary>The permutation of 0..degree-1 at place <paramref name="rank"/> in lexicographic order.</summary>
    public static int[] Unrank(int rank, int degree)
    {
        var digits = new int[degree];
        for (int radix = 1; radix <= degree; radix++)
        {
            digits[degree - radix] = rank % radix;
            rank /= radix;
        }
        var unused = Enumerable.Range(0, degree).ToList();
        var permutation = new int[degree];
        for (int i = 0; i < degree; i++)
        {
            permutation[i] = unused[digits[i]];
            unused.RemoveAt(digits[i]);
        }
        return permutation;
    }

    /// <summary>Apply <paramref name="first"/>, then <paramref name="second"/>: c[i] = second[first[i]].</summary>
    public static int[] Compose(ReadOnlySpan<int> first, ReadOnlySpan<int> second)
    {
        var result = new int[first.Length];
        for (int i = 0; i < first.Length; i++)
        {
            result[i] = second[first[i]];
        }
        return result;
    }

    /// <summary>One-line notation as digits, e.g. "01234" (how Power et al. render S5 tokens).</summary>
    public static string Name(ReadOnlySpan<int> permutation) => string.Concat(permutation.ToArray());

    // Narayana's next permutation: false once the last (descending) permutation is reached.
    private static bool NextInPlace(int[] items)
    {
        int pivot = items.Length - 2;
        while (pivot >= 0 && items[pivot] >= items[pivot + 1])
        {
            pivot--;
        }
        if (pivot < 0)
        {
            return false;
        }
        int successor = items.Length - 1;
        while (items[successor] <= items[pivot])
        {
            successor--;
        }
        (items[pivot], items[successor]) = (items[successor], items[pivot]);
        Array.Reverse(items, pivot + 1, items.Length - pivot - 1);
        return true;
    }
}
