using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Models;
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
/// </summary>
public sealed class RepeatTask : TokenSequenceTask, ITaskBaselines, ITaskMeasures
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "repeat";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("length", "8", "half-length L: L random tokens, then the same L again (the longest with variable=true), 2..256"),
        new("V", "32", "tokens are 0..V-1, 2..10000"),
        new("variable", "false", "true: each example's L is drawn uniformly from min_length..length and padded with PAD"),
        new("min_length", "2", "shortest half-length with variable=true, 2..length (only with variable=true)"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "random tokens repeated (BOS x1..xL x1..xL), next token on the repeat: induction", Options, "3.16"),
        settings => new RepeatTask(new TaskSettingsReader(TaskName, Options, settings), settings));

    private RepeatTask(TaskSettingsReader options, IReadOnlyDictionary<string, string> given)
        : this(Read(options, given), options)
    {
    }

    private RepeatTask((int Length, int Values, int? MinLength) shape, TaskSettingsReader options)
        : base(InputVocabulary(shape.Values, shape.MinLength is not null), 2 * shape.Length + 1, options.Settings, ValueTokens.Vocabulary(shape.Values))
    {
        Length = shape.Length;
        ValueCount = shape.Values;
        MinLength = shape.MinLength ?? shape.Length;
        Variable = shape.MinLength is not null;
        BosToken = ValueCount;
    }

    /// <summary>Creates the task with half-length <paramref name="length"/> (or min..length when <paramref name="minLength"/> is given) over <paramref name="values"/> tokens.</summary>
    public static RepeatTask Create(int length = 8, int values = 32, int? minLength = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["length"] = length.ToString(CultureInfo.InvariantCulture),
            ["V"] = values.ToString(CultureInfo.InvariantCulture),
            ["variable"] = minLength is null ? "false" : "true",
        };
        if (minLength is { } min)
        {
            settings["min_length"] = min.ToString(CultureInfo.InvariantCulture);
        }
        return new RepeatTask(new TaskSettingsReader(TaskName, Options, settings), settings);
    }

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
    public override string Description => Variable
        ? $"{MinLength}..{Length} random tokens from {ValueCount}, repeated; predict the repeat"
        : $"{Length} random tokens from {ValueCount}, repeated; predict the repeat";

    /// <summary>
    /// The targets of <c>BOS x1..xL ...</c> (L from the input's length 2L + 1): at the second copy's
    /// k-th token (position L + k, k = 1..L-1) the first copy's (k+1)-th token, read L positions
    /// back from the predicted one (the generator copies its drawn tokens instead). Only the first
    /// copy is read, so the second may be anything (a model's own guesses, say).
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length == 0 || input[0] != BosToken)
        {
            throw new ArgumentException("A repeat example starts with BOS.");
        }
        int half = (input.Length - 1) / 2;
        if (input.Length % 2 == 0 || half < MinLength || half > Length)
        {
            throw new ArgumentException(MinLength == Length
                ? $"A repeat example is BOS and {Length} tokens twice ({2 * Length + 1} tokens); got {input.Length}."
                : $"A repeat example is BOS and L tokens twice, L from {MinLength} to {Length}; got {input.Length} tokens.");
        }
        for (int i = 1; i < input.Length; i++)
        {
            if ((uint)input[i] >= (uint)ValueCount)
            {
                throw new ArgumentException($"Token {i} of a repeat example must be a token 0..{ValueCount - 1}; got id {input[i]}.");
            }
        }
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
    /// The loss of <paramref name="model"/> on the first half (the predictions of the first copy's
    /// x2..xL, which no model can know) and on the repeated half (those of the second copy's x2..xL,
    /// the task's targets), each the mean over examples and positions. The bar for an
    /// induction model: the repeated half's loss at least five times below the first half's. A
    /// model trained on the task's targets alone never learns the first half, whose loss can then
    /// exceed ln V; ln V (<see cref="Baselines"/>) is the bar that holds for any model, since no
    /// prediction of uniformly random tokens has a lower expected loss.
    /// </summary>
    public RepeatHalfLosses HalfLosses(IModel model, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(model);
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
        return new RepeatHalfLosses(
            PositionLosses.Measure(model, TokenExamples.ToBatch(firstHalf, Vocabulary.PadToken)).Overall,
            PositionLosses.Measure(model, examples).Overall);
    }

    /// <summary>The loss on each half (<see cref="HalfLosses"/>) and the repeated half's loss against ln V.</summary>
    public IReadOnlyList<TaskFigure> Measure(IModel model, ExampleBatch examples)
    {
        var halves = HalfLosses(model, examples);
        return
        [
            new("first_half_loss", halves.FirstHalf, "mean loss predicting the first copy's x2..xL (random tokens: ln V at best)"),
            new("repeated_half_loss", halves.RepeatedHalf, "mean loss predicting the second copy's x2..xL (the task's targets)"),
            new("half_loss_ratio", halves.Ratio, "first-half loss / repeated-half loss"),
            new("random_token_loss_ratio", Math.Log(ValueCount) / halves.RepeatedHalf, "ln V / repeated-half loss: how far induction beats any guess"),
        ];
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        int half = Variable ? rng.NextInt(MinLength, Length + 1) : Length;
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

    /// <summary>
    /// Reads length, V and, with variable lengths, min_length. min_length is read (and recorded)
    /// only when lengths vary, so that a fixed-length task's settings do not carry an option it ignores.
    /// </summary>
    private static (int Length, int Values, int? MinLength) Read(TaskSettingsReader options, IReadOnlyDictionary<string, string> given)
    {
        int length = options.Int("length", 2, 256);
        int values = options.Int("V", 2, 10_000);
        if (!options.Bool("variable"))
        {
            return given.ContainsKey("min_length")
                ? throw options.Conflict("min_length applies only to variable lengths; add variable=true or drop min_length.")
                : (length, values, null);
        }
        int minLength = options.Int("min_length", 2, 256);
        return minLength <= length
            ? (length, values, minLength)
            : throw options.Conflict($"min_length = {minLength} is above length = {length}; the shortest half cannot be longer than the longest.");
    }

    private static TaskVocabulary InputVocabulary(int values, bool padded) => padded
        ? new TaskVocabulary([.. ValueTokens.Names(values), "BOS", "PAD"], "PAD")
        : new TaskVocabulary([.. ValueTokens.Names(values), "BOS"]);
}
