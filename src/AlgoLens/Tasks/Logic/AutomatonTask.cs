using System.Globalization;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Logic;

/// <summary>
/// Problem 3.12 of the seed: track the state of a finite automaton over a sequence of inputs, as in
/// Liu et al. 2023, "Transformers Learn Shortcuts to Automata". The automaton is a group acting on
/// itself (<see cref="GroupSemiautomaton"/>): the running parity of bits, a counter modulo m, or
/// the running product of permutations in S3 or S5. Inputs are drawn uniformly; at every position
/// the target is the state after reading that input, starting from the identity.
/// </summary>
/// <remarks>
/// Liu et al. show that shallow transformers solve these with shortcuts rather than by simulating
/// the automaton step by step: parity and counters through a prefix count (uniform causal
/// attention gives count/position, and the MLP reads the count modulo m), solvable groups such as
/// S3 through the Krohn–Rhodes decomposition in depth that grows with the decomposition, and S5,
/// which is not solvable, only in depth that grows with the length.
/// </remarks>
public sealed partial class AutomatonTask : TokenSequenceTask, ITaskFeatures
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "automaton";

    private readonly GroupSemiautomaton automaton;

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("kind", "parity", "parity (bits in, running parity out), counter (count modulo m), s3 or s5 (running product of permutations, apply the earlier one first)"),
        new("length", "16", "inputs per sequence, 1..512; every position is scored"),
        new("m", "5", "the counter's modulus, 2..100 (kind = counter only)"),
        new("inputs", "all", "all: every group element is an input (bits, increments +0..+(m-1), all permutations); generators: the identity and a generating set (+0/+1 for the counter, the identity and the transpositions for s3 and s5)"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "the state of a group automaton (parity, counter mod m, S3, S5) after each input", Options, "3.12"),
        settings => new AutomatonTask(new TaskSettingsReader(TaskName, Options, settings), settings ?? new Dictionary<string, string>()));

    private AutomatonTask(TaskSettingsReader options, IReadOnlyDictionary<string, string> given)
        : this(ReadKind(options, given), options.Int("length", 1, 512), options)
    {
    }

    private AutomatonTask((AutomatonKind Kind, int Modulus, bool GeneratorsOnly) shape, int length, TaskSettingsReader options)
        : this(shape.Kind, shape.Modulus, shape.GeneratorsOnly, length, GroupSemiautomaton.Create(shape.Kind, shape.Modulus, shape.GeneratorsOnly), options)
    {
    }

    private AutomatonTask(AutomatonKind kind, int modulus, bool generatorsOnly, int length, GroupSemiautomaton automaton, TaskSettingsReader options)
        : base(new TaskVocabulary(automaton.InputNames), length, options.Settings, new TaskVocabulary(automaton.StateNames))
    {
        Kind = kind;
        Modulus = modulus;
        GeneratorsOnly = generatorsOnly;
        Length = length;
        this.automaton = automaton;
    }

    /// <summary>Creates the task; <paramref name="m"/> is read only for the counter.</summary>
    public static AutomatonTask Create(AutomatonKind kind = AutomatonKind.Parity, int length = 16, int m = 5, bool generatorsOnly = false)
    {
        var settings = new Dictionary<string, string>
        {
            ["kind"] = kind.ToString().ToLowerInvariant(),
            ["length"] = length.ToString(CultureInfo.InvariantCulture),
            ["inputs"] = generatorsOnly ? "generators" : "all",
        };
        if (kind == AutomatonKind.Counter)
        {
            settings["m"] = m.ToString(CultureInfo.InvariantCulture);
        }
        return new AutomatonTask(new TaskSettingsReader(TaskName, Options, settings), settings);
    }

    /// <summary>Which automaton.</summary>
    public AutomatonKind Kind { get; }

    /// <summary>The counter's modulus (the group's order for parity, 2; unused by s3 and s5).</summary>
    public int Modulus { get; }

    /// <summary>Whether the inputs are only the identity and generators rather than every element.</summary>
    public bool GeneratorsOnly { get; }

    /// <summary>Inputs per sequence.</summary>
    public int Length { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => Kind switch
    {
        AutomatonKind.Parity => $"running parity of {Length} bits",
        AutomatonKind.Counter => $"running count modulo {Modulus} of {Length} increments ({InputsText})",
        _ => $"running product in {Kind} of {Length} permutations ({InputsText}, apply the earlier one first)",
    };

    private string InputsText => GeneratorsOnly ? "identity and generators" : "every element";

    /// <summary>
    /// The state after each input, from the definition of each kind rather than the transition
    /// table: the number of 1 bits so far modulo 2, the sum of the increments so far modulo m, or
    /// the permutations read from the tokens' names composed in order.
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length != Length)
        {
            throw new ArgumentException($"An automaton example has {Length} inputs; got {input.Length}.");
        }
        string[] names = Vocabulary.ToStrTokens(input);
        var answer = new int[names.Length];
        switch (Kind)
        {
            case AutomatonKind.Parity:
                for (int t = 0; t < names.Length; t++)
                {
                    int ones = names.Take(t + 1).Count(name => name == "1");
                    answer[t] = OutputVocabulary.Id((ones % 2).ToString(CultureInfo.InvariantCulture));
                }
                break;
            case AutomatonKind.Counter:
                for (int t = 0; t < names.Length; t++)
                {
                    int sum = names.Take(t + 1).Sum(name => int.Parse(name.AsSpan(1), CultureInfo.InvariantCulture));
                    answer[t] = OutputVocabulary.Id((sum % Modulus).ToString(CultureInfo.InvariantCulture));
                }
                break;
            default:
                // Where each point ends up after the permutations so far: point i goes to g[i].
                int[] position = Enumerable.Range(0, names[0].Length).ToArray();
                for (int t = 0; t < names.Length; t++)
                {
                    for (int i = 0; i < position.Length; i++)
                    {
                        position[i] = names[t][position[i]] - '0';
                    }
                    answer[t] = OutputVocabulary.Id(string.Concat(position));
                }
                break;
        }
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        var input = new int[Length];
        var target = new int[Length];
        int state = automaton.Start;
        for (int t = 0; t < Length; t++)
        {
            input[t] = rng.NextInt(automaton.InputNames.Count);
            state = automaton.Next(state, input[t]);
            target[t] = state;
        }
        return new TokenExample(input, target);
    }

    private static (AutomatonKind, int, bool) ReadKind(TaskSettingsReader options, IReadOnlyDictionary<string, string> given)
    {
        var kind = Enum.Parse<AutomatonKind>(options.Choice("kind", "parity", "counter", "s3", "s5"), ignoreCase: true);
        bool generatorsOnly = options.Choice("inputs", "all", "generators") == "generators";
        if (kind != AutomatonKind.Counter)
        {
            // The modulus means nothing to the other kinds; taking it silently would hide a mistake.
            return given.ContainsKey("m")
                ? throw options.Conflict($"option m sets the counter's modulus, but kind = {kind.ToString().ToLowerInvariant()}; drop m, or use kind=counter.")
                : (kind, kind == AutomatonKind.Parity ? 2 : 0, generatorsOnly);
        }
        return (kind, options.Int("m", 2, 100), generatorsOnly);
    }
}
