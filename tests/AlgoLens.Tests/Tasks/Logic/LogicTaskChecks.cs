using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.Logic;

/// <summary>Helpers shared by the logic tasks' tests.</summary>
internal static class LogicTaskChecks
{
    /// <summary>The classes a task's ground truth gives for a text input, as class names ("·" where no loss is read).</summary>
    public static string[] AnswerText(ITask task, string input)
    {
        var truth = (ITokenGroundTruth)task;
        return truth.Answer(task.Vocabulary.ToTokens(input)).Select(c => c < 0 ? "·" : task.OutputVocabulary.Names[c]).ToArray();
    }

    /// <summary>Every row of <paramref name="count"/> sampled examples, padding removed.</summary>
    public static IEnumerable<TokenExample> Rows(ISampledTask task, int count, ulong seed = 1)
    {
        ExampleBatch batch = task.Sample(new Rng(seed), count);
        return Enumerable.Range(0, batch.Count).Select(r => TokenExamples.Row(batch, r));
    }

    /// <summary>Asserts that the generator's targets are the ground truth's on many samples (for options the contract tests do not use).</summary>
    public static void GeneratorAgreesWithGroundTruth(TokenSequenceTask task, int count = 300)
    {
        foreach (var example in Rows(task, count))
        {
            Assert.Equal(example.Target, task.Answer(example.Input));
        }
    }

    /// <summary>The message of the ArgumentException that creating the task with these options throws.</summary>
    public static string RefusedOptions(string task, params (string Key, string Value)[] options)
    {
        var extra = options.ToDictionary(o => o.Key, o => o.Value);
        return Assert.Throws<ArgumentException>(() => TaskRegistry.Create(task, new TaskOptions { Extra = extra })).Message;
    }
}
