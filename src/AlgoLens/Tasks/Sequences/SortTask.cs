using System.Globalization;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Sequences;

/// <summary>
/// Problems 3.1 and 3.2 of the seed: sort a list. An example is <c>START x1 .. xn MID y1 .. yn</c>
/// with values 0..V-1 (duplicates allowed) and y the x sorted ascending, e.g.
/// <c>START 4 6 2 9 MID 2 4 6 9</c>. A causal model predicts the token after each position, so the
/// loss reads the n positions from MID (which predicts y1) to y(n-1) (which predicts yn); yn itself
/// is the last token and predicts nothing (there is no END token: the list's length, fixed or read
/// from where MID stands, already says where the output stops). With <c>variable</c>, each list's
/// length is drawn uniformly from min_n..n and shorter examples are padded on the right with PAD,
/// which the attention mask hides and the loss never reads. The circuit expected of a one-layer
/// model (the sorting problem of McDougall's ARENA monthly algorithmic challenges, 2023) attends
/// from each output position to the smallest input value not yet output and copies it; with
/// duplicates it must also count how many copies were already output.
/// </summary>
public sealed partial class SortTask : TokenSequenceTask, ITaskFeatures
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "sort";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("n", "5", "list length (the longest with variable=true), 1..100"),
        new("V", "10", "values are 0..V-1, 2..1000"),
        new("variable", "false", "true: each list's length is drawn uniformly from min_n..n and padded with PAD"),
        new("min_n", "2", "shortest list with variable=true, 1..n (only with variable=true)"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "sort a list of values 0..V-1 (START x1..xn MID y1..yn)", Options, "3.1, 3.2"),
        settings => new SortTask(new TaskSettingsReader(TaskName, Options, settings), settings));

    private SortTask(TaskSettingsReader options, IReadOnlyDictionary<string, string> given)
        : this(Read(options, given), options)
    {
    }

    private SortTask((int Length, int Values, int? MinLength) shape, TaskSettingsReader options)
        : base(InputVocabulary(shape.Values, shape.MinLength is not null), 2 * shape.Length + 2, options.Settings, ValueTokens.Vocabulary(shape.Values))
    {
        Length = shape.Length;
        ValueCount = shape.Values;
        MinLength = shape.MinLength ?? shape.Length;
        Variable = shape.MinLength is not null;
        StartToken = ValueCount;
        MidToken = ValueCount + 1;
    }

    /// <summary>Creates the task with lists of <paramref name="n"/> values 0..<paramref name="values"/>-1, or of min_n..n values when <paramref name="minLength"/> is given.</summary>
    public static SortTask Create(int n = 5, int values = 10, int? minLength = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["n"] = n.ToString(CultureInfo.InvariantCulture),
            ["V"] = values.ToString(CultureInfo.InvariantCulture),
            ["variable"] = minLength is null ? "false" : "true",
        };
        if (minLength is { } min)
        {
            settings["min_n"] = min.ToString(CultureInfo.InvariantCulture);
        }
        return new SortTask(new TaskSettingsReader(TaskName, Options, settings), settings);
    }

    /// <summary>The longest list (every list, unless <see cref="Variable"/>).</summary>
    public int Length { get; }

    /// <summary>The shortest list (<see cref="Length"/> unless <see cref="Variable"/>).</summary>
    public int MinLength { get; }

    /// <summary>Whether list lengths vary (problem 3.2).</summary>
    public bool Variable { get; }

    /// <summary>Distinct values V: tokens 0..V-1 are the values, and the output classes.</summary>
    public int ValueCount { get; }

    /// <summary>The id of START, which opens every example.</summary>
    public int StartToken { get; }

    /// <summary>The id of MID, between the list and its sorted copy.</summary>
    public int MidToken { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => Variable
        ? $"sort a list of {MinLength}..{Length} values 0..{ValueCount - 1}"
        : $"sort a list of {Length} values 0..{ValueCount - 1}";

    /// <summary>
    /// The targets of <c>START x1..xm MID ...</c>: from MID on, the values of x in ascending order,
    /// counted value by value (the generator sorts instead); only x is read, so the tokens after MID
    /// may be anything (a model's own guesses, say).
    /// </summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length == 0 || input[0] != StartToken)
        {
            throw new ArgumentException("A sort example starts with START.");
        }
        int mid = input.IndexOf(MidToken);
        int count = mid - 1;
        if (mid < 0 || input.Length != 2 * count + 2)
        {
            throw new ArgumentException($"A sort example is START, m values, MID and m values; got {input.Length} tokens with MID at {mid}.");
        }
        if (count < MinLength || count > Length)
        {
            throw new ArgumentException(MinLength == Length
                ? $"This sort task's lists have {Length} values; got {count}."
                : $"This sort task's lists have {MinLength}..{Length} values; got {count}.");
        }
        var histogram = new int[ValueCount];
        for (int i = 1; i < input.Length; i++)
        {
            if (i != mid && (uint)input[i] >= (uint)ValueCount)
            {
                throw new ArgumentException($"Token {i} of a sort example must be a value 0..{ValueCount - 1}; got id {input[i]}.");
            }
            if (i < mid)
            {
                histogram[input[i]]++;
            }
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        int position = mid;
        for (int value = 0; value < ValueCount; value++)
        {
            for (int copy = 0; copy < histogram[value]; copy++)
            {
                answer[position++] = value;
            }
        }
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        int count = Variable ? rng.NextInt(MinLength, Length + 1) : Length;
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = rng.NextInt(ValueCount);
        }
        var sorted = (int[])values.Clone();
        Array.Sort(sorted);
        int[] input = [StartToken, .. values, MidToken, .. sorted];
        var target = new int[input.Length];
        Array.Fill(target, -1);
        // MID (position count + 1) predicts sorted[0]; the last sorted value predicts nothing.
        sorted.CopyTo(target, count + 1);
        return new TokenExample(input, target);
    }

    /// <summary>
    /// Reads n, V and, with variable lengths, min_n. min_n is read (and recorded) only when lengths
    /// vary, so that a fixed-length task's settings do not carry an option it ignores.
    /// </summary>
    private static (int Length, int Values, int? MinLength) Read(TaskSettingsReader options, IReadOnlyDictionary<string, string> given)
    {
        int length = options.Int("n", 1, 100);
        int values = options.Int("V", 2, 1000);
        if (!options.Bool("variable"))
        {
            return given.ContainsKey("min_n")
                ? throw options.Conflict("min_n applies only to variable lengths; add variable=true or drop min_n.")
                : (length, values, null);
        }
        int minLength = options.Int("min_n", 1, 100);
        return minLength <= length
            ? (length, values, minLength)
            : throw options.Conflict($"min_n = {minLength} is above n = {length}; the shortest list cannot be longer than the longest.");
    }

    private static TaskVocabulary InputVocabulary(int values, bool padded) => padded
        ? new TaskVocabulary([.. ValueTokens.Names(values), "START", "MID", "PAD"], "PAD")
        : new TaskVocabulary([.. ValueTokens.Names(values), "START", "MID"]);
}
