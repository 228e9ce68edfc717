namespace AlgoLens.Tasks.Language;

/// <summary>
/// One IOI sentence: a frame filled with two different names, one of which (the subject S) is
/// repeated as the subject of the second clause, so that the other (the indirect object IO) is the
/// answer after the final "to". Names, place and object are token ids of an <see cref="IoiVocabulary"/>.
/// Positions count the BOS token, as in the sentence's tokens.
/// </summary>
/// <param name="Frame">The sentence frame.</param>
/// <param name="Order">Whether the first clause names IO first (ABBA) or S first (BABA).</param>
/// <param name="IndirectObject">The IO's token id: the answer.</param>
/// <param name="Subject">The S's token id, named in both clauses.</param>
/// <param name="Place">The place's token id.</param>
/// <param name="Object">The object's token id.</param>
public sealed record IoiSentence(IoiFrame Frame, IoiOrder Order, int IndirectObject, int Subject, int Place, int Object)
{
    /// <summary>The sentence's tokens, BOS first.</summary>
    public int[] Tokens(IoiVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return Order == IoiOrder.Abba
            ? vocabulary.Fill(Frame, IndirectObject, Subject, Subject, Place, Object)
            : vocabulary.Fill(Frame, Subject, IndirectObject, Subject, Place, Object);
    }

    /// <summary>Where the IO is named (in the first clause).</summary>
    public int IndirectObjectPosition => 1 + Frame.IndexOf(Order == IoiOrder.Abba ? IoiFrame.FirstName : IoiFrame.SecondName);

    /// <summary>Where S is first named (S1, in the first clause).</summary>
    public int FirstSubjectPosition => 1 + Frame.IndexOf(Order == IoiOrder.Abba ? IoiFrame.SecondName : IoiFrame.FirstName);

    /// <summary>Where S is named again (S2, the second clause's subject).</summary>
    public int SecondSubjectPosition => 1 + Frame.IndexOf(IoiFrame.Subject);

    /// <summary>The last position (END, the final "to"), where the IO is predicted.</summary>
    public int EndPosition => Frame.Parts.Count;
}
