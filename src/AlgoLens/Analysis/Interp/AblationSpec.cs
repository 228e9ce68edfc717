using AlgoLens.Data;
using AlgoLens.Models;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// One ablation: a hook point, what to put there (<see cref="Kind"/>) and which part of the
/// activation (<see cref="Selection"/>). Build with <see cref="Zero"/>, <see cref="Mean"/> or
/// <see cref="Resample"/>.
/// </summary>
/// <param name="HookName">A full hook name (<c>blocks.0.attn.hook_z</c>) or shorthand with the layer in it (<c>z0</c>), resolved as every hook name is (<see cref="HookNames.ResolveIn"/>).</param>
/// <param name="Kind">Zero, mean or resample.</param>
public sealed record AblationSpec(string HookName, AblationKind Kind)
{
    /// <summary>Which head, neuron and position; all of the activation by default.</summary>
    public HookSelection Selection { get; init; } = HookSelection.All;

    /// <summary>
    /// Mean ablation: the batch whose mean (per position) replaces the activation; null means the
    /// mean of the ablated run's own batch at that hook. It must have the run's number of positions.
    /// </summary>
    public TokenBatch? Reference { get; init; }

    /// <summary>
    /// Resample ablation: the batch whose activations replace the run's, example for example (so it
    /// must have the run's [batch, pos]); null means a permutation of the run's own batch drawn from
    /// <see cref="Seed"/>.
    /// </summary>
    public TokenBatch? Source { get; init; }

    /// <summary>Resample ablation without a <see cref="Source"/>: seed of the permutation (AlgoLens's PCG32, so the same on every machine).</summary>
    public ulong Seed { get; init; }

    /// <summary>Zero ablation of a hook, optionally of one head, neuron or position.</summary>
    public static AblationSpec Zero(string hookName, int? head = null, int? neuron = null, int? position = null) =>
        new(hookName, AblationKind.Zero) { Selection = new HookSelection(head, neuron, position) };

    /// <summary>Mean ablation (mean over <paramref name="reference"/>, or over the run's batch when null).</summary>
    public static AblationSpec Mean(string hookName, int? head = null, int? neuron = null, int? position = null, TokenBatch? reference = null) =>
        new(hookName, AblationKind.Mean) { Selection = new HookSelection(head, neuron, position), Reference = reference };

    /// <summary>Resample ablation from <paramref name="source"/>, or from a permutation of the run's batch seeded by <paramref name="seed"/>.</summary>
    public static AblationSpec Resample(string hookName, int? head = null, int? neuron = null, int? position = null, TokenBatch? source = null, ulong seed = 0) =>
        new(hookName, AblationKind.Resample) { Selection = new HookSelection(head, neuron, position), Source = source, Seed = seed };
}
