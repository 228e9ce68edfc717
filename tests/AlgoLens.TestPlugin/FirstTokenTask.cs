using System.Globalization;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.TestPlugin;

/// <summary>A plugin task with options: at every position, predict the sequence's first token.</summary>
public sealed class FirstTokenTask : TokenSequenceTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "test-first-token";

    private static readonly TaskOptionInfo[] Options = [new("length", "6", "tokens per sequence, 2..32")];

    private readonly int length;

    private FirstTokenTask(TaskSettingsReader options)
        : this(options.Int("length", 2, 32), options)
    {
    }

    private FirstTokenTask(int length, TaskSettingsReader options)
        : base(new TaskVocabulary(["a", "b", "c", "d"]), length, options.Settings)
    {
        this.length = length;
    }

    /// <summary>How the registry lists and builds the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "predict the first token at every position", Options, "3.17"),
        settings => new FirstTokenTask(new TaskSettingsReader(TaskName, Options, settings)));

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => $"predict the first of {length.ToString(CultureInfo.InvariantCulture)} tokens at every position";

    /// <inheritdoc/>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        var answer = new int[input.Length];
        answer.AsSpan().Fill(input[0]);
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        var input = new int[length];
        for (int i = 0; i < length; i++)
        {
            input[i] = rng.NextInt(4);
        }
        var target = new int[length];
        Array.Fill(target, input[0]);
        return new TokenExample(input, target);
    }
}
