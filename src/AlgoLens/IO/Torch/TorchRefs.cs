namespace AlgoLens.IO.Torch;

/// <summary>
/// A storage named by a pickle's persistent id <c>('storage', torch.FloatStorage, key, location,
/// numel)</c>: its bytes are the archive entry <c>data/KEY</c>, checked to hold at least
/// <see cref="Numel"/> elements when the id is read.
/// </summary>
/// <param name="Key">The entry name under data/.</param>
/// <param name="Dtype">The element type its storage class declares.</param>
/// <param name="Numel">Elements it declares.</param>
/// <param name="Location">Where it lived when saved ("cpu", "cuda:0", ...); the bytes are the same.</param>
internal sealed record TorchStorageRef(string Key, TorchDtype Dtype, long Numel, string Location);

/// <summary>
/// A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view of a storage, starting
/// at <see cref="Offset"/> elements, with a size and a stride (in elements) per dimension. Views
/// (transposes, slices, expands) have strides that are not row-major.
/// </summary>
/// <param name="Storage">The storage it views.</param>
/// <param name="Offset">The storage offset, in elements.</param>
/// <param name="Size">The shape.</param>
/// <param name="Stride">Elements between neighbours along each dimension.</param>
internal sealed record TorchTensorRef(TorchStorageRef Storage, long Offset, long[] Size, long[] Stride);
