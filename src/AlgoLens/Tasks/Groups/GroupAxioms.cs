namespace AlgoLens.Tasks.Groups;

/// <summary>
/// The group axioms checked on a multiplication table alone (closure, associativity, identity,
/// inverses), independently of how the table was built: the check the group tests rely on.
/// </summary>
public static class GroupAxioms
{
    /// <summary>Null when <paramref name="table"/> ([n, n], row-major, entry a·n + b = a·b) is a group's table; otherwise the first axiom it breaks, with the elements.</summary>
    public static string? Violation(ReadOnlySpan<int> table, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (table.Length != n * n)
        {
            return $"the table has {table.Length} entries, not {n}² = {n * n}";
        }
        for (int i = 0; i < table.Length; i++)
        {
            if (table[i] < 0 || table[i] >= n)
            {
                return $"closure: {i / n}·{i % n} = {table[i]} is not an element 0..{n - 1}";
            }
        }
        // Associativity, every triple: (a·b)·c = a·(b·c).
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                int ab = table[a * n + b];
                for (int c = 0; c < n; c++)
                {
                    if (table[ab * n + c] != table[a * n + table[b * n + c]])
                    {
                        return $"associativity: ({a}·{b})·{c} ≠ {a}·({b}·{c})";
                    }
                }
            }
        }
        int identity = -1;
        for (int e = 0; e < n && identity < 0; e++)
        {
            bool isIdentity = true;
            for (int a = 0; a < n && isIdentity; a++)
            {
                isIdentity = table[e * n + a] == a && table[a * n + e] == a;
            }
            identity = isIdentity ? e : -1;
        }
        if (identity < 0)
        {
            return "identity: no element e has e·a = a·e = a for every a";
        }
        for (int a = 0; a < n; a++)
        {
            bool hasInverse = false;
            for (int b = 0; b < n && !hasInverse; b++)
            {
                hasInverse = table[a * n + b] == identity && table[b * n + a] == identity;
            }
            if (!hasInverse)
            {
                return $"inverses: element {a} has no two-sided inverse";
            }
        }
        return null;
    }
}
