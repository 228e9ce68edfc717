using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>
/// A function run at a hook point: it sees the activation and the hook's full name, and may return
/// a replacement (same shape) that the rest of the forward pass uses, or null to leave it as is.
/// </summary>
public delegate Tensor? HookFunction(Tensor activation, string hookName);
