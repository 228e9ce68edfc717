using AlgoLens.Data;
using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>
/// What every model kind offers the trainer, checkpoints, <c>cache</c> and the analyses: parameters
/// with TransformerLens names and declared roles, hook points owned by components, and one forward
/// pass that can be run plain, with a cache, or with hooks.
/// </summary>
public interface IModel
{
    /// <summary>The model kind, e.g. "transformer" (see <see cref="ModelKinds"/>).</summary>
    string Kind { get; }

    /// <summary>The model's configuration.</summary>
    IModelConfig ModelConfig { get; }

    /// <summary>The parameters in state-dict order, with their declared specs.</summary>
    ParameterStore Parameters { get; }

    /// <summary>Every hook point, in forward order.</summary>
    IReadOnlyList<HookPoint> HookPoints { get; }

    /// <summary>
    /// The model's outputs: logits [batch, pos, d_vocab_out] for class outputs, values
    /// [batch, pos, width] for real outputs. <see cref="ForwardOptions.OutputPositions"/> restricts them
    /// to those positions (and skips the work only they need).
    /// </summary>
    Tensor Forward(ModelInput input, ForwardOptions? options = null);

    /// <summary>
    /// Runs the model and caches every hook activation whose full name passes
    /// <paramref name="namesFilter"/> (all when null). With <paramref name="retainGrads"/>, a later
    /// <c>Backward()</c> on a function of the outputs leaves each cached activation's gradient in
    /// <see cref="ActivationCache.Gradient"/>.
    /// </summary>
    (Tensor Output, ActivationCache Cache) RunWithCache(ModelInput input, Func<string, bool>? namesFilter = null, bool retainGrads = false, int[]? outputPositions = null);

    /// <summary>
    /// Runs the model with hooks: each hook sees its activation and may return a replacement that the
    /// rest of the pass uses. The hooks apply to this call only.
    /// </summary>
    Tensor RunWithHooks(ModelInput input, params (string HookName, HookFunction Hook)[] hooks);
}

/// <summary>Options of one forward call (nothing process-wide: each call says what it wants).</summary>
public sealed record ForwardOptions
{
    /// <summary>Positions whose outputs are wanted (all when null); the rest of the last layer's work is skipped.</summary>
    public int[]? OutputPositions { get; init; }

    /// <summary>
    /// Whether a fast specialisation that supports the call may run instead of the general path (the
    /// outputs agree to rounding). Off to measure or test the general path.
    /// </summary>
    public bool AllowSpecialisations { get; init; } = true;

    /// <summary>Options with the given output positions.</summary>
    public static ForwardOptions AtPositions(int[] positions) => new() { OutputPositions = positions };
}
