using AlgoLens.Data;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Language;

/// <summary>
/// Clean IOI sentences and their corruptions, row by row, for activation patching: Wang et al.'s
/// (2022) "ABC" distribution, where each clean sentence keeps its frame, place and object but its
/// three names (IO, S1, S2) are replaced by three different random names, so that no name is
/// repeated and the sentence carries no information about which name is the indirect object. All
/// rows share one frame, so that the batches need no padding and a position means the same word in
/// every row (S2 and END are fixed; IO and S1 swap with the row's ABBA or BABA order). Measure
/// with <c>LogitMetrics.LogitDifference(IndirectObjects, Subjects)</c> at the last position.
/// </summary>
/// <param name="Clean">The clean sentences, [count, frame length + 1].</param>
/// <param name="Corrupted">Their ABC corruptions, the same shape.</param>
/// <param name="IndirectObjects">Each clean row's answer (token id).</param>
/// <param name="Subjects">Each clean row's subject (token id), the natural wrong answer.</param>
/// <param name="IndirectObjectPositions">Where each clean row names its IO.</param>
/// <param name="FirstSubjectPositions">Where each clean row first names its subject (S1).</param>
/// <param name="SecondSubjectPosition">Where every row names the second clause's subject (S2).</param>
/// <param name="EndPosition">The last position (END), where the IO is predicted.</param>
public sealed record IoiPatchingSet(
    TokenBatch Clean,
    TokenBatch Corrupted,
    int[] IndirectObjects,
    int[] Subjects,
    int[] IndirectObjectPositions,
    int[] FirstSubjectPositions,
    int SecondSubjectPosition,
    int EndPosition)
{
    /// <summary>
    /// <paramref name="count"/> clean sentences of <paramref name="task"/> in frame
    /// <paramref name="frame"/> (an index into its frames), each with its ABC corruption, all drawn
    /// from <paramref name="rng"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No rows asked for, or the frame is not one the task uses.</exception>
    public static IoiPatchingSet Abc(IoiTask task, Rng rng, int count, int frame = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(rng);
        if (count < 1)
        {
            throw new ArgumentException($"A patching set needs at least one row; got {count}.", nameof(count));
        }
        if (frame < 0 || frame >= task.Frames.Count)
        {
            throw new ArgumentException($"Frame {frame} is not in use; the task uses frames 0..{task.Frames.Count - 1} (raise its frames option for more).", nameof(frame));
        }
        var grammar = task.Grammar;
        var sentences = new IoiSentence[count];
        var clean = new int[count][];
        var corrupted = new int[count][];
        for (int r = 0; r < count; r++)
        {
            var sentence = sentences[r] = task.DrawSentence(rng, task.Frames[frame]);
            clean[r] = sentence.Tokens(grammar);
            var (a, b, c) = ThreeDifferentNames(rng, grammar.Names);
            corrupted[r] = grammar.Fill(sentence.Frame, grammar.FirstName + a, grammar.FirstName + b, grammar.FirstName + c, sentence.Place, sentence.Object);
        }
        return new IoiPatchingSet(
            TokenBatch.FromRows(clean),
            TokenBatch.FromRows(corrupted),
            sentences.Select(s => s.IndirectObject).ToArray(),
            sentences.Select(s => s.Subject).ToArray(),
            sentences.Select(s => s.IndirectObjectPosition).ToArray(),
            sentences.Select(s => s.FirstSubjectPosition).ToArray(),
            sentences[0].SecondSubjectPosition,
            sentences[0].EndPosition);
    }

    /// <summary>Three different names out of <paramref name="names"/>, uniformly (each index skips those drawn before it).</summary>
    private static (int A, int B, int C) ThreeDifferentNames(Rng rng, int names)
    {
        int a = rng.NextInt(names), b = rng.NextInt(names - 1), c = rng.NextInt(names - 2);
        if (b >= a)
        {
            b++;
        }
        if (c >= Math.Min(a, b))
        {
            c++;
        }
        if (c >= Math.Max(a, b))
        {
            c++;
        }
        return (a, b, c);
    }
}
