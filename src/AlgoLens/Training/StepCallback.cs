using AlgoLens.Models;

namespace AlgoLens.Training;

/// <summary>
/// A per-step callback as a <see cref="ITrainingObserver"/>: <c>new Trainer(...) { Observer = new
/// StepCallback(1, (step, model, row) => ...) }</c> calls it after every step (and at the step the
/// run ends or stops) with the live model. It is bound by the observer's contract: it may read the
/// model (forward passes without gradient, copies of weights) but must not change it, so the run
/// stays bitwise the same with or without it.
/// </summary>
public sealed class StepCallback : ITrainingObserver
{
    private readonly Action<int, IModel, MetricsRow?> onStep;

    /// <summary>Calls <paramref name="onStep"/> every <paramref name="every"/> steps (≥ 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is below 1.</exception>
    public StepCallback(int every, Action<int, IModel, MetricsRow?> onStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        ArgumentNullException.ThrowIfNull(onStep);
        Every = every;
        this.onStep = onStep;
    }

    /// <inheritdoc/>
    public int Every { get; }

    /// <summary>Called with the run before anything is written; nothing to check by default.</summary>
    public Action<RunFolder>? OnBegin { get; init; }

    /// <inheritdoc/>
    public void Begin(RunFolder run) => OnBegin?.Invoke(run);

    /// <inheritdoc/>
    public void Start(int step)
    {
    }

    /// <inheritdoc/>
    public void Observe(int step, IModel model, MetricsRow? logged) => onStep(step, model, logged);
}
