using AlgoLens.Data;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Models.ToySuperposition;

/// <summary>
/// The "toy-superposition" model kind: Elhage et al. 2022, "Toy Models of Superposition". Each of
/// <c>n_instances</c> independent instances maps features x ∈ Rⁿ to h = W x ∈ Rᵐ and back to
/// x' = ReLU(Wᵀh + b) (or Wᵀh + b for the linear model). Parameters carry the notebook's names:
/// <c>W</c> [n_instances, d_hidden, n_features] and <c>b_final</c> [n_instances, n_features].
/// </summary>
/// <remarks>
/// Input is real-valued, <see cref="ModelInput.FromValues"/> with positions = n_instances and
/// width = n_features: instance i reads position i, and outputs have the input's shape
/// [batch, n_instances, n_features]. W starts as PyTorch's <c>xavier_normal_</c> gives for a tensor
/// of this shape (fan_in = d_hidden·n_features, fan_out = n_instances·n_features, so
/// std = sqrt(2 / (n_features·(d_hidden + n_instances)))); b_final starts at zero.
/// </remarks>
public sealed class ToySuperpositionModel : ConfiguredModel<ToySuperpositionConfig>
{
    /// <summary>The kind's name in configs, checkpoints and run.json.</summary>
    public const string KindName = "toy-superposition";

    /// <summary>Creates a model with freshly initialised parameters.</summary>
    public ToySuperpositionModel(ToySuperpositionConfig config)
        : base(config)
    {
        int n = config.NFeatures, m = config.DHidden, instances = config.NInstances;
        float xavierStd = MathF.Sqrt(2f / ((float)n * (m + instances)));
        W = Parameters.Add(new ParameterSpec("W", [instances, m, n], ParameterRole.Weight, ParameterInit.Normal(xavierStd)));
        b_final = Parameters.Add(new ParameterSpec("b_final", [instances, n], ParameterRole.Bias, ParameterInit.Zeros));
        HookHidden = Hooks.Add("hook_hidden", "[batch, instance, d_hidden]");
        HookOutPre = Hooks.Add("hook_out_pre", "[batch, instance, n_features]");
        HookOut = Hooks.Add("hook_out", "[batch, instance, n_features]");
        Parameters.Initialise(new Rng((ulong)config.Seed));
    }

#pragma warning disable CA1707 // The paper's notebook's parameter names.
    /// <summary>[n_instances, d_hidden, n_features]: row k of instance i is hidden direction k.</summary>
    public Tensor W { get; }

    /// <summary>[n_instances, n_features].</summary>
    public Tensor b_final { get; }
#pragma warning restore CA1707

    /// <summary><c>hook_hidden</c>: h = W x, [batch, instance, d_hidden].</summary>
    public HookPoint HookHidden { get; }

    /// <summary><c>hook_out_pre</c>: Wᵀh + b before the ReLU, [batch, instance, n_features].</summary>
    public HookPoint HookOutPre { get; }

    /// <summary><c>hook_out</c>: the output, [batch, instance, n_features].</summary>
    public HookPoint HookOut { get; }

    /// <summary>
    /// The notebook's loss: importance-weighted squared error, mean over batch and features, summed
    /// over instances, i.e. n_instances × <see cref="Ops.MeanSquaredError(Tensor, ReadOnlySpan{float}, float[], bool[])"/>
    /// over [batch·n_instances, n_features] rows.
    /// </summary>
    /// <param name="output">[batch, n_instances, n_features] from <see cref="IModel.Forward"/>.</param>
    /// <param name="targets">Real targets of the same shape (their weights are the importances).</param>
    public Tensor NotebookLoss(Tensor output, Targets targets)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Values is null || !output.Shape.SequenceEqual([targets.Batch, targets.Positions, targets.Width]))
        {
            throw new ArgumentException($"The loss needs real targets of the output's shape {output.ShapeString}; got {(targets.Values is null ? "class targets" : $"[{targets.Batch}, {targets.Positions}, {targets.Width}]")}.");
        }
        if (targets.HasPositionWeights)
        {
            // Each instance at its own importance: a row is a whole example [batch, instance·n_features]
            // (the same mean over batch·instance·n_features terms).
            var examples = Ops.Reshape(output, targets.Batch, -1);
            if (!Array.TrueForAll(targets.LossMask, m => m))
            {
                throw new ArgumentException("Targets with loss weights per instance need every instance read (the loss mask all true).");
            }
            return Ops.MeanSquaredError(examples, targets.Values, targets.Weights, null) * Config.NInstances;
        }
        var rows = Ops.Reshape(output, -1, Config.NFeatures); // [batch*instance, n_features]
        return Ops.MeanSquaredError(rows, targets.Values, targets.Weights, targets.LossMask) * Config.NInstances;
    }

    /// <inheritdoc/>
    protected override Tensor Run(ModelInput input, HookRunner hooks, int[]? outputPositions)
    {
        int batch = input.Batch, instances = Config.NInstances, n = Config.NFeatures;
        var x = new Tensor(input.Values!, batch, instances, n); // [batch, instance, n_features]
        // Each instance's product with its own W, read and written in place (no permuted copies).
        var hidden = hooks.Apply(HookHidden, Ops.InstanceMatMul(x, W, transposeW: true)); // [batch, instance, d_hidden]
        var pre = hooks.Apply(HookOutPre, Ops.InstanceMatMul(hidden, W) + b_final); // [batch, instance, n_features]
        var output = hooks.Apply(HookOut, Config.UsesRelu ? Ops.Relu(pre) : pre);
        return outputPositions is null || outputPositions.SequenceEqual(Enumerable.Range(0, instances))
            ? output
            : Ops.IndexSelect(output, 1, outputPositions); // [batch, positions, n_features]
    }

    /// <inheritdoc/>
    protected override void CheckInput(ModelInput input)
    {
        if (input.IsTokens)
        {
            throw new ArgumentException($"The toy model of superposition reads real feature values [batch, n_instances = {Config.NInstances}, n_features = {Config.NFeatures}], not token ids; build the input with ModelInput.FromValues.");
        }
        if (input.Positions != Config.NInstances || input.Width != Config.NFeatures)
        {
            throw new ArgumentException($"The input is [{input.Batch}, {input.Positions}, {input.Width}] but this model needs [batch, n_instances = {Config.NInstances}, n_features = {Config.NFeatures}] (instance i reads position i).");
        }
    }
}
