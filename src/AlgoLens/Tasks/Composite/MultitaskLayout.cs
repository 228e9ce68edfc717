using AlgoLens.Tasks.Sequences;

namespace AlgoLens.Tasks.Composite;

/// <summary>
/// How the examples of several token tasks share one model's vocabulary (problem 3.11): a task token
/// per subtask (<c>&lt;add&gt;</c>) opens every example, then the subtask's own tokens, mapped into one
/// combined input vocabulary, with the targets mapped into one combined output vocabulary; shorter
/// examples are padded with <c>&lt;pad&gt;</c>, which the attention mask hides.
/// </summary>
/// <remarks>
/// With <see cref="MultitaskTokens.Shared"/> a token name that several subtasks use is one token:
/// add's "5" and sub's "5" share an embedding and an unembedding, so a model can reuse what it learnt
/// about the numbers across tasks, and whether it does is itself a question to ask of it. With
/// <see cref="MultitaskTokens.Separate"/> every subtask's tokens are its own (<c>add:5</c>,
/// <c>sub:5</c>), as if separate models shared only their weights past the embedding.
/// </remarks>
public sealed class MultitaskLayout
{
    /// <summary>The name of the padding token.</summary>
    public const string PadName = "<pad>";

    private readonly int[][] inputMap;    // [subtask][its token id] → combined id
    private readonly int[][] outputMap;   // [subtask][its class] → combined class
    private readonly int[][] inputInverse; // [subtask][combined id] → its token id, or -1

    /// <summary>Lays out <paramref name="subtasks"/> (token input, class targets, distinct names).</summary>
    /// <exception cref="ArgumentException">A subtask reads real values or predicts real values, or names collide with the layout's own tokens.</exception>
    public MultitaskLayout(IReadOnlyList<ITask> subtasks, MultitaskTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(subtasks);
        if (subtasks.Count == 0)
        {
            throw new ArgumentException("A multitask needs at least one subtask.");
        }
        foreach (var task in subtasks)
        {
            if (task.InputWidth != 0 || task.TargetKind != TargetKind.Classes || task.Vocabulary.Count == 0)
            {
                throw new ArgumentException($"Task '{task.Name}' reads or predicts real values; a multitask mixes token tasks only (each example opens with a task token).");
            }
        }
        Subtasks = subtasks;
        Tokens = tokens;
        TaskTokenNames = subtasks.Select(t => "<" + t.Name + ">").ToArray();
        bool pads = subtasks.Any(t => t.Vocabulary.PadToken is not null) || subtasks.Select(t => t.SequenceLength).Distinct().Count() > 1;

        var inputNames = new NameTable();
        foreach (string name in TaskTokenNames)
        {
            inputNames.AddReserved(name);
        }
        if (pads)
        {
            inputNames.AddReserved(PadName);
        }
        var outputNames = new NameTable();
        inputMap = new int[subtasks.Count][];
        outputMap = new int[subtasks.Count][];
        for (int s = 0; s < subtasks.Count; s++)
        {
            var vocabulary = subtasks[s].Vocabulary;
            inputMap[s] = new int[vocabulary.Count];
            for (int id = 0; id < vocabulary.Count; id++)
            {
                // A subtask's own padding becomes the mixture's: examples are re-padded together.
                inputMap[s][id] = id == vocabulary.PadToken
                    ? subtasks.Count
                    : inputNames.IdOf(CombinedName(s, vocabulary.Names[id]));
            }
            var classes = subtasks[s].OutputVocabulary;
            outputMap[s] = new int[classes.Count];
            for (int c = 0; c < classes.Count; c++)
            {
                outputMap[s][c] = outputNames.IdOf(CombinedName(s, classes.Names[c]));
            }
        }
        Vocabulary = new TaskVocabulary(inputNames.Names, pads ? PadName : null);
        OutputVocabulary = new TaskVocabulary(outputNames.Names);
        inputInverse = new int[subtasks.Count][];
        for (int s = 0; s < subtasks.Count; s++)
        {
            inputInverse[s] = Enumerable.Repeat(-1, Vocabulary.Count).ToArray();
            for (int id = 0; id < inputMap[s].Length; id++)
            {
                if (id != subtasks[s].Vocabulary.PadToken)
                {
                    inputInverse[s][inputMap[s][id]] = id;
                }
            }
        }
        SequenceLength = 1 + subtasks.Max(t => t.SequenceLength);
    }

    /// <summary>The subtasks, in the order of their task tokens.</summary>
    public IReadOnlyList<ITask> Subtasks { get; }

    /// <summary>Whether token names are shared across subtasks.</summary>
    public MultitaskTokens Tokens { get; }

    /// <summary>The task tokens' names, <c>&lt;name&gt;</c> per subtask; token id s is subtask s's.</summary>
    public IReadOnlyList<string> TaskTokenNames { get; }

