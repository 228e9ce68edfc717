using System.Collections.ObjectModel;

namespace AlgoLens.Tasks.Groups;

/// <summary>
/// A finite group given faithfully as permutations of 0..degree-1, with its multiplication table.
/// Element i is <see cref="Permutation"/>(i), named <see cref="ElementNames"/>[i]; the product
/// a·b means apply a, then b (c[x] = b[a[x]]), the convention of <see cref="S5CompositionTask"/>.
/// Build one by name with <see cref="GroupNames.Parse"/> or from a family in <see cref="GroupFamilies"/>.
/// </summary>
/// <remarks>
/// The table is computed from the permutations (compose, then look the result up); it is checked
/// against the group axioms independently by <see cref="GroupAxioms.Violation"/>, which reads the
/// table alone.
/// </remarks>
public sealed class FiniteGroup
{
    /// <summary>The largest order a group may have: its table holds order² entries.</summary>
    public const int MaxOrder = 2048;

    private readonly int[][] permutations;
    private readonly int[] table; // [order, order]: index of a·b at a·order + b
    private readonly int[] inverse;

    /// <summary>
    /// Builds the group of the given permutations, which must be distinct and closed under
    /// composition. A product is identified by its images of a base, so a set that is not closed
    /// can go unnoticed here: <see cref="GroupAxioms.Violation"/> on <see cref="Table"/> is the check.
    /// </summary>
    /// <param name="name">Its name, as <see cref="GroupNames.Parse"/> reads it (e.g. "D7").</param>
    /// <param name="elementNames">Unique token-friendly names (no white space), one per element.</param>
    /// <param name="permutations">Element i as a permutation in one-line notation; all of one degree.</param>
    /// <exception cref="ArgumentException">Too many elements, unequal degrees, duplicates, or a product outside the set.</exception>
    public FiniteGroup(string name, IReadOnlyList<string> elementNames, IReadOnlyList<int[]> permutations)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(elementNames);
        ArgumentNullException.ThrowIfNull(permutations);
        int n = permutations.Count;
        if (n == 0 || n > MaxOrder)
        {
            throw new ArgumentException($"Group {name} has {n} elements; a group here has 1 to {MaxOrder} (its multiplication table holds order² entries). Choose a smaller group.");
        }
        if (elementNames.Count != n)
        {
            throw new ArgumentException($"Group {name}: {elementNames.Count} names for {n} elements.");
        }
        Name = name;
        Degree = permutations[0].Length;
        this.permutations = permutations.Select(p => (int[])p.Clone()).ToArray();
        ElementNames = new ReadOnlyCollection<string>(elementNames.ToArray());
        for (int i = 0; i < n; i++)
        {
            if (this.permutations[i].Length != Degree)
            {
                throw new ArgumentException($"Group {name}: element {i} acts on {this.permutations[i].Length} points, element 0 on {Degree}.");
            }
        }
        // An element is known by its images of a base (points only the identity fixes all of), so
        // a product is looked up from |base| images, not Degree: C_n needs one point, not n.
        int[] basePoints = Base(this.permutations);
        var indexOf = new Dictionary<string, int>(n);
        for (int i = 0; i < n; i++)
        {
            if (!indexOf.TryAdd(Key(this.permutations[i], basePoints), i))
            {
                throw new ArgumentException($"Group {name}: elements {indexOf[Key(this.permutations[i], basePoints)]} and {i} are the same permutation.");
            }
        }
        table = new int[n * n];
        var images = new int[basePoints.Length];
        for (int a = 0; a < n; a++)
        {
            int[] pa = this.permutations[a];
            for (int b = 0; b < n; b++)
            {
                int[] pb = this.permutations[b];
                for (int j = 0; j < basePoints.Length; j++)
                {
                    images[j] = pb[pa[basePoints[j]]]; // apply a, then b
                }
                table[a * n + b] = indexOf.TryGetValue(string.Join(',', images), out int c)
                    ? c
                    : throw new ArgumentException($"Group {name}: {elementNames[a]}·{elementNames[b]} is not an element (the set is not closed).");
            }
        }
        Identity = indexOf.TryGetValue(Key(Enumerable.Range(0, Degree).ToArray(), basePoints), out int e) && this.permutations[e].AsSpan().SequenceEqual(Enumerable.Range(0, Degree).ToArray())
            ? e
            : throw new ArgumentException($"Group {name} does not contain the identity permutation.");
        inverse = new int[n];
        for (int a = 0; a < n; a++)
        {
            inverse[a] = Array.IndexOf(table, Identity, a * n, n) - a * n;
        }
    }

    /// <summary>The group's name, e.g. "S5", "D7", "C5xC5".</summary>
    public string Name { get; }

    /// <summary>Number of elements |G|.</summary>
    public int Order => permutations.Length;

    /// <summary>Number of points the permutations act on.</summary>
    public int Degree { get; }

    /// <summary>The elements' names; index = element (and token id in the group task).</summary>
    public IReadOnlyList<string> ElementNames { get; }

    /// <summary>The identity's index.</summary>
    public int Identity { get; }

    /// <summary>The multiplication table, row-major [order, order]: entry a·order + b is a·b.</summary>
    public ReadOnlySpan<int> Table => table;

    /// <summary>a·b (apply a, then b).</summary>
    public int Multiply(int a, int b) => table[a * Order + b];

    /// <summary>The inverse of a.</summary>
    public int Inverse(int a) => inverse[a];

    /// <summary>Element a as a permutation in one-line notation (a copy).</summary>
    public int[] Permutation(int a) => (int[])permutations[a].Clone();

    /// <summary>The points element a fixes.</summary>
    public int FixedPoints(int a)
    {
        int[] p = permutations[a];
        int count = 0;
        for (int x = 0; x < p.Length; x++)
        {
            count += p[x] == x ? 1 : 0;
        }
        return count;
    }

    /// <summary>The conjugacy classes, each ascending, ordered by their smallest element (the identity's first).</summary>
    public int[][] ConjugacyClasses()
    {
        var classOf = new int[Order];
        Array.Fill(classOf, -1);
        var classes = new List<int[]>();
        for (int a = 0; a < Order; a++)
        {
            if (classOf[a] >= 0)
            {
                continue;
            }
            var members = new SortedSet<int>();
            for (int g = 0; g < Order; g++)
            {
                members.Add(Multiply(Multiply(Inverse(g), a), g));
            }
            foreach (int m in members)
            {
                classOf[m] = classes.Count;
            }
            classes.Add([.. members]);
        }
        return [.. classes];
    }

    /// <summary>The index of the element whose one-line notation is <paramref name="permutation"/>, or −1.</summary>
    public int IndexOf(ReadOnlySpan<int> permutation)
    {
        for (int i = 0; i < Order; i++)
        {
            if (permutation.SequenceEqual(permutations[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static string Key(int[] permutation, int[] basePoints) => string.Join(',', basePoints.Select(x => permutation[x]));

    // Points added greedily while they tell more elements apart, until the images of the chosen
    // points tell every element apart (or every point is chosen: then there are duplicates).
    private static int[] Base(int[][] elements)
    {
        int degree = elements[0].Length;
        var chosen = new List<int>();
        int distinct = 1;
        for (int x = 0; x < degree && distinct < elements.Length; x++)
        {
            int[] trial = [.. chosen, x];
            int count = elements.Select(p => Key(p, trial)).Distinct().Count();
            if (count > distinct)
            {
                chosen.Add(x);
                distinct = count;
            }
        }
        return distinct == elements.Length ? [.. chosen] : Enumerable.Range(0, degree).ToArray();
    }
}
