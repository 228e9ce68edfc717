namespace AlgoLens.Models;

/// <summary>
/// A model kind's configuration: serialisable as JSON (snake_case names, TransformerLens's where it
/// has them), validated with messages that name the problem and the fix. The shape fields that a
/// task decides (vocabulary, context, output width, input width) are set from the task by
/// <see cref="WithTaskShape"/>.
/// </summary>
public interface IModelConfig
{
    /// <summary>The model kind, e.g. "transformer", "mlp", "toy-superposition" (see <see cref="ModelKinds"/>).</summary>
    string Kind { get; }

    /// <summary>Seed of the parameter initialisation.</summary>
    int Seed { get; }

    /// <summary>Throws a <see cref="ModelConfigException"/> listing every problem and how to fix it.</summary>
    void Validate(string source = "model config");

    /// <summary>The config as JSON.</summary>
    string ToJson();

    /// <summary>
    /// The number of parameter values a model of this config holds, computed from the sizes alone
    /// (no allocation), so that a file or a run can be checked against memory and against the
    /// weights it should fill before the model is built. Tests hold it equal to the built model's count.
    /// </summary>
    long ParameterCount();

    /// <summary>
    /// Floats of activation one example's forward pass keeps, an upper bound from the sizes alone
    /// (every position counted as read, every intermediate as kept), saturating at
    /// <see cref="long.MaxValue"/> instead of wrapping. The memory checks of training and of
    /// <c>cache</c> multiply it by the examples of a step; each kind declares its own, so a new kind
    /// never leaves the check blind.
    /// </summary>
    long ActivationFloatsPerExample();

    /// <summary>
    /// This config with the shape a task needs and the given seed. Kinds that cannot read the task's
    /// input (e.g. real-valued input for a model without an input projection) throw a
    /// <see cref="ModelConfigException"/> saying so.
    /// </summary>
    IModelConfig WithTaskShape(TaskShape shape, int seed);
}

/// <summary>The shape a task gives its model.</summary>
/// <param name="InputVocabulary">Input tokens (0 for real-valued input).</param>
/// <param name="InputWidth">Values per position of real-valued input (0 for tokens).</param>
/// <param name="SequenceLength">Longest input sequence.</param>
/// <param name="OutputWidth">Classes, or real outputs per position.</param>
/// <param name="RealOutputs">True when outputs are real values rather than class logits.</param>
public sealed record TaskShape(int InputVocabulary, int InputWidth, int SequenceLength, int OutputWidth, bool RealOutputs);
