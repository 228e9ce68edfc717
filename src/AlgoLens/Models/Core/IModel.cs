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
    /// rest of the pass uses. The hooks apply to this call only. Hook names may be full names or any
    /// shorthand <see cref="HookNames.Resolve"/> accepts; one that names no hook point throws an
    /// <see cref="UnknownHookException"/> listing the nearest names.
    /// </summary>
    Tensor RunWithHooks(ModelInput input, params (string HookName, HookFunction Hook)[] hooks);

    /// <summary>
    /// Runs the model with hooks chosen by a name filter, as TransformerLens's
    /// <c>run_with_hooks(fwd_hooks=[(lambda name: name.endswith("pattern"), fn)])</c>:
    /// <c>model.RunWithHooks(tokens, [(name =&gt; name.EndsWith("pattern"), fn)])</c>. Each hook runs at
    /// every hook point whose full name passes its filter (see <see cref="ModelExtensions.HooksWhere"/>).
    /// </summary>
    Tensor RunWithHooks(ModelInput input, IReadOnlyList<(Func<string, bool> Filter, HookFunction Hook)> hooks);

    /// <summary>
    /// Hooks and cache in one call: runs with <paramref name="hooks"/> and caches every activation
    /// whose full name passes <paramref name="namesFilter"/> (all when null), as it stands after the
    /// hooks at its point (the cache holds the hooked activations). Names in <paramref name="hooks"/>
    /// may be shorthand; <see cref="ModelExtensions.HooksWhere"/> turns name filters into such pairs.
    /// </summary>
    (Tensor Output, ActivationCache Cache) RunWithHooksAndCache(ModelInput input, IReadOnlyList<(string HookName, HookFunction Hook)> hooks, Func<string, bool>? namesFilter = null, bool retainGrads = false);
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
