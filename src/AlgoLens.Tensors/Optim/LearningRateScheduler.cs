namespace AlgoLens.Tensors.Optim;

/// <summary>
/// Drives an optimizer's learning rate from a schedule, as PyTorch's <c>LambdaLR</c>: construction
/// sets <c>lr = base · Factor(0)</c> for the first update, and each <see cref="Step"/>, called
/// after <see cref="Optimizer.Step"/>, moves on to the next index. So the update with 0-based
/// index k always uses <c>base · Factor(k)</c>.
/// </summary>
/// <example>
/// <code>
/// var optimizer = new AdamW(parameters, learningRate: 1e-3, beta2: 0.98, weightDecay: 1.0);
/// var scheduler = new LearningRateScheduler(optimizer, new LinearWarmupSchedule(10));
/// for (...) { loss.Backward(); optimizer.Step(); optimizer.ZeroGrad(); scheduler.Step(); }
/// // resuming: optimizer.LoadState(saved); scheduler.Seek(optimizer.StepCount);
/// </code>
/// </example>
public sealed class LearningRateScheduler
{
    private readonly Optimizer optimizer;
    private readonly ILearningRateSchedule schedule;

    /// <summary>
    /// Attaches <paramref name="schedule"/> to <paramref name="optimizer"/> and sets the rate for the
    /// first update.
    /// </summary>
    /// <param name="optimizer">The optimizer whose <see cref="Optimizer.LearningRate"/> is driven.</param>
    /// <param name="schedule">The multiplier per update.</param>
    /// <param name="baseLearningRate">
    /// The rate the factors multiply; defaults to the optimizer's current rate, which is right for a
    /// freshly built optimizer (set it explicitly if the optimizer's rate was already changed).
    /// </param>
    public LearningRateScheduler(Optimizer optimizer, ILearningRateSchedule schedule, double? baseLearningRate = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        this.optimizer = optimizer;
        this.schedule = schedule;
        BaseLearningRate = baseLearningRate ?? optimizer.LearningRate;
        Seek(0);
    }

    /// <summary>The rate the schedule's factors multiply (PyTorch's <c>initial_lr</c>).</summary>
    public double BaseLearningRate { get; }

    /// <summary>The 0-based index of the update the optimizer's current rate is for (<c>last_epoch</c>).</summary>
    public int CurrentStep { get; private set; }

    /// <summary>Advances to the next update's rate; call once after each <see cref="Optimizer.Step"/>.</summary>
    public void Step() => Seek(CurrentStep + 1);

    /// <summary>
    /// Sets the rate for the update with index <paramref name="step"/>; after restoring an optimizer,
    /// <c>Seek(optimizer.StepCount)</c> resumes the schedule where it was.
    /// </summary>
    public void Seek(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        double factor = schedule.Factor(step);
        if (!(factor >= 0) || !double.IsFinite(factor))
        {
            throw new InvalidOperationException($"The schedule gave factor {factor} at step {step}; factors must be finite and non-negative.");
        }
        CurrentStep = step;
        optimizer.LearningRate = BaseLearningRate * factor;
    }
}