    /// <summary>Task tokens, then <c>&lt;pad&gt;</c> when examples differ in length, then the subtasks' tokens.</summary>
    public TaskVocabulary Vocabulary { get; }

    /// <summary>The subtasks' output classes, combined.</summary>
    public TaskVocabulary OutputVocabulary { get; }

    /// <summary>One more than the longest subtask (the task token).</summary>
    public int SequenceLength { get; }

    /// <summary>Subtask <paramref name="subtask"/>'s example in the combined vocabularies, its task token first (no loss there).</summary>
    public TokenExample Prefixed(int subtask, TokenExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        int n = example.Input.Length;
        var input = new int[n + 1];
        var target = new int[n + 1];
        input[0] = subtask;
        target[0] = -1;
        for (int i = 0; i < n; i++)
        {
            input[i + 1] = inputMap[subtask][example.Input[i]];
            target[i + 1] = example.Target[i] < 0 ? -1 : outputMap[subtask][example.Target[i]];
        }
        return new TokenExample(input, target);
    }

    /// <summary>The subtask an input belongs to: the index of its first token, a task token.</summary>
    /// <exception cref="ArgumentException">The input is empty or does not open with a task token.</exception>
    public int SubtaskOf(ReadOnlySpan<int> input)
    {
        if (input.Length < 2 || input[0] < 0 || input[0] >= Subtasks.Count)
        {
            string first = input.Length == 0 ? "nothing" : (uint)input[0] < (uint)Vocabulary.Count ? $"'{Vocabulary.Names[input[0]]}'" : $"id {input[0]}";
            throw new ArgumentException($"A multitask example opens with a task token ({string.Join(" ", TaskTokenNames)}) followed by that task's input; this one opens with {first}.");
        }
        return input[0];
    }

    /// <summary>
    /// The ground truth of a mixture example: the task token picks the subtask, whose own
    /// <see cref="ITokenGroundTruth.Answer"/> answers the rest, mapped back to combined classes.
    /// </summary>
    /// <exception cref="ArgumentException">Not a valid example of any subtask, or the subtask has no ground truth (random labels).</exception>
    public int[] Answer(ReadOnlySpan<int> input)
    {
        int s = SubtaskOf(input);
        var task = Subtasks[s];
        if (task is not ITokenGroundTruth truth)
        {
            throw new ArgumentException($"Subtask '{task.Name}' has no ground truth to compute from its input (are its labels random?).");
        }
        var own = new int[input.Length - 1];
        for (int i = 1; i < input.Length; i++)
        {
            own[i - 1] = (uint)input[i] < (uint)Vocabulary.Count ? inputInverse[s][input[i]] : -1;
            if (own[i - 1] < 0)
            {
                string token = (uint)input[i] < (uint)Vocabulary.Count ? $"'{Vocabulary.Names[input[i]]}'" : $"id {input[i]}";
                throw new ArgumentException($"Token {token} at position {i} is not a token of subtask '{task.Name}'.");
            }
        }
        var answer = truth.Answer(own);
        var combined = new int[input.Length];
        combined[0] = -1;
        for (int i = 0; i < answer.Length; i++)
        {
            combined[i + 1] = answer[i] < 0 ? -1 : outputMap[s][answer[i]];
        }
        return combined;
    }

    /// <summary>The metrics any subtask declares, in the order accuracy, exact match.</summary>
    public IReadOnlyList<TaskMetric> Metrics() =>
        new[] { TaskMetric.Accuracy, TaskMetric.ExactMatch }.Where(m => Subtasks.Any(t => t.Metrics.Contains(m))).ToArray();

    private string CombinedName(int subtask, string name) =>
        Tokens == MultitaskTokens.Shared ? name : Subtasks[subtask].Name + ":" + name;

    /// <summary>Token names in order of first use; shared names get one id, reserved ones (task tokens, padding) none.</summary>
    private sealed class NameTable
    {
        private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
        private readonly HashSet<string> reserved = new(StringComparer.Ordinal);

        public List<string> Names { get; } = [];

        public void AddReserved(string name)
        {
            reserved.Add(name);
            Names.Add(name);
        }

        public int IdOf(string name)
        {
            if (reserved.Contains(name))
            {
                // A subtask token named like a task token or <pad> would be ambiguous in text.
                throw new ArgumentException($"A subtask has a token named '{name}', which the multitask uses for its own task or padding token; rename that token.");
            }
            // Only shared names can meet again: separate ones carry their subtask's name, and a
            // subtask's own names are unique.
            if (ids.TryGetValue(name, out int id))
            {
                return id;
            }
            Names.Add(name);
            return ids[name] = Names.Count - 1;
        }
    }
}
