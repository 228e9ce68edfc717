using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Interp;

/// <summary>
/// A stack of residual-stream terms with TransformerLens's labels, as returned (with
/// <c>return_labels=True</c>) by <c>accumulated_resid</c>, <c>decompose_resid</c> and
/// <c>stack_head_results</c>: <see cref="Stack"/> is [components, batch, pos, d_model], or
/// [components, batch, d_model] when one position was selected.
/// </summary>
/// <param name="Stack">The terms, one per label, along the first axis.</param>
/// <param name="Labels">One label per term: "0_pre", "final_post", "embed", "0_attn_out", "L0H1", ...</param>
public sealed record ResidualStack(Tensor Stack, IReadOnlyList<string> Labels);
