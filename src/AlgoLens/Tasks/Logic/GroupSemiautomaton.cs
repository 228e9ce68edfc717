using System.Globalization;

namespace AlgoLens.Tasks.Logic;

/// <summary>
/// The transition table of a group semiautomaton (Liu et al. 2023): states are the elements of a
/// group, inputs are some of its elements, and reading input g in state s moves to s·g. Every
/// group here is built as permutations, so one composition serves all: the cyclic group of order m
/// as the rotations i → i + k (mod m) of 0..m-1, the symmetric group S_n as itself.
/// </summary>
/// <remarks>
/// s·g means apply s, then g (c[i] = g[s[i]]), as <see cref="S5CompositionTask"/>. State names are
/// the count k for the cyclic groups ("0".."m-1") and one-line notation for S_n ("01234" is the
/// identity); input names are the bit for parity ("0", "1"), the increment for the counter ("+0",
/// "+1", ...) and one-line notation for S_n.
/// </remarks>
internal sealed class GroupSemiautomaton
{
    private readonly int[] next;

    private GroupSemiautomaton(IReadOnlyList<string> inputNames, IReadOnlyList<string> stateNames, int[] next, int start)
    {
        InputNames = inputNames;
        StateNames = stateNames;
        this.next = next;
        Start = start;
    }

    /// <summary>The input symbols' names; the index is the input's id.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The states' names; the index is the state's id.</summary>
    public IReadOnlyList<string> StateNames { get; }

    /// <summary>The start state: the identity.</summary>
    public int Start { get; }

    /// <summary>The state after reading <paramref name="input"/> in <paramref name="state"/>.</summary>
    public int Next(int state, int input) => next[state * InputNames.Count + input];

    /// <summary>
    /// The semiautomaton of <paramref name="kind"/>: with <paramref name="generatorsOnly"/> its inputs
    /// are the identity and a generating set (the bit 1, the increment +1, the transpositions of
    /// S_n), otherwise every element of the group.
    /// </summary>
    public static GroupSemiautomaton Create(AutomatonKind kind, int modulus, bool generatorsOnly)
    {
        (int[][] states, Func<int[], string> stateName, int[][] inputs, Func<int[], string> inputName) = kind switch
        {
            AutomatonKind.Parity => (Rotations(2, 2), CountName, Rotations(2, 2), CountName),
            AutomatonKind.Counter => (Rotations(modulus, modulus), CountName, Rotations(modulus, generatorsOnly ? 2 : modulus), IncrementName),
            AutomatonKind.S3 => Symmetric(3, generatorsOnly),
            AutomatonKind.S5 => Symmetric(5, generatorsOnly),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown automaton kind."),
        };
        string[] stateNames = states.Select(stateName).ToArray();
        var stateIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int s = 0; s < stateNames.Length; s++)
        {
            stateIndex[stateNames[s]] = s;
        }
        var next = new int[states.Length * inputs.Length];
        for (int s = 0; s < states.Length; s++)
        {
            for (int g = 0; g < inputs.Length; g++)
            {
                next[s * inputs.Length + g] = stateIndex[stateName(Permutations.Compose(states[s], inputs[g]))];
            }
        }
        int identity = stateIndex[stateName(Enumerable.Range(0, states[0].Length).ToArray())];
        return new GroupSemiautomaton(inputs.Select(inputName).ToArray(), stateNames, next, identity);
    }

    // The first `count` rotations i → i + k (mod order), k = 0, 1, ...: the cyclic group when count = order.
    private static int[][] Rotations(int order, int count) =>
        Enumerable.Range(0, count).Select(k => Enumerable.Range(0, order).Select(i => (i + k) % order).ToArray()).ToArray();

    // A rotation is named by how far it turns: the image of 0.
    private static string CountName(int[] rotation) => rotation[0].ToString(CultureInfo.InvariantCulture);

    private static string IncrementName(int[] rotation) => "+" + CountName(rotation);

    private static (int[][], Func<int[], string>, int[][], Func<int[], string>) Symmetric(int degree, bool generatorsOnly)
    {
        int[][] elements = Permutations.Lexicographic(degree);
        int[][] inputs = generatorsOnly ? [elements[0], .. Transpositions(degree)] : elements;
        return (elements, NameOf, inputs, NameOf);

        static string NameOf(int[] permutation) => Permutations.Name(permutation);
    }

    // Every transposition (i j), i < j, which together generate S_n.
    private static IEnumerable<int[]> Transpositions(int degree)
    {
        for (int i = 0; i < degree; i++)
        {
            for (int j = i + 1; j < degree; j++)
            {
                var swap = Enumerable.Range(0, degree).ToArray();
                (swap[i], swap[j]) = (j, i);
                yield return swap;
            }
        }
    }
}
