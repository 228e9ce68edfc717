using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Sequences;

/// <summary>
/// Problem 3.16 of the seed: repeated subsequences and induction heads. An example is
/// <c>BOS x1 .. xL x1 .. xL</c>: L random tokens 0..V-1 (drawn with replacement), then the same L
/// again, as in TransformerLens's induction demo. The target at each position is the next token,
/// read only where induction can know it: from the second x1 (which predicts x2) to the second
/// x(L-1) (which predicts xL). The first half is random, so nothing can beat ln V there, and the
/// first token of the repeat is not announced. An induction head attends from a token to the one
/// after its previous occurrence (the diagonal at offset 1 − L), composed with a previous-token head
/// in the layer before (Olsson et al. 2022, "In-context learning and induction heads").
/// With one fixed L a single head can also find that key by position alone, so
/// <c>variable=true</c> draws each example's L from min_length..length (padded with PAD, which the
/// attention mask hides) and leaves only content, not position, to say where the copy is.
/// <c>layout=embedded</c> hides the repeat among random tokens instead: <c>BOS</c> and
/// <c>context</c> random tokens in which one stretch of L tokens occurs twice at random places
/// (<see cref="EmbeddedRepeat"/>), the loss read on the second copy's x2..xL as above.
/// </summary>
public sealed partial class RepeatTask : TokenSequenceTask, ITaskBaselines, ITaskFeatures
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "repeat";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("layout", "halves", "halves: BOS x1..xL x1..xL; embedded: BOS and `context` random tokens in which one stretch of L tokens occurs twice at random places"),
        new("length", "8", "L, the repeated stretch's length (halves: the half-length; the longest with variable=true), 2..256"),
        new("V", "32", "tokens are 0..V-1, 2..10000"),
        new("variable", "false", "true: each example's L is drawn uniformly from min_length..length and padded with PAD"),
        new("min_length", "2", "shortest half-length with variable=true, 2..length (only with variable=true)"),
        new("context", "32", "layout=embedded only: random tokens after BOS, both copies included; 2·length..2·V (so that no other pair of tokens repeats by chance too often), at most 1024"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "random tokens repeated (BOS x1..xL x1..xL), next token on the repeat: induction", Options, "3.16"),
        settings => new RepeatTask(new TaskSettingsReader(TaskName, Options, settings), settings));

    private RepeatTask(TaskSettingsReader options, IReadOnlyDictionary<string, string> given)
        : this(Read(options, given), options)
    {
    }

    private RepeatTask(RepeatShape shape, TaskSettingsReader options)
        : base(
            InputVocabulary(shape.Values, padded: shape.MinLength is not null && shape.Context is null),
            shape.Context is { } context ? context + 1 : 2 * shape.Length + 1,
            options.Settings,
            ValueTokens.Vocabulary(shape.Values))
    {
        Length = shape.Length;
        ValueCount = shape.Values;
        MinLength = shape.MinLength ?? shape.Length;
        Variable = shape.MinLength is not null;
        Layout = shape.Context is null ? RepeatLayout.Halves : RepeatLayout.Embedded;
        Context = shape.Context ?? 2 * shape.Length;
        BosToken = ValueCount;
    }

    /// <summary>
    /// Creates the task with half-length <paramref name="length"/> (or min..length when
    /// <paramref name="minLength"/> is given) over <paramref name="values"/> tokens; with
    /// <paramref name="context"/>, the embedded layout with that many random tokens.
    /// </summary>
    public static RepeatTask Create(int length = 8, int values = 32, int? minLength = null, int? context = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["layout"] = context is null ? "halves" : "embedded",
            ["length"] = length.ToString(CultureInfo.InvariantCulture),
            ["V"] = values.ToString(CultureInfo.InvariantCulture),
            ["variable"] = minLength is null ? "false" : "true",
        };
        if (minLength is { } min)
        {
            settings["min_length"] = min.ToString(CultureInfo.InvariantCulture);
        }
        if (context is { } tokens)
        {
            settings["context"] = tokens.ToString(CultureInfo.InvariantCulture);
        }
        return new RepeatTask(new TaskSettingsReader(TaskName, Options, settings), settings);
    }

    /// <summary>Where the repeat sits: the two halves, or embedded among random tokens.</summary>
    public RepeatLayout Layout { get; }

    /// <summary>Tokens after BOS: 2L for halves (the longest L), <c>context</c> for embedded.</summary>
    public int Context { get; }

    /// <summary>The longest half-length L (every example's, unless <see cref="Variable"/>).</summary>
    public int Length { get; }

    /// <summary>The shortest half-length (<see cref="Length"/> unless <see cref="Variable"/>).</summary>
    public int MinLength { get; }

    /// <summary>Whether half-lengths vary from example to example.</summary>
    public bool Variable { get; }

    /// <summary>Distinct tokens V: ids 0..V-1, also the output classes.</summary>
    public int ValueCount { get; }

    /// <summary>The id of BOS, which opens every example.</summary>
    public int BosToken { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => (Layout, Variable) switch
    {
        (RepeatLayout.Halves, true) => $"{MinLength}..{Length} random tokens from {ValueCount}, repeated; predict the repeat",
        (RepeatLayout.Halves, false) => $"{Length} random tokens from {ValueCount}, repeated; predict the repeat",
        (_, true) => $"{Context} random tokens from {ValueCount}, in which a stretch of {MinLength}..{Length} occurs twice; predict its second copy",
        _ => $"{Context} random tokens from {ValueCount}, in which a stretch of {Length} occurs twice; predict its second copy",
    };

    /// <summary>
    /// The targets of <c>BOS x1..xL ...</c> (L from the input's length 2L + 1): at the second copy's
    /// k-th token (position L + k, k = 1..L-1) the first copy's (k+1)-th token, read L positions
    /// back from the predicted one (the generator copies its drawn tokens instead). Only the first
    /// copy is read, so the second may be anything (a model's own guesses, say). In the embedded
    /// layout the two copies are found by search (<see cref="EmbeddedRepeat.Find"/>), and the
    /// second copy's k-th token is answered with the first copy's (k+1)-th.
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length == 0 || input[0] != BosToken)
        {
            throw new ArgumentException("A repeat example starts with BOS.");
        }
        if (Layout == RepeatLayout.Embedded)
        {
            return EmbeddedAnswer(input);
        }
        int half = (input.Length - 1) / 2;
        if (input.Length % 2 == 0 || half < MinLength || half > Length)
        {
            throw new ArgumentException(MinLength == Length
                ? $"A repeat example is BOS and {Length} tokens twice ({2 * Length + 1} tokens); got {input.Length}."
                : $"A repeat example is BOS and L tokens twice, L from {MinLength} to {Length}; got {input.Length} tokens.");
        }
        CheckTokens(input);
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        for (int position = half + 1; position < 2 * half; position++)
        {
            answer[position] = input[position + 1 - half];
        }
        return answer;
    }

    /// <summary>
    /// Reference figures on <paramref name="examples"/>: a uniform guess (loss ln V, accuracy 1/V),
    /// which is also the best possible on the first half; and ideal induction without positions,
    /// which predicts the tokens that followed earlier occurrences of the current token in
    /// proportion to how often each did (it falls short of zero loss only where the first half
    /// repeats a token with different successors).
    /// </summary>
    public IReadOnlyList<TaskFigure> Baselines(ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        double loss = 0, accuracy = 0;
        int read = 0;
        for (int row = 0; row < examples.Count; row++)
        {
            var example = TokenExamples.Row(examples, row);
            for (int position = 0; position < example.Input.Length; position++)
            {
                if (example.Target[position] < 0)
                {
                    continue;
                }
                var (probability, chanceRight) = Induction(example.Input, position, example.Target[position]);
                loss -= Math.Log(probability);
                accuracy += chanceRight;
                read++;
            }
        }
        return
        [
            new("random_token_loss", Math.Log(ValueCount), "a uniform guess over the V tokens: ln V (also the best loss on the random first half)"),
            new("random_token_accuracy", 1.0 / ValueCount, "a uniform guess over the V tokens: 1/V"),
            new("induction_loss", loss / read, "ideal induction without positions: the successors of the current token's earlier occurrences, by frequency"),
            new("induction_accuracy", accuracy / read, "ideal induction's most frequent successor, ties broken at random"),
        ];
    }

    /// <summary>
    /// The examples of the halves layout with targets on the first half instead: the predictions of
    /// the first copy's x2..xL (positions 1..L-1), which no model can know. A model's loss there
    /// against its loss on the task's targets shows induction (the measure is in Training).
    /// </summary>
    public ExampleBatch FirstHalfTargets(ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var firstHalf = new TokenExample[examples.Count];
        for (int row = 0; row < examples.Count; row++)
        {
            var input = TokenExamples.Row(examples, row).Input;
            int half = (input.Length - 1) / 2;
            var target = new int[input.Length];
            Array.Fill(target, -1);
            // Positions 1..L-1 hold x1..x(L-1) and predict x2..xL of the first copy.
            Array.Copy(input, 2, target, 1, half - 1);
            firstHalf[row] = new TokenExample(input, target);
        }
        return TokenExamples.ToBatch(firstHalf, Vocabulary.PadToken);
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        int half = Variable ? rng.NextInt(MinLength, Length + 1) : Length;
        if (Layout == RepeatLayout.Embedded)
        {
            var (embedded, repeat) = EmbeddedRepeat.Draw(rng, BosToken, Context, half, ValueCount);
            var targets = new int[embedded.Length];
            Array.Fill(targets, -1);
            // The second copy's tokens 1..L-1 predict its tokens 2..L, which the draw copied from the first.
            Array.Copy(embedded, repeat.Second + 1, targets, repeat.Second, half - 1);
            return new TokenExample(embedded, targets);
        }
        var tokens = new int[half];
        for (int i = 0; i < half; i++)
        {
            tokens[i] = rng.NextInt(ValueCount);
        }
        int[] input = [BosToken, .. tokens, .. tokens];
        var target = new int[input.Length];
        Array.Fill(target, -1);
        // The second copy's tokens 1..L-1 (positions L+1..2L-1) predict its tokens 2..L.
        Array.Copy(tokens, 1, target, half + 1, half - 1);
        return new TokenExample(input, target);
    }

    /// <summary>
    /// What ideal induction gives the target at <paramref name="position"/>: the share of the current
    /// token's earlier occurrences that were followed by the target, and the chance that a random
    /// pick among its most frequent successors is the target.
    /// </summary>
    private static (double Probability, double ChanceRight) Induction(int[] input, int position, int target)
    {
        var successors = new Dictionary<int, int>();
        for (int j = 1; j < position; j++)
        {
            if (input[j] == input[position])
            {
                successors[input[j + 1]] = successors.GetValueOrDefault(input[j + 1]) + 1;
            }
        }
        int total = successors.Values.Sum(), best = successors.Values.Max();
        int right = successors.GetValueOrDefault(target);
        return ((double)right / total, right == best ? 1.0 / successors.Values.Count(c => c == best) : 0);
    }

    /// <summary>The embedded layout's targets: the first copy's next token at each of the second copy's but its last.</summary>
    private int[] EmbeddedAnswer(ReadOnlySpan<int> input)
    {
        if (input.Length != Context + 1)
        {
            throw new ArgumentException($"An embedded repeat example is BOS and {Context} tokens ({Context + 1} tokens); got {input.Length}.");
        }
        CheckTokens(input);
        var repeat = EmbeddedRepeat.Find(input);
        if (repeat.Length < MinLength || repeat.Length > Length)
        {
            throw new ArgumentException(MinLength == Length
                ? $"The repeated stretch of an example has {Length} tokens; this input repeats {repeat.Length}."
                : $"The repeated stretch of an example has {MinLength} to {Length} tokens; this input repeats {repeat.Length}.");
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        for (int k = 0; k + 1 < repeat.Length; k++)
        {
            answer[repeat.Second + k] = input[repeat.First + k + 1];
        }
        return answer;
    }

    private void CheckTokens(ReadOnlySpan<int> input)
    {
        for (int i = 1; i < input.Length; i++)
        {
            if ((uint)input[i] >= (uint)ValueCount)
            {
                throw new ArgumentException($"Token {i} of a repeat example must be a token 0..{ValueCount - 1}; got id {input[i]}.");
            }
        }
    }

    /// <summary>The examples with targets at every position the task does not read: each predicts the next input token.</summary>
    public ExampleBatch OtherPositions(ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var others = new TokenExample[examples.Count];
        for (int row = 0; row < examples.Count; row++)
        {
            var example = TokenExamples.Row(examples, row);
            var target = new int[example.Input.Length];
            Array.Fill(target, -1);
            for (int position = 0; position + 1 < target.Length; position++)
            {
                target[position] = example.Target[position] < 0 ? example.Input[position + 1] : -1;
            }
            others[row] = new TokenExample(example.Input, target);
        }
        return TokenExamples.ToBatch(others, Vocabulary.PadToken);
    }

    /// <summary>
    /// Reads layout, length, V and, with variable lengths, min_length, and with the embedded layout,
    /// context. min_length and context are read (and recorded) only where they apply, so that a
    /// task's settings do not carry an option it ignores.
    /// </summary>
    private static RepeatShape Read(TaskSettingsReader options, IReadOnlyDictionary<string, string> given)
    {
        bool embedded = options.Choice("layout", "halves", "embedded") == "embedded";
        int length = options.Int("length", 2, 256);
        int values = options.Int("V", 2, 10_000);
        int? minLength = null, context = null;
        if (options.Bool("variable"))
        {
            minLength = options.Int("min_length", 2, 256);
            if (minLength > length)
            {
                throw options.Conflict($"min_length = {minLength} is above length = {length}; the shortest half cannot be longer than the longest.");
            }
        }
        else if (given.ContainsKey("min_length"))
        {
            throw options.Conflict("min_length applies only to variable lengths; add variable=true or drop min_length.");
        }
        if (embedded)
        {
            context = options.Int("context", 4, 1024);
            if (context < 2 * length)
            {
                throw options.Conflict($"context = {context} cannot hold two copies of length = {length}; raise context to at least {2 * length} or lower length.");
            }
            if (context > 2 * values)
            {
                throw options.Conflict($"context = {context} is more than 2·V = {2 * values}: so many random tokens would repeat a pair by chance too often to leave one repeat; raise V or lower context.");
            }
        }
        else if (given.ContainsKey("context"))
        {
            throw options.Conflict("context applies only to layout=embedded; add layout=embedded or drop context.");
        }
        return new RepeatShape(length, values, minLength, context);
    }

    /// <summary>The options read: the longest L, V, the shortest L when it varies, and the embedded layout's context.</summary>
    private sealed record RepeatShape(int Length, int Values, int? MinLength, int? Context);

    private static TaskVocabulary InputVocabulary(int values, bool padded) => padded
        ? new TaskVocabulary([.. ValueTokens.Names(values), "BOS", "PAD"], "PAD")
        : new TaskVocabulary([.. ValueTokens.Names(values), "BOS"]);
}
