namespace AlgoLens.Tasks;

// The operations of Power et al. 2022 ("Grokking"), where p = 97. Operands are the
// representatives 0..p-1. In the direct forms every power stays below p³ ≤ 10007³ ≈ 10^12, so long
// arithmetic is exact before the single reduction.
public sealed partial class ModularOperation
{
    private const string DivisionNeedsPrime = "division mod p needs an inverse for every b ≠ 0";

    /// <summary><c>add</c>: (a + b) mod p.</summary>
    public static ModularOperation Add { get; } = new(
        "add", "a + b", null, false,
        (a, b, p) => a + b,
        (t, a, b) => t.Add(a, b));

    /// <summary><c>sub</c>: (a − b) mod p.</summary>
    public static ModularOperation Subtract { get; } = new(
        "sub", "a - b", null, false,
        (a, b, p) => a - b,
        (t, a, b) => t.Subtract(a, b));

    /// <summary><c>mul</c>: (a · b) mod p.</summary>
    public static ModularOperation Multiply { get; } = new(
        "mul", "a * b", null, false,
        (a, b, p) => a * b,
        (t, a, b) => t.Multiply(a, b));

    /// <summary>
    /// <c>div</c>: a · b⁻¹ mod p, for b ≠ 0 only (p(p − 1) examples); p must be prime. Power et al.
    /// write each example as (b·c) / b = c, which is the same set of pairs.
    /// </summary>
    public static ModularOperation Divide { get; } = new(
        "div", "a / b", DivisionNeedsPrime, true,
        (a, b, p) => a * ModularMath.Inverse(b, p),
        (t, a, b) => t.Divide(a, b));

    /// <summary><c>x2_plus_y2</c>: (a² + b²) mod p.</summary>
    public static ModularOperation SquareSum { get; } = new(
        "x2_plus_y2", "a^2 + b^2", null, false,
        (a, b, p) => a * a + b * b,
        (t, a, b) => t.Add(t.Square[a], t.Square[b]));

    /// <summary><c>x2_xy_y2</c>: (a² + ab + b²) mod p.</summary>
    public static ModularOperation QuadraticForm { get; } = new(
        "x2_xy_y2", "a^2 + ab + b^2", null, false,
        (a, b, p) => a * a + a * b + b * b,
        (t, a, b) => t.Add(t.Add(t.Square[a], t.Multiply(a, b)), t.Square[b]));

    /// <summary><c>x2_xy_y2_x</c>: (a² + ab + b² + a) mod p.</summary>
    public static ModularOperation QuadraticFormPlusA { get; } = new(
        "x2_xy_y2_x", "a^2 + ab + b^2 + a", null, false,
        (a, b, p) => a * a + a * b + b * b + a,
        (t, a, b) => t.Add(t.Add(t.Add(t.Square[a], t.Multiply(a, b)), t.Square[b]), a));

    /// <summary><c>x3_xy</c>: (a³ + ab) mod p.</summary>
    public static ModularOperation CubePlusProduct { get; } = new(
        "x3_xy", "a^3 + ab", null, false,
        (a, b, p) => a * a * a + a * b,
        (t, a, b) => t.Add(t.Cube[a], t.Multiply(a, b)));

    /// <summary><c>x3_xy2_y</c>: (a³ + ab² + b) mod p.</summary>
    public static ModularOperation Cubic { get; } = new(
        "x3_xy2_y", "a^3 + ab^2 + b", null, false,
        (a, b, p) => a * a * a + a * b * b + b,
        (t, a, b) => t.Add(t.Add(t.Cube[a], t.Multiply(a, t.Square[b])), b));

    /// <summary>
    /// <c>odd_div_else_sub</c>: a / b mod p if b is odd, else (a − b) mod p ("odd" of the
    /// representative 0..p-1). Every pair is defined, since b = 0 is even; p must be prime. Power
    /// et al.'s code writes this as <c>(x._value//y) if (y._value%2==1) else (x-y)</c> with y a
    /// <c>mod.Mod</c>, whose <c>//</c> is modular division.
    /// </summary>
    public static ModularOperation OddDivElseSub { get; } = new(
        "odd_div_else_sub", "a / b if b is odd, else a - b", DivisionNeedsPrime, false,
        (a, b, p) => b % 2 == 1 ? a * ModularMath.Inverse(b, p) : a - b,
        (t, a, b) => (b & 1) != 0 ? t.Divide(a, b) : t.Subtract(a, b));

    /// <summary>Every operation, in the order of Power et al.'s list.</summary>
    public static IReadOnlyList<ModularOperation> All { get; } = Array.AsReadOnly(
    [
        Add, Subtract, Multiply, Divide, SquareSum, QuadraticForm, QuadraticFormPlusA,
        CubePlusProduct, Cubic, OddDivElseSub,
    ]);
}
