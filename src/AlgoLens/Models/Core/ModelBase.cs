using AlgoLens.Data;
using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>
/// The part every model kind shares: the parameter store, the hook-point list, and running the one
/// general forward pass (<see cref="Run"/>) plain, cached or hooked. A kind may add fast
/// specialisations through <see cref="TryFastForward"/>; they run only for plain calls they declare
/// support for, and fall back to <see cref="Run"/> otherwise.
/// </summary>
public abstract class ModelBase : IModel
{
    /// <summary>Creates the store and the hook list that the subclass's components fill.</summary>
    protected ModelBase()
    {
    }

    /// <inheritdoc/>
    public abstract string Kind { get; }

    /// <inheritdoc/>
    public abstract IModelConfig ModelConfig { get; }

    /// <inheritdoc/>
    public ParameterStore Parameters { get; } = new();

    /// <summary>The hook points, filled while the components are built.</summary>
    protected HookPointList Hooks { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<HookPoint> HookPoints => Hooks.All;

    /// <summary>Parameter names in state-dict order.</summary>
    public IReadOnlyList<string> ParameterNames => Parameters.Names;

    /// <summary>The parameters that train (RequiresGrad), in state-dict order.</summary>
    public IReadOnlyList<Tensor> TrainableParameters => this.TrainableTensors();

    /// <summary>A parameter by its name, e.g. <c>blocks.0.attn.W_Q</c>.</summary>
    public Tensor this[string name] => Parameters[name];

    /// <summary>True when the model has a parameter of that name.</summary>
    public bool HasParameter(string name) => Parameters.Contains(name);

    /// <summary>Copies values into a parameter, checking the shape.</summary>
    public void SetParameter(string name, float[] values, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        var p = this[name];
        if (!p.Shape.SequenceEqual(shape))
        {
            throw new ArgumentException($"Parameter '{name}' has shape {p.ShapeString} but the given values have shape {Shape.Format(shape)}.");
        }
        values.AsSpan().CopyTo(p.Data);
    }

    /// <summary>Sum over all parameters of the sum of squared entries (a progress measure of grokking).</summary>
    public double SumOfSquaredWeights() => this.SquaredWeightSum();

    /// <inheritdoc/>
    public Tensor Forward(ModelInput input, ForwardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new ForwardOptions();
        CheckInput(input);
        if (options.OutputPositions is { } positions)
        {
            CheckOutputPositions(positions, input.Positions);
        }
        if (options.AllowSpecialisations && TryFastForward(input, options.OutputPositions) is { } fast)
        {
            return fast;
        }
        return Run(input, HookRunner.None, options.OutputPositions);
    }

    /// <inheritdoc/>
    public (Tensor Output, ActivationCache Cache) RunWithCache(ModelInput input, Func<string, bool>? namesFilter = null, bool retainGrads = false, int[]? outputPositions = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input);
        if (outputPositions is not null)
        {
            CheckOutputPositions(outputPositions, input.Positions);
        }
        var runner = new HookRunner(cacheFilter: namesFilter ?? (_ => true), retainGrads: retainGrads);
        var output = Run(input, runner, outputPositions);
        return (output, NewCache(runner));
    }

    /// <inheritdoc/>
    public Tensor RunWithHooks(ModelInput input, params (string HookName, HookFunction Hook)[] hooks)
    {
        ArgumentNullException.ThrowIfNull(input);
        var resolved = ResolveHooks(hooks);
        CheckInput(input);
        return Run(input, new HookRunner(resolved), outputPositions: null);
    }

    /// <inheritdoc/>
    public Tensor RunWithHooks(ModelInput input, IReadOnlyList<(Func<string, bool> Filter, HookFunction Hook)> hooks) =>
        RunWithHooks(input, this.HooksWhere([.. hooks]));

    /// <inheritdoc/>
    public (Tensor Output, ActivationCache Cache) RunWithHooksAndCache(ModelInput input, IReadOnlyList<(string HookName, HookFunction Hook)> hooks, Func<string, bool>? namesFilter = null, bool retainGrads = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var resolved = ResolveHooks(hooks);
        CheckInput(input);
        var runner = new HookRunner(resolved, namesFilter ?? (_ => true), retainGrads);
        var output = Run(input, runner, outputPositions: null);
        return (output, NewCache(runner));
    }

    /// <summary>
    /// The full hook name that <paramref name="name"/> (full or any shorthand) stands for in this
    /// model, as every API resolves it; an <see cref="UnknownHookException"/> listing the nearest names otherwise.
    /// </summary>
    public string ResolveHookName(string name, int? layer = null, string? layerType = null) =>
        HookNames.ResolveIn(Hooks.Names, CacheLayers, name, layer, layerType);

    private (string HookName, HookFunction Hook)[] ResolveHooks(IReadOnlyList<(string HookName, HookFunction Hook)> hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        var resolved = new (string, HookFunction)[hooks.Count];
        for (int i = 0; i < hooks.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(hooks[i].Hook);
            resolved[i] = (ResolveHookName(hooks[i].HookName), hooks[i].Hook);
        }
        return resolved;
    }

    private ActivationCache NewCache(HookRunner runner) => new(runner.Cache, CacheLayers, Hooks.Names);

    /// <summary>Number of layers that TransformerLens shorthand in the cache (<c>cache["pattern", 0]</c>) may name.</summary>
    protected virtual int CacheLayers => 0;

    /// <summary>
    /// The general forward pass: every component, every hook point passed through
    /// <paramref name="hooks"/>. With <paramref name="outputPositions"/>, outputs only there.
    /// </summary>
    protected abstract Tensor Run(ModelInput input, HookRunner hooks, int[]? outputPositions);

    /// <summary>
    /// A fast specialisation's result for a plain call, or null when none supports this input (the
    /// general path then runs). Specialisations must agree with <see cref="Run"/> to rounding; a test
    /// per specialisation checks it.
    /// </summary>
    protected virtual Tensor? TryFastForward(ModelInput input, int[]? outputPositions) => null;

    /// <summary>Throws an <see cref="ArgumentException"/> when the input does not fit the model.</summary>
    protected abstract void CheckInput(ModelInput input);

    /// <summary>
    /// Output positions must be distinct positions of the sequence; a kind with fewer outputs narrows
    /// this further. Checked before any path (general or specialised) runs, so every path honours the
    /// same positions and refuses the same ones.
    /// </summary>
    protected virtual void CheckOutputPositions(int[] positions, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Length == 0 || positions.Any(p => p < 0 || p >= sequenceLength) || positions.Distinct().Count() != positions.Length)
        {
            throw new ArgumentException($"Output positions [{string.Join(", ", positions)}] must be distinct positions in 0..{sequenceLength - 1}.");
        }
    }
}
