using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;

namespace AlgoLens.Tests.Tasks;

/// <summary>Checks of a batch of token sequences of different lengths, padded to one width.</summary>
internal static class PaddedBatchAssert
{
    /// <summary>
    /// Every row attends exactly its own tokens, holds the pad token after them, and has a loss
    /// exactly where <paramref name="readsLoss"/>(length, position) says; returns the lengths seen.
    /// </summary>
    public static IReadOnlySet<int> RowsArePadded(ExampleBatch batch, TaskVocabulary vocabulary, Func<int, int, bool> readsLoss)
    {
        var tokens = batch.Input.RequireTokens("a padded batch");
        var classes = batch.Targets.Classes!;
        var lengths = new HashSet<int>();
        for (int r = 0; r < batch.Count; r++)
        {
            int length = TokenExamples.Row(batch, r).Input.Length;
            lengths.Add(length);
            for (int p = 0; p < tokens.Positions; p++)
            {
                int i = r * tokens.Positions + p;
                Assert.Equal(p < length, tokens.AttentionMask![i]);
                Assert.Equal(readsLoss(length, p), classes[i] >= 0);
                if (p >= length)
                {
                    Assert.Equal(vocabulary.PadToken, tokens.Ids[i]);
                }
            }
        }
        return lengths;
    }
}
