using System.Globalization;

namespace AlgoLens.Tasks.Groups;

/// <summary>
/// The families of finite groups AlgoLens builds, each as permutations: cyclic C_n (rotations of
/// n points), dihedral D_n (the 2n symmetries of an n-gon), symmetric S_n and alternating A_n
/// (n ≤ 6), and direct products of any of them.
/// </summary>
public static class GroupFamilies
{
    /// <summary>The largest n of S_n and A_n (S6 has 720 elements).</summary>
    public const int MaxPermutationDegree = 6;

    /// <summary>C_n: element k is the rotation x → x + k mod n, named "k", so k·l = k + l mod n (the <c>add</c> task's numbers).</summary>
    public static FiniteGroup Cyclic(int n)
    {
        Require(n >= 1 && n <= FiniteGroup.MaxOrder, $"C{n}: n must be 1 to {FiniteGroup.MaxOrder}");
        var elements = new int[n][];
        for (int k = 0; k < n; k++)
        {
            elements[k] = Enumerable.Range(0, n).Select(x => (x + k) % n).ToArray();
        }
        return new FiniteGroup($"C{n}", Numbers(n), elements);
    }

    /// <summary>
    /// D_n, order 2n: elements 0..n-1 are the rotations r_k (x → x + k), named "rk", and n..2n-1 the
    /// reflections s_k (x → k − x), named "sk", all mod n.
    /// </summary>
    public static FiniteGroup Dihedral(int n)
    {
        Require(n >= 3 && 2 * n <= FiniteGroup.MaxOrder, $"D{n}: n must be 3 to {FiniteGroup.MaxOrder / 2} (D_n has 2n elements)");
        var elements = new int[2 * n][];
        var names = new string[2 * n];
        for (int k = 0; k < n; k++)
        {
            elements[k] = Enumerable.Range(0, n).Select(x => (x + k) % n).ToArray();
            elements[n + k] = Enumerable.Range(0, n).Select(x => ((k - x) % n + n) % n).ToArray();
            names[k] = "r" + k.ToString(CultureInfo.InvariantCulture);
            names[n + k] = "s" + k.ToString(CultureInfo.InvariantCulture);
        }
        return new FiniteGroup($"D{n}", names, elements);
    }

    /// <summary>S_n: the n! permutations in lexicographic order, named by one-line notation ("01234"), as <c>s5_compose</c>.</summary>
    public static FiniteGroup Symmetric(int n)
    {
        Require(n >= 1 && n <= MaxPermutationDegree, $"S{n}: n must be 1 to {MaxPermutationDegree}");
        int[][] elements = Permutations.Lexicographic(n);
        return new FiniteGroup($"S{n}", elements.Select(p => Permutations.Name(p)).ToArray(), elements);
    }

    /// <summary>A_n: the even permutations in lexicographic order, named by one-line notation.</summary>
    public static FiniteGroup Alternating(int n)
    {
        Require(n >= 2 && n <= MaxPermutationDegree, $"A{n}: n must be 2 to {MaxPermutationDegree}");
        int[][] elements = Permutations.Lexicographic(n).Where(IsEven).ToArray();
        return new FiniteGroup($"A{n}", elements.Select(p => Permutations.Name(p)).ToArray(), elements);
    }

    /// <summary>
    /// G1 × G2 × ...: element (g1, g2, ...) at index g1-major (the last factor varies fastest), named
    /// "(g1,g2,...)", acting on the disjoint union of the factors' points.
    /// </summary>
    public static FiniteGroup Product(params FiniteGroup[] factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        Require(factors.Length >= 2, "a direct product needs at least two factors");
        long order = factors.Aggregate(1L, (o, g) => o * g.Order);
        string name = string.Join('x', factors.Select(g => g.Name));
        Require(order <= FiniteGroup.MaxOrder, $"{name} has {order} elements; a group here has at most {FiniteGroup.MaxOrder}");
        int degree = factors.Sum(g => g.Degree);
        var elements = new int[order][];
        var names = new string[order];
        var digits = new int[factors.Length];
        for (int index = 0; index < order; index++)
        {
            int rest = index;
            for (int f = factors.Length - 1; f >= 0; f--)
            {
                digits[f] = rest % factors[f].Order;
                rest /= factors[f].Order;
            }
            var permutation = new int[degree];
            int offset = 0;
            for (int f = 0; f < factors.Length; f++)
            {
                int[] part = factors[f].Permutation(digits[f]);
                for (int x = 0; x < part.Length; x++)
                {
                    permutation[offset + x] = offset + part[x];
                }
                offset += part.Length;
            }
            elements[index] = permutation;
            names[index] = "(" + string.Join(',', digits.Select((d, f) => factors[f].ElementNames[d])) + ")";
        }
        return new FiniteGroup(name, names, elements);
    }

    private static bool IsEven(int[] permutation)
    {
        int inversions = 0;
        for (int i = 0; i < permutation.Length; i++)
        {
            for (int j = i + 1; j < permutation.Length; j++)
            {
                inversions += permutation[j] < permutation[i] ? 1 : 0;
            }
        }
        return inversions % 2 == 0;
    }

    private static string[] Numbers(int n) => Enumerable.Range(0, n).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{message}. Choose a group such as C113, D7, S5, A5 or C5xC5.");
        }
    }
}
