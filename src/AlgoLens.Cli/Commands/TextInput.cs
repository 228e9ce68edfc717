using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Cli.Commands;

/// <summary>Readable inputs (<c>--input "3 5 =; 4 6 ="</c>) turned into token ids with a task's vocabulary.</summary>
internal static class TextInput
{
    /// <summary>The task whose vocabulary reads --input: a run folder's own, or --task with its options.</summary>
    public static ITask TaskFor(string modelPath, string? taskName, IEnumerable<string> taskOptions)
    {
        if (taskName is null)
        {
            if (Directory.Exists(modelPath) && File.Exists(Path.Combine(modelPath, RunInfo.FileName)))
            {
                return RunFolder.Open(modelPath).Task;
            }
            throw new ArgumentException("--input names tokens, so it needs a task: give --model a run folder, or name the task with --task (and --task-option).");
        }
        return TaskRegistry.Create(taskName, OptionPairs.ToTaskOptions(new TaskOptions(), p: null, taskOptions));
    }

    /// <summary>Sequences of token names separated by ';', padded with the task's pad token when their lengths differ.</summary>
    public static TokenBatch Read(string text, ITask task)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(task);
        var rows = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(row => (IReadOnlyList<int>)task.Vocabulary.ToTokens(row)).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("--input has no sequence; write token names, sequences separated by ';', e.g. \"3 5 =; 4 6 =\".");
        }
        if (rows.All(r => r.Count == rows[0].Count))
        {
            return TokenBatch.FromRows(rows);
        }
        int pad = task.Vocabulary.PadToken
            ?? throw new ArgumentException($"The sequences of --input have different lengths, and task '{task.Name}' has no padding token; give sequences of one length.");
        return TokenBatch.FromPaddedRows(rows, pad);
    }

    /// <summary>One label per sequence by the task's output names ("8 12" or "8; 12"), as --input names the tokens.</summary>
    public static int[] ReadLabels(string text, ITask task)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(task);
        if (task.OutputVocabulary.Count == 0)
        {
            throw new ArgumentException($"Task '{task.Name}' has no named output classes (its targets are real values); --labels cannot name them.");
        }
        try
        {
            return task.OutputVocabulary.ToTokens(text.Replace(';', ' '));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--labels \"{text}\": {e.Message} With --input, labels are the task's output names.", e);
        }
    }
}
