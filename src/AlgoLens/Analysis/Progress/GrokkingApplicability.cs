using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Progress;

/// <summary>
/// Which runs the grokking (Fourier) measures apply to, and why the others are left out.
/// </summary>
/// <remarks>
/// The measures implement Nanda et al.'s mechanism for (a + b) mod p: the restricted and excluded
/// losses project the logits on cos/sin(w_k(a+b)), the logit fit is Σ α_k cos(w_k(a+b−c)), and the
/// labels of the grid are (a + b) mod p. Only <c>add</c> is covered. For <c>sub</c> the same circuit
/// is expected with a − b in place of a + b (cos(w(a−b−c))), but every direction, label and the
/// restricted-loss shortcut (one representative per sum class) would have to change, and no test
/// pins that yet. For <c>mul</c> and <c>div</c> the group is the multiplicative group (order p − 1):
/// the Fourier basis over the token values is not its character basis (that needs discrete
/// logarithms). The other operations are not group operations on Z_p, and no mechanism is known.
/// </remarks>
public static class GrokkingApplicability
{
    /// <summary>Null when the grokking measures apply to <paramref name="run"/>; otherwise why not.</summary>
    public static string? WhyNot(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Task is not ModularArithmeticTask task)
        {
            return $"defined for modular addition; task '{run.Task.Name}' is not modular arithmetic";
        }
        string? operation = task.Operation.Name switch
        {
            "add" => null,
            "sub" => "defined for (a + b) mod p; (a − b) mod p would need the directions cos/sin(w(a−b)) and the fit cos(w(a−b−c)), not implemented yet",
            "mul" or "div" => $"defined for (a + b) mod p; '{task.Operation.Name}' acts on the multiplicative group, whose Fourier basis is over discrete logarithms, not token values",
            _ => $"defined for (a + b) mod p; '{task.Operation.Name}' ({task.Operation.Formula}) is not a group operation on Z_p with a known Fourier mechanism",
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
        if (config.DVocab < p + 1 || config.OutputVocab != p || config.NCtx < Fourier.ModularAdditionGrid.Positions)
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
