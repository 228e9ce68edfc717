namespace AlgoLens.IO.Torch;

/// <summary>A state dict read from a PyTorch checkpoint.</summary>
/// <param name="Source">The file it came from.</param>
/// <param name="Key">The top-level key it was found under (e.g. "model"), or null when the file is the state dict itself.</param>
/// <param name="Tensors">Its tensors in the file's order.</param>
/// <param name="NonTensors">Entries that are not tensors, as "name (kind)", left out.</param>
public sealed record TorchStateDict(string Source, string? Key, IReadOnlyList<TorchTensor> Tensors, IReadOnlyList<string> NonTensors);
