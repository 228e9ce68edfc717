namespace AlgoLens.Tasks;

/// <summary>
/// An algorithmic task with a known ground truth: a finite set of token sequences, a label for each
/// position that carries loss, and an independent way to compute the right answer for any input.
/// A task knows nothing of models or training; the trainer reads its dataset and its shapes.
/// </summary>
public interface IAlgorithmicTask
{
    /// <summary>Registry name, e.g. <c>add</c> (see <see cref="TaskRegistry"/>).</summary>
    string Name { get; }

    /// <summary>One line saying what is computed, e.g. <c>(a + b) mod p</c>.</summary>
    string Description { get; }

    /// <summary>Readable token names; the index is the token id (d_vocab = Count), e.g. "0".."112", "=".</summary>
    IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Length of every input sequence (n_ctx needs at least this), e.g. 3 for <c>a b =</c>.</summary>
    int SequenceLength { get; }

    /// <summary>Number of label classes (d_vocab_out), e.g. p.</summary>
    int OutputVocabulary { get; }

    /// <summary>Positions whose prediction carries loss, ascending, e.g. [2] for <c>a b =</c>.</summary>
    IReadOnlyList<int> LossPositions { get; }

    /// <summary>
    /// Every example of the task, in a fixed canonical order (for binary operations: a-major,
    /// b-minor), so that an example index means the same input in every run and a split of indices
    /// is reproducible from its seed alone.
    /// </summary>
    TaskData Generate();

    /// <summary>
    /// The ground truth for one input: one label per loss position. Computed directly, not through
    /// <see cref="Generate"/>'s tables, so that checking a dataset against it means something.
    /// Meant for checks, not for bulk labelling.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not a valid example of this task (wrong
    /// length, token out of range, an undefined case such as division by zero).</exception>
    int[] Answer(ReadOnlySpan<int> input);

    /// <summary>
    /// The task's parameters as text, for run.json, e.g. {"p": "113"}; the keys are the option names
    /// that <see cref="TaskOptions.FromSettings"/> reads back, so a run's task can be rebuilt.
    /// </summary>
    IReadOnlyDictionary<string, string> Settings { get; }
}
