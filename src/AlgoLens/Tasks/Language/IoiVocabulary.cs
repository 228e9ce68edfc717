using System.Globalization;

namespace AlgoLens.Tasks.Language;

/// <summary>
/// The tokens of the toy IOI grammar: PAD, BOS, the words of every <see cref="IoiFrame"/>, then
/// names N0..N(n-1), places P0..P(p-1) and objects O0..O(o-1), each kind in one block of ids, and
/// the fillings of an IOI frame as token ids.
/// </summary>
public sealed class IoiVocabulary
{
    /// <summary>The padding token (examples differ in length with their frame).</summary>
    public const string PadToken = "PAD";

    /// <summary>The beginning-of-sequence token every sentence starts with (GPT-2's IOI prompts have one too).</summary>
    public const string BosToken = "BOS";

    /// <summary>Builds the vocabulary for <paramref name="names"/> names, <paramref name="places"/> places and <paramref name="objects"/> objects.</summary>
    public IoiVocabulary(int names, int places, int objects)
    {
        var words = IoiFrame.All.SelectMany(f => f.Parts).Where(p => !IoiFrame.IsSlot(p)).Distinct(StringComparer.Ordinal);
        var tokens = new List<string> { PadToken, BosToken };
        tokens.AddRange(words);
        FirstName = tokens.Count;
        tokens.AddRange(Numbered("N", names));
        FirstPlace = tokens.Count;
        tokens.AddRange(Numbered("P", places));
        FirstObject = tokens.Count;
        tokens.AddRange(Numbered("O", objects));
        Names = names;
        Places = places;
        Objects = objects;
        Tokens = new TaskVocabulary(tokens, PadToken);
        Bos = Tokens.Id(BosToken);
    }

    /// <summary>The tokens by name.</summary>
    public TaskVocabulary Tokens { get; }

    /// <summary>The id of BOS.</summary>
    public int Bos { get; }

    /// <summary>Number of names.</summary>
    public int Names { get; }

    /// <summary>Number of places.</summary>
    public int Places { get; }

    /// <summary>Number of objects.</summary>
    public int Objects { get; }

    /// <summary>The id of N0; names are ids FirstName..FirstName+Names-1.</summary>
    public int FirstName { get; }

    /// <summary>The id of P0.</summary>
    public int FirstPlace { get; }

    /// <summary>The id of O0.</summary>
    public int FirstObject { get; }

    /// <summary>Whether token <paramref name="id"/> is a name.</summary>
    public bool IsName(int id) => id >= FirstName && id < FirstName + Names;

    /// <summary>Whether token <paramref name="id"/> is a place.</summary>
    public bool IsPlace(int id) => id >= FirstPlace && id < FirstPlace + Places;

    /// <summary>Whether token <paramref name="id"/> is an object.</summary>
    public bool IsObject(int id) => id >= FirstObject && id < FirstObject + Objects;

    /// <summary>
    /// The tokens of <paramref name="frame"/> filled in: BOS, then its words, with the given token ids
    /// in its slots. The names need not fit an IOI sentence, so the same call builds the corrupted
    /// "ABC" sentences of <see cref="IoiPatchingSet"/>.
    /// </summary>
    public int[] Fill(IoiFrame frame, int firstName, int secondName, int subject, int place, int obj)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!IsName(firstName) || !IsName(secondName) || !IsName(subject) || !IsPlace(place) || !IsObject(obj))
        {
            throw new ArgumentException($"An IOI frame takes three name ids, a place id and an object id; got {firstName}, {secondName}, {subject}, {place}, {obj}.");
        }
        var tokens = new int[frame.Parts.Count + 1];
        tokens[0] = Bos;
        for (int i = 0; i < frame.Parts.Count; i++)
        {
            tokens[i + 1] = frame.Parts[i] switch
            {
                IoiFrame.FirstName => firstName,
                IoiFrame.SecondName => secondName,
                IoiFrame.Subject => subject,
                IoiFrame.Place => place,
                IoiFrame.Object => obj,
                string word => Tokens.Id(word),
            };
        }
        return tokens;
    }

    private static IEnumerable<string> Numbered(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture));
}
