using AlgoLens.Data;

namespace AlgoLens.Tasks;

/// <summary>
/// An algorithmic task with a known ground truth. A task describes its examples (tokens it names,
/// or real-valued vectors), their targets (a class per loss position, or real values) and what is
/// measured on them; it knows nothing of models or training. Its data comes either enumerated
/// (<see cref="IEnumeratedTask"/>: a finite set in a canonical order, split by seed) or sampled
/// (<see cref="ISampledTask"/>: an unbounded stream drawn from a seeded RNG).
/// </summary>
public interface ITask
{
    /// <summary>Registry name, e.g. <c>add</c> (see <see cref="TaskRegistry"/>).</summary>
    string Name { get; }

    /// <summary>One line saying what is computed, e.g. <c>(a + b) mod p</c>.</summary>
    string Description { get; }

    /// <summary>The input tokens by name (d_vocab = Count); empty for real-valued input.</summary>
    TaskVocabulary Vocabulary { get; }

    /// <summary>Names of the output classes (d_vocab_out = Count); empty for real-valued targets.</summary>
    TaskVocabulary OutputVocabulary { get; }

    /// <summary>Longest input sequence (a model's n_ctx must be at least this).</summary>
    int SequenceLength { get; }

    /// <summary>Values per position of real-valued input; 0 for token input.</summary>
    int InputWidth { get; }

    /// <summary>Whether targets are classes (cross-entropy) or real values (MSE).</summary>
    TargetKind TargetKind { get; }

    /// <summary>Outputs per position: the number of classes, or the width of real targets.</summary>
    int OutputWidth { get; }

    /// <summary>What is measured on every split besides the loss, in metrics.csv's column order.</summary>
    IReadOnlyList<TaskMetric> Metrics { get; }

    /// <summary>
    /// The task's parameters as text, for run.json, e.g. {"p": "113"}; the keys are the option names
    /// that <see cref="TaskRegistry.Create"/> reads back, so a run's task can be rebuilt.
    /// </summary>
    IReadOnlyDictionary<string, string> Settings { get; }
}

/// <summary>A task whose examples are a finite set listed in a canonical order.</summary>
public interface IEnumeratedTask : ITask
{
    /// <summary>
    /// Every example, in a fixed canonical order (for binary operations a-major, b-minor), so that
    /// an example index means the same input in every run and a split of indices is reproducible
    /// from its seed alone.
    /// </summary>
    ExampleBatch Generate();

    /// <summary>
    /// At most how many examples <see cref="Generate"/> returns, known without generating them (for
    /// the memory estimate made before a run allocates anything); null when the task cannot tell.
    /// </summary>
    long? MaxExampleCount => null;
}

/// <summary>
/// A task whose examples are drawn from a distribution. <see cref="Sample"/> must be a pure
/// function of the RNG's state: the trainer derives each step's batch and the fixed test set from
/// the run's seed, so that runs and resumed runs are bitwise reproducible.
/// </summary>
public interface ISampledTask : ITask
{
    /// <summary><paramref name="count"/> fresh examples drawn from <paramref name="rng"/>.</summary>
    ExampleBatch Sample(Tensors.Random.Rng rng, int count);
}

/// <summary>
/// The ground truth of a token task, computed from the definition rather than through the
/// generator's tables, so that checking a dataset against it means something.
/// </summary>
public interface ITokenGroundTruth
{
    /// <summary>
    /// The right class at each position of one input sequence, -1 where nothing is predicted
    /// (the layout of one row of <see cref="Targets.Classes"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not a valid example of the task.</exception>
    int[] Answer(ReadOnlySpan<int> input);
}

/// <summary>Whether a task's targets are classes or real values.</summary>
public enum TargetKind
{
    /// <summary>One class id per loss position; trained with cross-entropy.</summary>
    Classes,

    /// <summary>Real values per loss position; trained with (weighted) mean squared error.</summary>
    Real,
}

/// <summary>What the trainer and <c>eval</c> measure on a split, besides the loss.</summary>
public enum TaskMetric
{
    /// <summary>Share of loss positions whose arg-max class is the target (column <c>accuracy</c>).</summary>
    Accuracy,

    /// <summary>Share of sequences with every loss position right (column <c>exact_match</c>).</summary>
    ExactMatch,

    /// <summary>Mean squared error per target value, unweighted (column <c>mse</c>).</summary>
    Mse,
}
