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
    /// 100}</c>), or the entry named <paramref name="key"/>. The storages its tensors view are read
    /// (bounded by the file's size); each tensor is copied into row-major order only when its values
    /// are asked for, so an expanded view costs nothing until then.
    /// </summary>
    /// <exception cref="UnsafePickleException">The pickle names a global outside the allow-list.</exception>
    /// <exception cref="TorchFormatException">The file is not a readable checkpoint.</exception>
    public static TorchStateDict ReadStateDict(string path, string? key = null)
    {
        using var views = Open(path, key);
        var tensors = new List<TorchTensor>(views.Tensors.Count);
        foreach (var (name, view) in views.Tensors)
        {
            tensors.Add(new TorchTensor(name, view, views.Storage(view.Storage), $"{views.Source}: tensor '{name}'"));
        }
        return new TorchStateDict(views.Source, views.Key, tensors, views.NonTensors);
    }

    /// <summary>
    /// The state dict's tensors as views, each checked to lie inside its storage, with no tensor
    /// data read: the caller reads the storages it keeps (<see cref="TorchStateDictViews.Storage"/>).
    /// </summary>
    internal static TorchStateDictViews Open(string path, string? key)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"No PyTorch checkpoint at '{path}'.", path);
        }
        var zip = StoredZipArchive.Open(path);
        try
        {
            string archive = FindArchive(zip);
            CheckByteOrder(zip, archive);
            var storages = new Dictionary<string, TorchStorageRef>(StringComparer.Ordinal);
            byte[] pickle = zip.Read(archive + "data.pkl", MaxPickleBytes);
            var root = new RestrictedUnpickler(pickle, path, id => LoadStorage(zip, archive, id, storages)).Load();
            var (dict, foundKey) = TorchStateDictLocator.Find(root, key, path);
            var (tensors, others) = Views(dict, path);
            return new TorchStateDictViews(zip, archive, foundKey, tensors, others);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
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

    // Each tensor's view, checked against its storage's declared size (which LoadStorage checked
    // against the entry's bytes); nothing is read or copied here.
    private static (List<(string, TorchTensorRef)> Tensors, List<string> Others) Views(PickleDict dict, string source)
    {
        var tensors = new List<(string, TorchTensorRef)>();
        var others = new List<string>();
        foreach (var (key, value) in dict.Items)
        {
            string name = key as string ?? throw new TorchFormatException($"{source}: the state dict has a key {PickleDescribe.Value(key)}; state dict keys are strings.");
            if (value is not TorchTensorRef view)
            {
                others.Add($"{name} ({PickleDescribe.Kind(value)})");
                continue;
            }
            StridedGather.Validate(view.Storage.Numel * view.Storage.Dtype.ElementSize(), view, $"{source}: tensor '{name}'");
            tensors.Add((name, view));
        }
        return (tensors, others);
    }
}
