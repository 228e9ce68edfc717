namespace AlgoLens.Tasks;

/// <summary>
/// A binary operation on the integers mod p, as in Power et al. 2022 ("Grokking"). Each has a
/// direct definition (used for the ground truth) and a table-driven form (used to generate data);
/// the catalog of operations is in ModularOperation.Catalog.cs.
/// </summary>
public sealed partial class ModularOperation
{
    private readonly Func<long, long, long, long> direct;
    private readonly Func<ModularTables, int, int, int> fromTables;

    private ModularOperation(
        string name,
        string formula,
        string? primeReason,
        bool excludesZeroDivisor,
        Func<long, long, long, long> direct,
        Func<ModularTables, int, int, int> fromTables)
    {
        Name = name;
        Formula = formula;
        PrimeReason = primeReason;
        ExcludesZeroDivisor = excludesZeroDivisor;
        this.direct = direct;
        this.fromTables = fromTables;
    }

    /// <summary>Registry name, e.g. <c>x2_xy_y2</c>.</summary>
    public string Name { get; }

    /// <summary>The expression computed before reducing mod p, e.g. <c>a^2 + ab + b^2</c>.</summary>
    public string Formula { get; }

    /// <summary>One line, e.g. <c>(a^2 + ab + b^2) mod p</c>, or <c>(a / b) mod p, b != 0</c>.</summary>
    public string Description => ExcludesZeroDivisor ? $"({Formula}) mod p, b != 0" : $"({Formula}) mod p";

    /// <summary>Whether p must be prime (the operation divides, so every b ≠ 0 needs an inverse).</summary>
    public bool RequiresPrime => PrimeReason is not null;

    /// <summary>Whether pairs with b = 0 are undefined and left out (plain division: p(p − 1) examples).</summary>
    public bool ExcludesZeroDivisor { get; }

    /// <summary>Why p must be prime, for the error message; null when it need not be.</summary>
    internal string? PrimeReason { get; }

    /// <summary>The label from the definition: long arithmetic, Fermat inverses, reduced at the end.</summary>
    internal int Direct(int a, int b, int p) => (int)ModularMath.Reduce(direct(a, b, p), p);

    /// <summary>The label from lookup tables, for bulk generation.</summary>
    internal int FromTables(ModularTables tables, int a, int b) => fromTables(tables, a, b);

    /// <summary>The registry name.</summary>
    public override string ToString() => Name;
}
