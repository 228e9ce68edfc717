using AlgoLens.Analysis.Fourier;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// Which runs the grokking (Fourier) measures apply to, and why the others are left out.
/// </summary>
/// <remarks>
/// The measures implement Nanda et al.'s mechanism for c = (a + s·b) mod p (a
/// <see cref="CyclicOperation"/>): the restricted and excluded losses project the logits on
/// cos/sin(w_k(a + s·b)), the logit fit is Σ α_k cos(w_k(a + s·b − c)), and the labels of the grid
/// are (a + s·b) mod p. <c>add</c> (s = +1) and <c>sub</c> (s = −1) are covered: both are Z_p read
/// through the token values, whose characters the Fourier basis over the tokens is. For <c>mul</c>
/// and <c>div</c> the group is the multiplicative group (order p − 1): the Fourier basis over the
/// token values is not its character basis (that needs discrete logarithms). The other operations
/// are not group operations on Z_p, and no mechanism is known.
/// </remarks>
public static class GrokkingApplicability
{
    /// <summary>Null when the grokking measures apply to <paramref name="run"/>; otherwise why not.</summary>
    public static string? WhyNot(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Task is not ModularArithmeticTask task)
        {
            return $"defined for modular addition and subtraction; task '{run.Task.Name}' is not modular arithmetic";
        }
        string? operation = CyclicOperation.FromName(task.Operation.Name) is not null ? null : task.Operation.Name switch
        {
            "mul" or "div" => $"defined for (a ± b) mod p; '{task.Operation.Name}' acts on the multiplicative group, whose Fourier basis is over discrete logarithms, not token values",
            _ => $"defined for (a ± b) mod p; '{task.Operation.Name}' ({task.Operation.Formula}) is not a group operation on Z_p with a known Fourier mechanism",
        };
        if (operation is not null)
        {
            return operation;
        }
        if (run.Info.ModelConfig is not HookedTransformerConfig config)
        {
            return $"defined for transformers with an MLP; the model kind is '{run.Info.ModelKind}'";
        }
        if (config.AttnOnly)
        {
            return "the model is attention-only; the neuron and W_out·W_U measures need an MLP";
        }
        int p = task.P;
        if (config.DVocab < p + 1 || config.OutputVocab != p || config.NCtx < ModularAdditionGrid.Positions)
        {
            return $"the model does not read 'a b =' mod {p} (needs d_vocab ≥ {p + 1}, d_vocab_out = {p}, n_ctx ≥ 3)";
        }
        if (p % 2 == 0)
        {
            return $"the Fourier basis here needs an odd modulus; p = {p}";
        }
        return null;
    }
}
