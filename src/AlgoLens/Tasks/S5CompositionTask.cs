using System.Collections.ObjectModel;

namespace AlgoLens.Tasks;

/// <summary>
/// Composition in the symmetric group S5: <c>a b =</c> → a·b, over the 120 permutations of
/// {0..4}. Tokens 0..119 are the permutations in lexicographic order of their one-line notation,
/// named by it ("01234" is token 0, the identity; "43210" is token 119); token 120 is <c>=</c>.
/// </summary>
/// <remarks>
/// a·b means apply a, then b: c[i] = b[a[i]]. This is Power et al.'s <c>c = b[a]</c> and
/// sympy's <c>a*b</c>. The group is not abelian, so the order matters.
/// </remarks>
public sealed class S5CompositionTask : BinaryOperationTask
{
    private const int Degree = 5;

    /// <summary>Creates the task (it has no parameters).</summary>
    public S5CompositionTask()
        : base(Permutations.Lexicographic(Degree).Select(p => Permutations.Name(p)).ToArray())
    {
    }

    /// <inheritdoc/>
    public override string Name => "s5_compose";

    /// <inheritdoc/>
    public override string Description => "a·b in S5, apply a then b (c[i] = b[a[i]]), 120 permutations";

    /// <summary>Empty: the task has no parameters.</summary>
    public override IReadOnlyDictionary<string, string> Settings { get; } =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <inheritdoc/>
    protected override Func<int, int, int> CreateLabeler()
    {
        int[][] elements = Permutations.Lexicographic(Degree);
        var indexOf = new Dictionary<string, int>();
        for (int i = 0; i < elements.Length; i++)
        {
            indexOf[Permutations.Name(elements[i])] = i;
        }
        return (a, b) => indexOf[Permutations.Name(Permutations.Compose(elements[a], elements[b]))];
    }

    /// <inheritdoc/>
    protected override int Compute(int a, int b) =>
        Permutations.Rank(Permutations.Compose(Permutations.Unrank(a, Degree), Permutations.Unrank(b, Degree)));
}
