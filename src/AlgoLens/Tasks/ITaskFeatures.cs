using AlgoLens.Data;

namespace AlgoLens.Tasks;

/// <summary>
/// A task that names features of its examples, computed from the input tokens by the task's
/// definition: what a probe (<c>algolens probe</c>) asks a model's activations to hold, such as
/// the operands of modular addition, the rank of each value of a sort, or an automaton's state.
/// </summary>
public interface ITaskFeatures
{
    /// <summary>The features the task defines, in the order <c>tasks show</c> lists them.</summary>
    IReadOnlyList<TaskFeatureInfo> Features { get; }

    /// <summary>
    /// The value of <paramref name="feature"/> at each (row, position) of <paramref name="input"/>,
    /// [rows, positions], NaN where the feature is not defined (padding, or a position it does not
    /// describe). Call it through <see cref="TaskFeatures.Values"/>, which checks the name first.
    /// </summary>
    /// <param name="feature">The feature, its parameter already read (e.g. cos_a with 14 for cos_a:14).</param>
    /// <param name="parameter">The parameter after the colon, or null for a feature without one.</param>
    /// <param name="input">Examples of the task.</param>
    double[,] FeatureValues(TaskFeatureInfo feature, int? parameter, TokenBatch input);
}

/// <summary>Whether a feature's values are classes (a logistic probe, accuracy) or real (a ridge probe, R²).</summary>
public enum TaskFeatureKind
{
    /// <summary>Whole-number values, each a class (a logistic probe; scored by accuracy).</summary>
    Class,

    /// <summary>Real values (a ridge regression probe; scored by R²).</summary>
    Real,
}

/// <summary>One feature a task defines.</summary>
/// <param name="Name">Its name, e.g. "a", "a+b", "state", "cos_a".</param>
/// <param name="Kind">Class or real.</param>
/// <param name="PerPosition">
/// True when its value changes along the sequence (an automaton's state after each input); false
/// when it belongs to the whole example (the operand a), in which case it is defined at every
/// position and a probe reads it at the last position unless told otherwise.
/// </param>
/// <param name="DefinedAt">The positions where it is defined, in words.</param>
/// <param name="Description">What it is, in one line.</param>
/// <param name="Parameter">The name of a whole-number parameter written after a colon (e.g. "W" for cos_a:W), or null.</param>
public sealed record TaskFeatureInfo(string Name, TaskFeatureKind Kind, bool PerPosition, string DefinedAt, string Description, string? Parameter = null)
{
    /// <summary>How it is written on the command line: the name, then ":PARAMETER" where it takes one.</summary>
    public string Syntax => Parameter is null ? Name : $"{Name}:{Parameter}";

    /// <summary>"class" or "real", as the JSON outputs write it.</summary>
    public string KindName => Kind == TaskFeatureKind.Class ? "class" : "real";
}
