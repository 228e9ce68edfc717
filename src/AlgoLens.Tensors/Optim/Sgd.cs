using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Optim;

/// <summary>
/// Stochastic gradient descent with the semantics of <c>torch.optim.SGD</c> (maximize off):
/// <code>
/// g ← g + wd·p                              weight decay enters the gradient (L2, not decoupled)
/// b ← g                                     on the parameter's first update, if momentum ≠ 0
/// b ← momentum·b + (1 − dampening)·g        afterwards
/// g ← g + momentum·b  (nesterov)  or  b     if momentum ≠ 0
/// p ← p − lr·g
/// </code>
/// In float32 with PyTorch's CPU operation order: <c>add(x, alpha)</c> is a fused multiply-add
/// (ATen's vectorized add), <c>mul_</c> a plain product. The parameter's <see cref="Tensor.Grad"/>
/// is never modified. Saved state, per parameter key k: the buffer <c>k.momentum_buffer</c>,
/// present once momentum has been used.
/// </summary>
public sealed class Sgd : Optimizer
{
    private const int Grain = 1 << 16;
    private static readonly string[] Slots = ["momentum_buffer"];

    private readonly float[]?[] buffers;

    /// <summary>Creates SGD over <paramref name="parameters"/>.</summary>
    public Sgd(
        IReadOnlyList<Tensor> parameters,
        double learningRate = 1e-3,
        double momentum = 0,
        double dampening = 0,
        double weightDecay = 0,
        bool nesterov = false)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], learningRate, momentum, dampening, weightDecay, nesterov)
    {
    }

    /// <summary>Creates SGD over parameter groups (a group's weight decay overrides <paramref name="weightDecay"/>).</summary>
    /// <exception cref="ArgumentException">
    /// Negative momentum or weight decay, or Nesterov without momentum or with dampening (as PyTorch).
    /// </exception>
    public Sgd(
        IReadOnlyList<ParameterGroup> groups,
        double learningRate = 1e-3,
        double momentum = 0,
        double dampening = 0,
        double weightDecay = 0,
        bool nesterov = false)
        : base(groups, learningRate)
    {
        if (!(momentum >= 0) || !double.IsFinite(momentum))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be finite and non-negative.");
        }
        if (!double.IsFinite(dampening))
        {
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, "Dampening must be finite.");
        }
        if (!(weightDecay >= 0) || !double.IsFinite(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be finite and non-negative.");
        }
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs a positive momentum and zero dampening.", nameof(nesterov));
        }
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        buffers = new float[]?[Parameters.Count];
    }

    /// <summary>Momentum factor (0: plain SGD, no buffer).</summary>
    public double Momentum { get; }

    /// <summary>Dampening of the gradient's contribution to the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>Default L2 weight decay, added to the gradient (groups may override it).</summary>
    public double WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override string Algorithm => "SGD";

    /// <inheritdoc/>
    protected override IReadOnlyList<string> SlotNames => Slots;

    /// <inheritdoc/>
    protected override void Update(int index, float[] values, float[] grad)
    {
        double weightDecay = WeightDecayFor(index, WeightDecay);
        bool firstMomentumStep = Momentum != 0 && buffers[index] is null;
        float[]? buffer = Momentum != 0 ? (buffers[index] ??= new float[values.Length]) : null;
        var c = new Coefficients(
            ApplyDecay: weightDecay != 0,
            WeightDecay: (float)weightDecay,
            UseMomentum: Momentum != 0,
            FirstMomentumStep: firstMomentumStep,
            Momentum: (float)Momentum,
            OneMinusDampening: (float)(1 - Dampening),
            Nesterov: Nesterov,
            NegativeLearningRate: (float)-LearningRate);
        Parallelism.ForRanges(values.Length, Grain, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                values[i] = UpdateOne(values[i], grad[i], buffer, i, c);
            }
        });
    }

    /// <inheritdoc/>
    protected override void SaveSlot(int index, string key, OptimizerState state)
    {
        if (buffers[index] is { } buffer)
        {
            state.Buffers[key + ".momentum_buffer"] = (float[])buffer.Clone();
        }
    }

    /// <inheritdoc/>
    protected override Action PrepareLoadSlot(int index, string key, int size, OptimizerState state)
    {
        var buffer = ReadBuffer(state, key, "momentum_buffer", size);
        return () => buffers[index] = buffer;
    }

    private static float UpdateOne(float p, float g, float[]? buffer, int i, in Coefficients c)
    {
        if (c.ApplyDecay)
        {
            g = MathF.FusedMultiplyAdd(p, c.WeightDecay, g);         // grad.add(param, alpha=wd)
        }
        if (c.UseMomentum)
        {
            float b = c.FirstMomentumStep
                ? g                                                    // torch.clone(grad)
                : MathF.FusedMultiplyAdd(g, c.OneMinusDampening, buffer![i] * c.Momentum);
            buffer![i] = b;
            g = c.Nesterov ? MathF.FusedMultiplyAdd(b, c.Momentum, g) : b;
        }
        return MathF.FusedMultiplyAdd(g, c.NegativeLearningRate, p); // param.add_(grad, alpha=-lr)
    }

    private readonly record struct Coefficients(
        bool ApplyDecay,
        float WeightDecay,
        bool UseMomentum,
        bool FirstMomentumStep,
        float Momentum,
        float OneMinusDampening,
        bool Nesterov,
        float NegativeLearningRate);
}
