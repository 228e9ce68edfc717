using System.Collections.ObjectModel;
using System.Globalization;

namespace AlgoLens.Tasks;

/// <summary>
/// <c>a b =</c> → (a ∘ b) mod p for one <see cref="ModularOperation"/>: tokens 0..p-1 are the
/// numbers and token p is <c>=</c> (d_vocab = p + 1, d_vocab_out = p), as in Nanda et al. and the
/// TransformerLens grokking demo. p² examples, or p(p − 1) for division.
/// </summary>
public sealed class ModularArithmeticTask : BinaryOperationTask
{
    /// <summary>Creates the task; p defaults to 113, the modulus of the progress-measures paper.</summary>
    /// <exception cref="ArgumentException">p is below 2 or above 10007, or is not prime for an
    /// operation that divides; the message says which and suggests a p that works.</exception>
    public ModularArithmeticTask(ModularOperation operation, int p = TaskOptions.DefaultP)
        : base(NumberNames(Validated(operation, p)))
    {
        Operation = operation;
        P = p;
        Settings = new ReadOnlyDictionary<string, string>(
            new Dictionary<string, string> { ["p"] = p.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>The operation.</summary>
    public ModularOperation Operation { get; }

    /// <summary>The modulus.</summary>
    public int P { get; }

    /// <inheritdoc/>
    public override string Name => Operation.Name;

    /// <inheritdoc/>
    public override string Description => Operation.Description;

    /// <summary>{"p": "113"}.</summary>
    public override IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The names "0".."n-1": the readable names of number tokens.</summary>
    internal static string[] NumberNames(int n)
    {
        var names = new string[n];
        for (int i = 0; i < n; i++)
        {
            names[i] = i.ToString(CultureInfo.InvariantCulture);
        }
        return names;
    }

    /// <inheritdoc/>
    protected override string? WhyUndefined(int a, int b) =>
        Operation.ExcludesZeroDivisor && b == 0
            ? $"{Name} is undefined for b = 0 (division by zero), so its dataset has no such example."
            : null;

    /// <inheritdoc/>
    protected override Func<int, int, int> CreateLabeler()
    {
        var tables = new ModularTables(P, withInverses: Operation.RequiresPrime);
        ModularOperation operation = Operation;
        return (a, b) => operation.FromTables(tables, a, b);
    }

    /// <inheritdoc/>
    protected override int Compute(int a, int b) => Operation.Direct(a, b, P);

    private static int Validated(ModularOperation operation, int p)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ModularMath.Validate(p, operation.Name, operation.PrimeReason);
        return p;
    }
}
