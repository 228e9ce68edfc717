namespace AlgoLens.IO.Torch;

/// <summary>
/// A checkpoint's state dict as its pickle describes it: each tensor a view (storage, offset, size,
/// stride), checked to lie inside its storage, with no tensor data read yet. Storages are read
/// when a tensor is asked for, each once, so what is left out of an import costs nothing, and an
/// expanded (stride-0) view is never copied out unless it is wanted.
/// </summary>
internal sealed class TorchStateDictViews : IDisposable
{
    private readonly StoredZipArchive zip;
    private readonly string archive;
    private readonly Dictionary<string, byte[]> storageBytes = new(StringComparer.Ordinal);

    internal TorchStateDictViews(StoredZipArchive zip, string archive, string? key, IReadOnlyList<(string Name, TorchTensorRef View)> tensors, IReadOnlyList<string> nonTensors)
    {
        this.zip = zip;
        this.archive = archive;
        Key = key;
        Tensors = tensors;
        NonTensors = nonTensors;
    }

    /// <summary>The file, for messages.</summary>
    public string Source => zip.Source;

    /// <summary>The top-level key the state dict sits under, or null.</summary>
    public string? Key { get; }

    /// <summary>The tensors in the file's order.</summary>
    public IReadOnlyList<(string Name, TorchTensorRef View)> Tensors { get; }

    /// <summary>Entries that are not tensors, as "name (kind)".</summary>
    public IReadOnlyList<string> NonTensors { get; }

    /// <summary>
    /// The values the file really holds for its tensors: each view's elements, but no more than its
    /// storage declares (an expanded view repeats values, it does not hold them), and each storage
    /// counted at most twice in all (a weight and its tied transpose share one). A config needing
    /// far more parameters than this cannot match the file.
    /// </summary>
    public long HeldValues()
    {
        var byStorage = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, view) in Tensors)
        {
            long elements = Math.Min(ElementCount(view), view.Storage.Numel);
            byStorage[view.Storage.Key] = Math.Min(2 * view.Storage.Numel, byStorage.GetValueOrDefault(view.Storage.Key) + elements);
        }
        return byStorage.Values.Aggregate(0L, (sum, n) => sum > long.MaxValue - n ? long.MaxValue : sum + n);
    }

    /// <summary>A view's element count, saturating at <see cref="long.MaxValue"/> (checked to be real before it is copied).</summary>
    public static long ElementCount(TorchTensorRef view)
    {
        long count = 1;
        foreach (long d in view.Size)
        {
            if (d == 0)
            {
                return 0;
            }
            count = count > long.MaxValue / d ? long.MaxValue : count * d;
        }
        return count;
    }

    /// <summary>The declared bytes of <paramref name="storage"/> (its entry read and CRC-checked once, then kept).</summary>
    public ReadOnlyMemory<byte> Storage(TorchStorageRef storage)
    {
        if (!storageBytes.TryGetValue(storage.Key, out var bytes))
        {
            bytes = zip.Read(archive + "data/" + storage.Key, long.MaxValue);
            storageBytes[storage.Key] = bytes;
        }
        // Only the declared elements belong to the storage, even if its entry holds more.
        return bytes.AsMemory(0, (int)(storage.Numel * storage.Dtype.ElementSize()));
    }

    /// <inheritdoc/>
    public void Dispose() => zip.Dispose();
}
