using System.Text;

namespace AlgoLens.IO.Torch;

/// <summary>
/// Reads the state dict of a PyTorch checkpoint written by <c>torch.save</c> (torch 1.6 and later:
/// a zip holding <c>ARCHIVE/data.pkl</c> and one <c>ARCHIVE/data/KEY</c> entry per storage) without
/// running any of its pickled code: the pickle goes through <see cref="RestrictedUnpickler"/>, whose
/// allow-list admits only what a state dict is made of, and every storage and view is bounds-checked
/// against the bytes actually present.
/// </summary>
public static class TorchCheckpoint
{
    /// <summary>Largest data.pkl accepted; a state dict's pickle is about 200 bytes per tensor.</summary>
    public const long MaxPickleBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The state dict in <paramref name="path"/>: the top-level dict when its values are tensors,
    /// else the one entry whose value is a dict of tensors (as in <c>{'model': state_dict, 'step':
    /// 100}</c>), or the entry named <paramref name="key"/>.
    /// </summary>
    /// <exception cref="UnsafePickleException">The pickle names a global outside the allow-list.</exception>
    /// <exception cref="TorchFormatException">The file is not a readable checkpoint.</exception>
    public static TorchStateDict ReadStateDict(string path, string? key = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No PyTorch checkpoint at '{path}'.", path);
        }
        using var zip = StoredZipArchive.Open(path);
        string archive = FindArchive(zip);
        CheckByteOrder(zip, archive);
        var storages = new Dictionary<string, TorchStorageRef>(StringComparer.Ordinal);
        byte[] pickle = zip.Read(archive + "data.pkl", MaxPickleBytes);
        var root = new RestrictedUnpickler(pickle, path, id => LoadStorage(zip, archive, id, storages)).Load();
        var (dict, foundKey) = TorchStateDictLocator.Find(root, key, path);
        return Materialise(zip, archive, dict, foundKey, path);
    }

    // torch names the archive's one top-level folder after the file (or "archive"); data.pkl sits
    // in it. TorchScript archives (torch.jit.save) have data.pkl too, beside code/ and constants.pkl.
    private static string FindArchive(StoredZipArchive zip)
    {
        var roots = zip.Names.Where(n => n.EndsWith("/data.pkl", StringComparison.Ordinal) && n.IndexOf('/', StringComparison.Ordinal) == n.Length - "/data.pkl".Length).ToList();
        if (roots.Count != 1)
        {
            throw new TorchFormatException(roots.Count == 0
                ? $"{zip.Source}: it is a zip but has no ARCHIVE/data.pkl, so it is not a torch.save checkpoint."
                : $"{zip.Source}: it has {roots.Count} data.pkl entries ({string.Join(", ", roots)}); a torch.save checkpoint has one.");
        }
        string archive = roots[0][..^"data.pkl".Length];
        if (zip.Contains(archive + "constants.pkl") || zip.Names.Any(n => n.StartsWith(archive + "code/", StringComparison.Ordinal)))
        {
            throw new TorchFormatException($"{zip.Source}: it is a TorchScript archive (torch.jit.save), not a torch.save checkpoint. In Python, save its weights with torch.save(model.state_dict(), 'weights.pt').");
        }
        return archive;
    }

    private static void CheckByteOrder(StoredZipArchive zip, string archive)
    {
        // Written since torch 2.1; older files are little-endian (torch ran on little-endian hosts).
        if (!zip.Contains(archive + "byteorder"))
        {
            return;
        }
        string order = Encoding.ASCII.GetString(zip.Read(archive + "byteorder", 16)).Trim();
        if (order != "little")
        {
            throw new TorchFormatException($"{zip.Source}: its storages are '{order}'-endian; only little-endian checkpoints are read. Re-save it on a little-endian machine.");
        }
    }

    // The persistent id ('storage', torch.FloatStorage, key, location, numel) of a storage, checked
    // against its entry: a declared size larger than the entry's bytes is refused here, before any
    // tensor is built on it.
    private static TorchStorageRef LoadStorage(StoredZipArchive zip, string archive, object? id, Dictionary<string, TorchStorageRef> seen)
    {
        string source = zip.Source;
        if (id is not PickleTuple { Count: 5 } tuple || tuple[0] is not "storage")
        {
            throw new TorchFormatException($"{source}: the pickle has a persistent id of {PickleDescribe.Kind(id)}, not ('storage', type, key, location, numel) (not a torch.save checkpoint, or damaged).");
        }
        var dtype = TorchAllowList.StorageDtype(tuple[1])
            ?? throw new TorchFormatException($"{source}: a storage's type is {PickleDescribe.Kind(tuple[1])}, not one of torch's storage classes (FloatStorage, DoubleStorage, HalfStorage, BFloat16Storage, LongStorage, ...).");
        if (tuple[2] is not string key || tuple[3] is not string location || tuple[4] is not long numel || numel < 0)
        {
            throw new TorchFormatException($"{source}: a storage id has a malformed key, location or size (damaged).");
        }
        string entry = archive + "data/" + key;
        if (!zip.Contains(entry))
        {
            throw new TorchFormatException($"{source}: the pickle refers to storage '{key}' but the archive has no entry {entry} (truncated or damaged).");
        }
        long needed = numel > long.MaxValue / dtype.ElementSize() ? long.MaxValue : numel * dtype.ElementSize();
        if (needed > zip.SizeOf(entry))
        {
            throw new TorchFormatException($"{source}: storage '{key}' declares {numel} elements of {dtype.TorchName()} ({needed} bytes) but its entry {entry} holds {zip.SizeOf(entry)} bytes (damaged or crafted).");
        }
        var storage = new TorchStorageRef(key, dtype, numel, location);
        if (seen.TryGetValue(key, out var earlier) && (earlier.Dtype != dtype || earlier.Numel != numel))
        {
            throw new TorchFormatException($"{source}: storage '{key}' is declared twice with different types or sizes (damaged).");
        }
        seen[key] = storage;
        return storage;
    }

    private static TorchStateDict Materialise(StoredZipArchive zip, string archive, PickleDict dict, string? foundKey, string source)
    {
        var bytesByKey = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var tensors = new List<TorchTensor>();
        var others = new List<string>();
        foreach (var (key, value) in dict.Items)
        {
            string name = key as string ?? throw new TorchFormatException($"{source}: the state dict has a key of {PickleDescribe.Kind(key)}; state dict keys are strings.");
            if (value is not TorchTensorRef view)
            {
                others.Add($"{name} ({PickleDescribe.Kind(value)})");
                continue;
            }
            if (!bytesByKey.TryGetValue(view.Storage.Key, out var bytes))
            {
                bytes = zip.Read(archive + "data/" + view.Storage.Key, long.MaxValue);
                bytesByKey[view.Storage.Key] = bytes;
            }
            // Only the declared elements belong to the storage, even if its entry holds more.
            var storage = bytes.AsSpan(0, (int)(view.Storage.Numel * view.Storage.Dtype.ElementSize()));
            var data = StridedGather.Gather(storage, view, $"{source}: tensor '{name}'");
            tensors.Add(new TorchTensor(name, view.Storage.Dtype, view.Size.Select(d => (int)d).ToArray(), data));
        }
        return new TorchStateDict(source, foundKey, tensors, others);
    }
}
