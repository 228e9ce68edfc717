using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", 2019) with the exact
/// semantics of <c>torch.optim.AdamW</c> (amsgrad off, maximize off, single-tensor path). For each
/// parameter with a gradient, with its own step count t (incremented first, so t = 1 on its first
/// update):
/// <code>
/// p ← p · (1 − lr·wd)                                   decoupled decay, applied first
/// m ← β1·m + (1 − β1)·g                                 computed as lerp(m, g, 1 − β1)
/// v ← β2·v + (1 − β2)·g²
/// p ← p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)    ε outside the square root
/// </code>
/// The scalars are computed in double and the tensor arithmetic in float32, in PyTorch's order and
/// with its fused multiply-adds (see <see cref="AdamWKernel"/>), so results agree with PyTorch on
/// x86 to the last bit or within an ulp or two.
/// </summary>
/// <remarks>
/// <para>
/// β^t uses <see cref="Math.Pow(double, double)"/>, which on Linux is glibc's <c>pow</c>, the same
/// function CPython's <c>beta1 ** step</c> calls. PyTorch keeps the step count in a float32 tensor
/// (exact up to 2^24 steps); here it is a long.
/// </para>
/// <para>
/// Saved state, per parameter key k: <c>k.exp_avg</c>, <c>k.exp_avg_sq</c> (buffers) and
/// <c>k.step</c> (scalar), created on the parameter's first update.
/// </para>
/// </remarks>
public sealed class AdamW : Optimizer
{
    private const int Grain = 1 << 16;
    private static readonly string[] Slots = ["exp_avg", "exp_avg_sq", "step"];

    private readonly Moments?[] moments;

    /// <summary>Creates AdamW over <paramref name="parameters"/> with PyTorch's defaults.</summary>
    public AdamW(
        IReadOnlyList<Tensor> parameters,
        double learningRate = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-8,
        double weightDecay = 0.01)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <summary>
    /// Creates AdamW over parameter groups; a group's <see cref="ParameterGroup.WeightDecay"/>
    /// overrides <paramref name="weightDecay"/> for its parameters.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta outside [0, 1), or a negative epsilon or weight decay.</exception>
    public AdamW(
        IReadOnlyList<ParameterGroup> groups,
        double learningRate = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-8,
        double weightDecay = 0.01)
        : base(groups, learningRate)
    {
        CheckRange(beta1, 0, 1, nameof(beta1));
        CheckRange(beta2, 0, 1, nameof(beta2));
        CheckRange(epsilon, 0, double.PositiveInfinity, nameof(epsilon));
        CheckRange(weightDecay, 0, double.PositiveInfinity, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        moments = new Moments?[Parameters.Count];
    }

    /// <summary>Decay rate of the first-moment average.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment average.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator, outside the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Default decoupled weight decay (groups may override it).</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override string Algorithm => "AdamW";

    /// <inheritdoc/>
    protected override IReadOnlyList<string> SlotNames => Slots;

    /// <summary>How many updates parameter <paramref name="index"/> has had (0 before its first).</summary>
    public long ParameterStep(int index) => moments[index]?.Step ?? 0;

    /// <inheritdoc/>
    protected override void Update(int index, float[] values, float[] grad)
    {
        var state = moments[index] ??= new Moments(values.Length);
        state.Step++;
        var c = AdamWCoefficients.For(state.Step, LearningRate, Beta1, Beta2, Epsilon, WeightDecayFor(index, WeightDecay));
        // Elementwise, fixed ranges: the thread count changes who computes a range, never the values.
        Parallelism.ForRanges(values.Length, Grain, (start, end) =>
            AdamWKernel.Update(
                values.AsSpan(start, end - start),
                grad.AsSpan(start, end - start),
                state.ExpAvg.AsSpan(start, end - start),
                state.ExpAvgSq.AsSpan(start, end - start),
                c));
    }

    /// <inheritdoc/>
    protected override void SaveSlot(int index, string key, OptimizerState state)
    {
        if (moments[index] is not { } m)
        {
            return;
        }
        state.Buffers[key + ".exp_avg"] = (float[])m.ExpAvg.Clone();
        state.Buffers[key + ".exp_avg_sq"] = (float[])m.ExpAvgSq.Clone();
        state.Scalars[key + ".step"] = m.Step;
    }

    /// <inheritdoc/>
    protected override Action PrepareLoadSlot(int index, string key, int size, OptimizerState state)
    {
        var expAvg = ReadBuffer(state, key, "exp_avg", size);
        var expAvgSq = ReadBuffer(state, key, "exp_avg_sq", size);
        bool hasStep = state.Scalars.TryGetValue(key + ".step", out double step);
        if (expAvg is null && expAvgSq is null && !hasStep)
        {
            return () => moments[index] = null;
        }
        if (expAvg is null || expAvgSq is null || !hasStep || !(step >= 1) || step != Math.Floor(step))
        {
            throw new ArgumentException(
                $"AdamW state for '{key}' is incomplete: it needs exp_avg, exp_avg_sq and a positive integer step together.",
                nameof(state));
        }
        return () => moments[index] = new Moments(expAvg, expAvgSq, (long)step);
    }

    private static void CheckRange(double value, double low, double highExclusive, string name)
    {
        if (!(value >= low && value < highExclusive))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{low}, {highExclusive}).");
        }
    }

    private sealed class Moments
    {
        public Moments(int size)
            : this(new float[size], new float[size], 0)
        {
        }

        public Moments(float[] expAvg, float[] expAvgSq, long step)
        {
            ExpAvg = expAvg;
            ExpAvgSq = expAvgSq;
            Step = step;
        }

        public float[] ExpAvg { get; }

        public float[] ExpAvgSq { get; }

        public long Step { get; set; }
    }
}
