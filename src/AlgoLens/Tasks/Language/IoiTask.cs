using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Language;

/// <summary>
/// Problems 3.18, 3.19 and 3.22 of the seed: a toy Indirect Object Identification task after Wang et
/// al. (2022), "Interpretability in the Wild: a Circuit for Indirect Object Identification in GPT-2
/// small". Sentences such as "BOS When N3 and N7 went to the P1 , N7 gave a O2 to" are built from
/// <see cref="IoiFrame"/>s with synthetic names, places and objects; the model predicts, at the
/// final "to", the indirect object (N3): the one of the first clause's two names that the second
/// clause does not repeat as its subject. ABBA and BABA orders put the answer first or second, and
/// the frames move the names about, so position alone gets half the sentences right; the rest needs
/// what GPT-2's circuit does: notice which name is duplicated (duplicate-token and induction heads),
/// pass that on (S-inhibition heads) and copy the other name (name-mover heads).
/// <see cref="IoiPatchingSet"/> builds the corrupted "ABC" sentences that patching experiments use.
/// </summary>
public sealed class IoiTask : TokenSequenceTask, ITaskBaselines
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "ioi";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("names", "20", "number of names N0..N(n-1), 3..1000 (the corrupted ABC sentences need three different ones)"),
        new("places", "5", "number of places P0..P(p-1), 1..100"),
        new("objects", "5", "number of objects O0..O(o-1), 1..100"),
        new("templates", "both", "abba (IO named first: 'When A and B ..., B gave a O to' -> A), baba (subject named first: 'When B and A ...'), or both (half each)"),
        new("frames", IoiFrame.All.Count.ToString(CultureInfo.InvariantCulture),
            $"how many sentence frames are used (the first k), 1..{IoiFrame.All.Count}; frames put the names at different positions"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "indirect object identification in a toy grammar (Wang et al. 2022)", Options, "3.18, 3.19, 3.22"),
        settings => new IoiTask(new TaskSettingsReader(TaskName, Options, settings)));

    private readonly IoiOrder[] orders;

    private IoiTask(TaskSettingsReader options)
        : this(new IoiVocabulary(options.Int("names", 3, 1000), options.Int("places", 1, 100), options.Int("objects", 1, 100)),
            options.Choice("templates", "abba", "baba", "both"), options.Int("frames", 1, IoiFrame.All.Count), options)
    {
    }

    private IoiTask(IoiVocabulary vocabulary, string templates, int frames, TaskSettingsReader options)
        : base(vocabulary.Tokens, IoiFrame.All.Take(frames).Max(f => f.Parts.Count) + 1, options.Settings)
    {
        Grammar = vocabulary;
        Frames = IoiFrame.All.Take(frames).ToArray();
        Templates = templates;
        orders = templates switch
        {
            "abba" => [IoiOrder.Abba],
            "baba" => [IoiOrder.Baba],
            _ => [IoiOrder.Abba, IoiOrder.Baba],
        };
    }

    /// <summary>Creates the task with the given options (see <see cref="Options"/>).</summary>
    public static IoiTask Create(int names = 20, int places = 5, int objects = 5, string templates = "both", int frames = 8) =>
        new(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["names"] = names.ToString(CultureInfo.InvariantCulture),
            ["places"] = places.ToString(CultureInfo.InvariantCulture),
            ["objects"] = objects.ToString(CultureInfo.InvariantCulture),
            ["templates"] = templates,
            ["frames"] = frames.ToString(CultureInfo.InvariantCulture),
        }));

    /// <summary>The tokens and how they fill a frame.</summary>
    public IoiVocabulary Grammar { get; }

    /// <summary>The frames in use.</summary>
    public IReadOnlyList<IoiFrame> Frames { get; }

    /// <summary>abba, baba or both.</summary>
    public string Templates { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"indirect object identification: {Frames.Count} frames, {(Templates == "both" ? "ABBA and BABA" : Templates.ToUpperInvariant())}, {Grammar.Names} names, {Grammar.Places} places, {Grammar.Objects} objects";

    /// <summary>
    /// Reads the sentence against the frames; the target at the last position is the one of the first
    /// clause's two names that is not the second clause's subject.
    /// </summary>
    /// <exception cref="ArgumentException">The input fits no frame in use, names one person twice in the first clause, or its subject is neither of them (an ABC sentence).</exception>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        var frame = FrameOf(input) ?? throw new ArgumentException(
            $"'{Grammar.Tokens.ToText(input)}' is not an IOI sentence: it fits none of the frames in use, e.g. 'BOS {Frames[0].Text}' with names, a place and an object in the slots.");
        int first = input[1 + frame.IndexOf(IoiFrame.FirstName)];
        int second = input[1 + frame.IndexOf(IoiFrame.SecondName)];
        int subject = input[1 + frame.IndexOf(IoiFrame.Subject)];
        if (first == second)
        {
            throw new ArgumentException($"The first clause names {Grammar.Tokens.Names[first]} twice; an IOI sentence names two different people.");
        }
        int indirectObject = subject == second ? first
            : subject == first ? second
            : throw new ArgumentException($"The second clause's subject {Grammar.Tokens.Names[subject]} is neither {Grammar.Tokens.Names[first]} nor {Grammar.Tokens.Names[second]}, so the sentence has no indirect object.");
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        answer[^1] = indirectObject;
        return answer;
    }

    /// <summary>A random IOI sentence in <paramref name="frame"/> (names, place, object and order drawn uniformly).</summary>
    public IoiSentence DrawSentence(Rng rng, IoiFrame frame)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(frame);
        var order = orders[rng.NextInt(orders.Length)];
        int indirectObject = rng.NextInt(Grammar.Names);
        int subject = rng.NextInt(Grammar.Names - 1);
        if (subject >= indirectObject)
        {
            subject++; // a uniform name other than the IO
        }
        return new IoiSentence(frame, order, Grammar.FirstName + indirectObject, Grammar.FirstName + subject,
            Grammar.FirstPlace + rng.NextInt(Grammar.Places), Grammar.FirstObject + rng.NextInt(Grammar.Objects));
    }

    /// <summary>
    /// How often always answering the first clause's first name is right (about one half with both
    /// orders): what position alone reaches.
    /// </summary>
    public IReadOnlyList<TaskFigure> Baselines(ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        int right = 0;
        for (int r = 0; r < examples.Count; r++)
        {
            var example = TokenExamples.Row(examples, r);
            var frame = FrameOf(example.Input) ?? throw new ArgumentException($"Row {r} is not an IOI sentence of this task.");
            right += example.Input[1 + frame.IndexOf(IoiFrame.FirstName)] == example.Target[^1] ? 1 : 0;
        }
        return [new TaskFigure("first_name_accuracy", (double)right / examples.Count, "accuracy of always answering the first name of the first clause")];
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        var sentence = DrawSentence(rng, Frames[rng.NextInt(Frames.Count)]);
        var input = sentence.Tokens(Grammar);
        var target = new int[input.Length];
        Array.Fill(target, -1);
        target[sentence.EndPosition] = sentence.IndirectObject;
        return new TokenExample(input, target);
    }

    /// <summary>The frame in use that <paramref name="input"/> fills (words in place, a token of the right kind in each slot), or null.</summary>
    private IoiFrame? FrameOf(ReadOnlySpan<int> input)
    {
        foreach (var frame in Frames)
        {
            if (Fits(frame, input))
            {
                return frame;
            }
        }
        return null;
    }

    private bool Fits(IoiFrame frame, ReadOnlySpan<int> input)
    {
        if (input.Length != frame.Parts.Count + 1 || input[0] != Grammar.Bos)
        {
            return false;
        }
        for (int i = 0; i < frame.Parts.Count; i++)
        {
            int token = input[i + 1];
            bool fits = frame.Parts[i] switch
            {
                IoiFrame.FirstName or IoiFrame.SecondName or IoiFrame.Subject => Grammar.IsName(token),
                IoiFrame.Place => Grammar.IsPlace(token),
                IoiFrame.Object => Grammar.IsObject(token),
                string word => token == Grammar.Tokens.Id(word),
            };
            if (!fits)
            {
                return false;
            }
        }
        return true;
    }
}
