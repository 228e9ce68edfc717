using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.Arithmetic;

/// <summary>Ground truths and generators of token tasks read as text, as <c>tasks show</c> prints them.</summary>
internal static class TargetText
{
    /// <summary>The ground truth's target at each position of <paramref name="input"/>, by name, · where there is none.</summary>
    public static string Of(TokenSequenceTask task, string input)
    {
        int[] targets = task.Answer(task.Vocabulary.ToTokens(input));
        return string.Join(" ", targets.Select(t => t < 0 ? "·" : task.OutputVocabulary.Names[t]));
    }

    /// <summary>Checks <paramref name="count"/> drawn examples against the ground truth and returns them as text inputs.</summary>
    public static IReadOnlyList<string> SampledAgree(TokenSequenceTask task, int count, ulong seed = 1)
    {
        var batch = task.Sample(new Rng(seed, 5), count);
        var inputs = new List<string>(count);
        for (int r = 0; r < batch.Count; r++)
        {
            var example = TokenExamples.Row(batch, r);
            Assert.Equal(task.Answer(example.Input), example.Target);
            inputs.Add(task.Vocabulary.ToText(example.Input));
        }
        return inputs;
    }
}
