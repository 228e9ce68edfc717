namespace AlgoLens.Tensors.Optim;

/// <summary>
/// Base of the optimizers: holds the parameters, the learning rate and the step count, and defines
/// which parameters a step touches. <see cref="Step"/> updates <see cref="Tensor.Data"/> in place
/// from <see cref="Tensor.Grad"/>; a parameter that is frozen (<c>RequiresGrad = false</c>) or has no
/// gradient (<c>Grad == null</c>, like PyTorch's <c>p.grad is None</c>) is skipped entirely, its
/// optimizer state included.
/// </summary>
/// <remarks>
/// Updates are elementwise, so they are bitwise the same for any thread count. They record no
/// autograd graph (they write arrays directly), so no <see cref="Tensor.NoGrad"/> scope is needed.
/// </remarks>
public abstract class Optimizer
{
    private const string StepCountKey = "step_count";

    private readonly Tensor[] parameters;
    private readonly double?[] weightDecayOverrides;
    private readonly string[] keys;
    private double learningRate;

    /// <summary>Flattens the groups and checks the parameters and the learning rate.</summary>
    /// <exception cref="ArgumentException">A parameter is null or appears twice, or two share a name.</exception>
    protected Optimizer(IReadOnlyList<ParameterGroup> groups, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var flat = new List<Tensor>();
        var overrides = new List<double?>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var group in groups)
        {
            ArgumentNullException.ThrowIfNull(group, nameof(groups));
            foreach (var p in group.Parameters)
            {
                if (p is null)
                {
                    throw new ArgumentException($"Parameter {flat.Count} is null.", nameof(groups));
                }
                if (!seen.Add(p))
                {
                    throw new ArgumentException(
                        $"Parameter '{p.Name ?? "#" + flat.Count}' is given twice; it would be updated twice per step. Pass each parameter once.",
                        nameof(groups));
                }
                flat.Add(p);
                overrides.Add(group.WeightDecay);
            }
        }
        parameters = [.. flat];
        weightDecayOverrides = [.. overrides];
        keys = new string[parameters.Length];
        var keySet = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < parameters.Length; i++)
        {
            keys[i] = parameters[i].Name ?? "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!keySet.Add(keys[i]))
            {
                throw new ArgumentException(
                    $"Two parameters are named '{keys[i]}'; optimizer state is saved by name, so names must be unique.",
                    nameof(groups));
            }
        }
        LearningRate = learningRate;
    }

    /// <summary>The parameters, in the order they were given (groups flattened).</summary>
    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>
    /// The learning rate the next <see cref="Step"/> uses. A <see cref="LearningRateScheduler"/>
    /// sets it; setting it directly is fine too.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN or infinite.</exception>
    public double LearningRate
    {
        get => learningRate;
        set
        {
            if (!(value >= 0) || !double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be finite and non-negative.");
            }
            learningRate = value;
        }
    }

    /// <summary>How many times <see cref="Step"/> has run (restored by <see cref="LoadState"/>).</summary>
    public int StepCount { get; private set; }

    /// <summary>The name written into <see cref="OptimizerState.Algorithm"/>.</summary>
    protected abstract string Algorithm { get; }

    /// <summary>The per-parameter slot names this optimizer saves (e.g. "exp_avg").</summary>
    protected abstract IReadOnlyList<string> SlotNames { get; }

    /// <summary>
    /// The key under which parameter <paramref name="index"/>'s state is saved: its
    /// <see cref="Tensor.Name"/>, or <c>#index</c> when it has none.
    /// </summary>
    public string ParameterKey(int index) => keys[index];

    /// <summary>Updates every parameter that requires grad and has a gradient, then counts the step.</summary>
    public void Step()
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (!p.RequiresGrad || p.Grad is not { } grad)
            {
                continue;
            }
            if (grad.Length != p.Data.Length)
            {
                throw new InvalidOperationException(
                    $"Parameter '{keys[i]}' has {p.Data.Length} elements but its gradient has {grad.Length}.");
            }
            Update(i, p.Data, grad);
        }
        StepCount++;
    }

    /// <summary>
    /// Drops every parameter's gradient (backward re-creates it, zeroed), keeping the arrays for the
    /// next backward to reuse (<see cref="Tensor.ZeroGradKeepingStorage"/>): a training step then
    /// allocates no parameter gradients. Copy a gradient that must outlive the step.
    /// </summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters)
        {
            p.ZeroGradKeepingStorage();
        }
    }

    /// <summary>A deep copy of the optimizer's state, for checkpoints.</summary>
    public OptimizerState GetState()
    {
        var state = new OptimizerState(Algorithm);
        state.Scalars[StepCountKey] = StepCount;
        for (int i = 0; i < parameters.Length; i++)
        {
            SaveSlot(i, keys[i], state);
        }
        return state;
    }

    /// <summary>
    /// Restores a state saved by <see cref="GetState"/> (values are copied in). Everything is
    /// checked before anything changes, so a state that does not fit leaves the optimizer as it was.
    /// Parameters without entries in the state start fresh, as on their first step.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The state comes from another algorithm, names a parameter this optimizer does not have, or a
    /// buffer's length differs from its parameter's.
    /// </exception>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Algorithm != Algorithm)
        {
            throw new ArgumentException(
                $"This state was saved by {state.Algorithm} and cannot be loaded into {Algorithm}.", nameof(state));
        }
        CheckKnownKeys(state);
        if (!state.Scalars.TryGetValue(StepCountKey, out double stepCount)
            || stepCount < 0 || stepCount > int.MaxValue || stepCount != Math.Floor(stepCount))
        {
            throw new ArgumentException($"The state has no valid '{StepCountKey}' (a non-negative integer).", nameof(state));
        }
        var commits = new Action[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            commits[i] = PrepareLoadSlot(i, keys[i], parameters[i].Size, state);
        }
        foreach (var commit in commits)
        {
            commit();
        }
        StepCount = (int)stepCount;
    }

    /// <summary>The weight decay for parameter <paramref name="index"/>: its group's, or <paramref name="defaultDecay"/>.</summary>
    protected double WeightDecayFor(int index, double defaultDecay) => weightDecayOverrides[index] ?? defaultDecay;

    /// <summary>Updates one parameter's values in place from its gradient (same length).</summary>
    protected abstract void Update(int index, float[] values, float[] grad);

    /// <summary>Writes parameter <paramref name="index"/>'s slots (if it has any yet) under <paramref name="key"/>.</summary>
    protected abstract void SaveSlot(int index, string key, OptimizerState state);

    /// <summary>
    /// Reads and checks parameter <paramref name="index"/>'s slots from <paramref name="state"/>
    /// without changing anything; returns the action that installs them (or resets the slot when
    /// the state has none for it).
    /// </summary>
    protected abstract Action PrepareLoadSlot(int index, string key, int size, OptimizerState state);

    /// <summary>A copy of buffer <c>key.slot</c>, or null when absent; throws when its length is not <paramref name="size"/>.</summary>
    protected static float[]? ReadBuffer(OptimizerState state, string key, string slot, int size)
    {
        ArgumentNullException.ThrowIfNull(state);
        string name = key + "." + slot;
        if (!state.Buffers.TryGetValue(name, out var buffer))
        {
            return null;
        }
        if (buffer is null || buffer.Length != size)
        {
            throw new ArgumentException(
                $"Optimizer state '{name}' has {buffer?.Length ?? 0} values but parameter '{key}' has {size}; the state belongs to a different model.",
                nameof(state));
        }
        return (float[])buffer.Clone();
    }

    private void CheckKnownKeys(OptimizerState state)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { StepCountKey };
        foreach (string key in keys)
        {
            foreach (string slot in SlotNames)
            {
                known.Add(key + "." + slot);
            }
        }
        var unknown = state.Buffers.Keys.Concat(state.Scalars.Keys).Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).Take(5).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"The state has entries for parameters this optimizer does not have ({string.Join(", ", unknown)}); it belongs to a different model.",
                nameof(state));
        }
    }
}
