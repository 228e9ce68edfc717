using AlgoLens.Analysis.Interp;

namespace AlgoLens.Analysis.Patching;

/// <summary>
/// One thing to patch: a hook point and the part of its activation (<see cref="HookSelection"/>),
/// with the label reports show ("L0H1", "L0 mlp", "resid_pre L1 pos 3").
/// </summary>
/// <param name="Component">The label.</param>
/// <param name="HookName">The hook: a full name or any shorthand (resolved as every API resolves it).</param>
/// <param name="Selection">The part of the activation patched.</param>
/// <param name="Layer">The block, or null.</param>
/// <param name="Head">The head, or null.</param>
/// <param name="Position">The position, or null for every position.</param>
public sealed record PatchTarget(string Component, string HookName, HookSelection Selection, int? Layer = null, int? Head = null, int? Position = null)
{
    /// <summary>Head <paramref name="head"/> of layer <paramref name="layer"/>: its output z at every position.</summary>
    public static PatchTarget HeadOutput(int layer, int head) =>
        new($"L{layer}H{head}", $"blocks.{layer}.attn.hook_z", new HookSelection(Head: head), layer, head);

    /// <summary>The MLP of layer <paramref name="layer"/>: its output at every position.</summary>
    public static PatchTarget MlpOutput(int layer) =>
        new($"L{layer} mlp", $"blocks.{layer}.hook_mlp_out", HookSelection.All, layer);

    /// <summary>The residual stream entering layer <paramref name="layer"/> at one position.</summary>
    public static PatchTarget ResidPre(int layer, int position) =>
        new($"resid_pre L{layer} pos {position}", $"blocks.{layer}.hook_resid_pre", new HookSelection(Position: position), layer, null, position);
}
