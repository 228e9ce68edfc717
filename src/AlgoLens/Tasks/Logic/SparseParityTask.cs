using System.Globalization;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Logic;

/// <summary>
/// Sparse parity, as in Barak et al. 2022, "Hidden Progress in Deep Learning: SGD Learns Parities
/// Near the Computational Limit": n uniformly random bits, and the class is the parity of a hidden
/// set of k of them (fixed by <c>secret_seed</c>), read at the last position. Loss and accuracy sit
/// on a plateau at chance for a long time, then jump; the paper shows that progress is hidden, not
/// absent, during the plateau (the weights on the k secret bits grow steadily).
/// </summary>
/// <remarks>
/// The class sits at the last bit's position, so a causal transformer reads it where every bit is
/// visible and an <c>mlp</c> model (which predicts at the last position) reads the whole input.
/// </remarks>
public sealed class SparseParityTask : TokenSequenceTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "sparse-parity";

    private readonly int[] secret;

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("n", "20", "number of input bits, 1..1000"),
        new("k", "3", "size of the hidden set whose parity is the class, 1..n"),
        new("secret_seed", "0", "seed that picks the hidden set (uniform among the k-subsets), 0..2147483647"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "parity of a hidden set of k out of n random bits", Options, "sparse parity (Barak et al. 2022)"),
        settings => new SparseParityTask(new TaskSettingsReader(TaskName, Options, settings)));

    private SparseParityTask(TaskSettingsReader options)
        : this(options.Int("n", 1, 1000), options.Int("k", 1, 1000), options.Int("secret_seed", 0, int.MaxValue), options)
    {
    }

    private SparseParityTask(int n, int k, int secretSeed, TaskSettingsReader options)
        : base(new TaskVocabulary(["0", "1"]), n, options.Settings)
    {
        if (k > n)
        {
            throw options.Conflict($"k = {k} bits cannot be hidden among n = {n}; use k <= n.");
        }
        Bits = n;
        SecretSeed = secretSeed;
        secret = new Rng((ulong)secretSeed).Permutation(n).Take(k).Order().ToArray();
    }

    /// <summary>Creates the task.</summary>
    public static SparseParityTask Create(int n = 20, int k = 3, int secretSeed = 0) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["n"] = n.ToString(CultureInfo.InvariantCulture),
            ["k"] = k.ToString(CultureInfo.InvariantCulture),
            ["secret_seed"] = secretSeed.ToString(CultureInfo.InvariantCulture),
        }));

    /// <summary>Number of input bits.</summary>
    public int Bits { get; }

    /// <summary>The seed that picked <see cref="Secret"/>.</summary>
    public int SecretSeed { get; }

    /// <summary>The hidden positions (0-based, ascending) whose parity is the class.</summary>
    public IReadOnlyList<int> Secret => secret;

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => $"parity of bits {{{string.Join(", ", secret)}}} of {Bits} random bits (class at the last position)";

    /// <summary>Accuracy of the one class per sequence (exact match would say the same).</summary>
    public override IReadOnlyList<TaskMetric> Metrics { get; } = [TaskMetric.Accuracy];

    /// <summary>The number of 1s among the secret bits, modulo 2, at the last position.</summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length != Bits)
        {
            throw new ArgumentException($"A sparse-parity example has {Bits} bits; got {input.Length}.");
        }
        string[] names = Vocabulary.ToStrTokens(input);
        int ones = secret.Count(i => names[i] == "1");
        var answer = new int[Bits];
        Array.Fill(answer, -1);
        answer[^1] = OutputVocabulary.Id((ones % 2).ToString(CultureInfo.InvariantCulture));
        return answer;
    }

    /// <summary>
    /// Draws the class first, then the bits, and sets the last secret bit to give that class: the
    /// bits are still uniform, and the target is built rather than read off.
    /// </summary>
    protected override TokenExample Draw(Rng rng)
    {
        int label = rng.NextInt(2);
        var input = new int[Bits];
        for (int i = 0; i < Bits; i++)
        {
            input[i] = rng.NextInt(2);
        }
        int othersParity = 0;
        for (int j = 0; j < secret.Length - 1; j++)
        {
            othersParity ^= input[secret[j]];
        }
        input[secret[^1]] = label ^ othersParity;
        var target = new int[Bits];
        Array.Fill(target, -1);
        target[^1] = label;
        return new TokenExample(input, target);
    }
}
