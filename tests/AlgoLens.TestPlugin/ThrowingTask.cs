using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.TestPlugin;

/// <summary>A plugin task with a bug: it throws when built (when=create) or when drawing an example (when=draw).</summary>
public sealed class ThrowingTask : TokenSequenceTask
{
    private static readonly TaskOptionInfo[] Options = [new("when", "draw", "create or draw: where the bug is")];

    private ThrowingTask(IReadOnlyDictionary<string, string> settings)
        : base(new TaskVocabulary(["x", "y"]), 2, settings)
    {
    }

    /// <summary>How the registry lists and builds the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo("test-throws", "a task whose code throws", Options),
        settings =>
        {
            var reader = new TaskSettingsReader("test-throws", Options, settings);
            return reader.Choice("when", "create", "draw") == "create"
                ? throw new InvalidOperationException("the plugin's factory failed")
                : new ThrowingTask(reader.Settings);
        });

    /// <inheritdoc/>
    public override string Name => "test-throws";

    /// <inheritdoc/>
    public override string Description => "a task whose code throws";

    /// <inheritdoc/>
    public override int[] Answer(ReadOnlySpan<int> input) => [-1, input[0]];

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng) => throw new InvalidOperationException("the plugin's generator failed");
}
