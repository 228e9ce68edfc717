using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Zero, mean and resample ablation of any hook point, whole or restricted to a head, a neuron or a
/// position. <see cref="Hook"/> gives the hook itself, so that ablations compose with each other and
/// with any other hook in <see cref="IModel.RunWithHooks(AlgoLens.Data.ModelInput, ValueTuple{string, HookFunction}[])"/>.
/// </summary>
public static class Ablation
{
    /// <summary>Logits [batch, pos, d_vocab_out] of <paramref name="tokens"/> with every ablation applied (in one run, without grad).</summary>
    public static Tensor Run(HookedTransformer model, TokenBatch tokens, params AblationSpec[] specs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(specs);
        using var noGrad = Tensor.NoGrad();
        var hooks = specs.Select(s => Hook(model, s)).ToArray();
        return model.RunWithHooks(tokens, hooks);
    }

    /// <summary>
    /// The ablation as a (hook name, hook) pair for <see cref="IModel.RunWithHooks(AlgoLens.Data.ModelInput, ValueTuple{string, HookFunction}[])"/>.
    /// A reference batch (mean) or source batch (resample) is run here, once, without hooks; the
    /// activations it gives are those of the unablated model.
    /// </summary>
    public static (string HookName, HookFunction Hook) Hook(HookedTransformer model, AblationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        string name = model.ResolveHookName(spec.HookName);
        var selection = spec.Selection ?? HookSelection.All;
        return spec.Kind switch
        {
            AblationKind.Zero => (name, (activation, hook) => ActivationEdit.Replace(activation, null, selection.Mask(hook, activation.Shape))),
            AblationKind.Mean => (name, MeanHook(model, name, spec.Reference, selection)),
            AblationKind.Resample => (name, ResampleHook(model, name, spec, selection)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), $"Unknown ablation kind {spec.Kind}."),
        };
    }

    private static HookFunction MeanHook(HookedTransformer model, string name, TokenBatch? reference, HookSelection selection)
    {
        var referenceActivation = reference is null ? null : CleanActivation(model, reference, name);
        return (activation, hook) =>
        {
            var basis = referenceActivation ?? activation;
            if (!basis.Shape.Skip(1).SequenceEqual(activation.Shape.Skip(1)))
            {
                throw new ArgumentException($"The reference batch gives '{hook}' shape {basis.ShapeString} but the run has {activation.ShapeString}; the reference needs the run's number of positions.");
            }
            var mean = ActivationEdit.BatchMean(basis, activation.Shape[0]);
            return ActivationEdit.Replace(activation, mean, selection.Mask(hook, activation.Shape));
        };
    }

    private static HookFunction ResampleHook(HookedTransformer model, string name, AblationSpec spec, HookSelection selection)
    {
        var sourceActivation = spec.Source is null ? null : CleanActivation(model, spec.Source, name);
        return (activation, hook) =>
        {
            // A fresh generator per call, so the same spec resamples the same way every run.
            var source = sourceActivation ?? ActivationEdit.Reorder(activation, new Rng(spec.Seed).Permutation(activation.Shape[0]));
            return ActivationEdit.Replace(activation, source, selection.Mask(hook, activation.Shape));
        };
    }

    /// <summary>The activation at one hook for a batch, from an unhooked run, copied out of the run's memory.</summary>
    internal static Tensor CleanActivation(HookedTransformer model, TokenBatch tokens, string hookName)
    {
        using var noGrad = Tensor.NoGrad();
        var (_, cache) = model.RunWithCache(tokens, n => n == hookName);
        return cache[hookName].Clone();
    }
}
