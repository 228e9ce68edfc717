using System.Collections.ObjectModel;
using System.Globalization;
using AlgoLens.Data;

namespace AlgoLens.Tasks;

/// <summary>
/// <c>a b =</c> → (a ∘ b) mod p for one <see cref="ModularOperation"/>: tokens 0..p-1 are the
/// numbers and token p is <c>=</c> (d_vocab = p + 1, d_vocab_out = p), as in Nanda et al. and the
/// TransformerLens grokking demo. p² examples, or p(p − 1) for division.
/// </summary>
public sealed class ModularArithmeticTask : BinaryOperationTask, ITaskFeatures
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
    /// <summary>
    /// The operands a and b, (a + b) mod p (classes), and cos/sin(2π·W·a/p) and cos/sin(2π·W·b/p)
    /// for a whole frequency W in 1..p−1 (real): the Fourier features of Nanda et al. 2023's
    /// grokking circuit. Each belongs to the whole example, so it is defined at all three positions.
    /// </summary>
    public IReadOnlyList<TaskFeatureInfo> Features { get; } =
    [
        new("a", TaskFeatureKind.Class, false, "every position (one value per example)", "the first operand a"),
        new("b", TaskFeatureKind.Class, false, "every position (one value per example)", "the second operand b"),
        new("a+b", TaskFeatureKind.Class, false, "every position (one value per example)", "(a + b) mod p, whatever the task's operation"),
        new("cos_a", TaskFeatureKind.Real, false, "every position (one value per example)", "cos(2π·W·a/p), W a whole frequency 1..p-1", "W"),
        new("sin_a", TaskFeatureKind.Real, false, "every position (one value per example)", "sin(2π·W·a/p), W a whole frequency 1..p-1", "W"),
        new("cos_b", TaskFeatureKind.Real, false, "every position (one value per example)", "cos(2π·W·b/p), W a whole frequency 1..p-1", "W"),
        new("sin_b", TaskFeatureKind.Real, false, "every position (one value per example)", "sin(2π·W·b/p), W a whole frequency 1..p-1", "W"),
    ];

    /// <inheritdoc/>
    public double[,] FeatureValues(TaskFeatureInfo feature, int? parameter, TokenBatch input)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(input);
        if (feature.Parameter is not null && (parameter is not { } w || w < 1 || w >= P))
        {
            throw new ArgumentException($"The frequency of {feature.Name} must be a whole number from 1 to {P - 1} (p = {P}); got {parameter}. Write e.g. --feature {feature.Name}:1.");
        }
        return TaskFeatures.PerRow(input, row =>
        {
            if (row.Length < 2 || row[0] < 0 || row[0] >= P || row[1] < 0 || row[1] >= P)
            {
                throw new ArgumentException($"{Name}'s examples are 'a b =' with a and b in 0..{P - 1}; got {row.Length} tokens.");
            }
            int a = row[0], b = row[1];
            double value = feature.Name switch
            {
                "a" => a,
                "b" => b,
                "a+b" => (a + b) % P,
                "cos_a" => Math.Cos(2 * Math.PI * parameter!.Value * a / P),
                "sin_a" => Math.Sin(2 * Math.PI * parameter!.Value * a / P),
                "cos_b" => Math.Cos(2 * Math.PI * parameter!.Value * b / P),
                "sin_b" => Math.Sin(2 * Math.PI * parameter!.Value * b / P),
                _ => throw new ArgumentException($"Task '{Name}' defines no feature '{feature.Name}'."),
            };
            return Enumerable.Repeat(value, row.Length).ToArray();
        });
    }

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
