using AlgoLens.Models;

namespace AlgoLens.Training;

/// <summary>
/// Watches a run while it trains: the seam through which a layer above training (the measures of
/// <c>train --measure</c>) sees the live model without the trainer knowing what it does with it.
/// The trainer calls <see cref="Begin"/> before it writes anything, <see cref="Start"/> once the
/// step it starts from is known, and <see cref="Observe"/> at every <see cref="Every"/>-th step and
/// at the step the run ends or stops (the steps at which metrics.csv would be logged with
/// <c>--log-every</c> equal to <see cref="Every"/>), after that step's metrics and checkpoint.
/// </summary>
/// <remarks>
/// An observer must leave the run as it found it, so that a run trains bitwise the same with or
/// without one: it must not change the model's parameters or gradients, the optimizer, or draw from
/// any random stream the trainer uses (forward passes without gradient, as evaluation does, are
/// fine). Its own files go beside metrics.csv; an exception it throws fails the run as any other.
/// </remarks>
public interface ITrainingObserver
{
    /// <summary>How often <see cref="Observe"/> is called, in steps (≥ 1).</summary>
    int Every { get; }

    /// <summary>
    /// The run about to be trained (or resumed), before anything is written to its folder: throw an
    /// <see cref="ArgumentException"/> to refuse it (e.g. an observation that does not apply to it).
    /// <paramref name="run"/> is built from the settings; its checkpoints may not exist yet.
    /// </summary>
    void Begin(RunFolder run);

    /// <summary>The step training starts from: 0, or a resumed run's checkpoint (whatever was observed from it on is observed again).</summary>
    void Start(int step);

    /// <summary>The live model after <paramref name="step"/> optimizer steps; <paramref name="logged"/> is that step's metrics.csv row, when it was logged.</summary>
    void Observe(int step, IModel model, MetricsRow? logged);
}
