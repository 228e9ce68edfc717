using System.Collections.ObjectModel;
using System.Globalization;

namespace AlgoLens.Tasks;

/// <summary>
/// <c>a b =</c> → min(a, b) or max(a, b) for a, b in 0..p-1: tokens 0..p-1 are the numbers and
/// token p is <c>=</c>; p² examples. A baseline whose answer is one of the inputs, unlike the
/// modular tasks, and whose circuit is a comparison rather than a rotation.
/// </summary>
public sealed class MinMaxTask : BinaryOperationTask
{
    /// <summary>Creates the task over the numbers 0..p-1 (p need not be prime).</summary>
    /// <exception cref="ArgumentException">p is below 2 or above 10007.</exception>
    public MinMaxTask(MinMaxKind kind, int p = TaskOptions.DefaultP)
        : base(ModularArithmeticTask.NumberNames(Validated(kind, p)))
    {
        Kind = kind;
        P = p;
        Settings = new ReadOnlyDictionary<string, string>(
            new Dictionary<string, string> { ["p"] = p.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>Min or max.</summary>
    public MinMaxKind Kind { get; }

    /// <summary>Number of values: operands are 0..p-1.</summary>
    public int P { get; }

    /// <inheritdoc/>
    public override string Name => NameOf(Kind);

    /// <inheritdoc/>
    public override string Description => $"{Name}(a, b) for a, b in 0..p-1";

    /// <summary>{"p": "113"}.</summary>
    public override IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc/>
    protected override Func<int, int, int> CreateLabeler() =>
        Kind == MinMaxKind.Max ? (a, b) => a >= b ? a : b : (a, b) => a <= b ? a : b;

    /// <inheritdoc/>
    protected override int Compute(int a, int b) => Kind == MinMaxKind.Max ? Math.Max(a, b) : Math.Min(a, b);

    private static string NameOf(MinMaxKind kind) => kind == MinMaxKind.Max ? "max" : "min";

    private static int Validated(MinMaxKind kind, int p)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentException($"Unknown MinMaxKind {(int)kind}; use Min or Max.");
        }
        ModularMath.Validate(p, NameOf(kind), primeReason: null);
        return p;
    }
}
