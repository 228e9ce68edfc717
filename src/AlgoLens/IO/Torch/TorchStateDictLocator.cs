namespace AlgoLens.IO.Torch;

/// <summary>
/// Finds the state dict in an unpickled checkpoint: the file itself (<c>torch.save(model.state_dict())</c>)
/// or one entry of a training checkpoint (<c>torch.save({'model': ..., 'optimizer': ..., 'step': n})</c>).
/// </summary>
internal static class TorchStateDictLocator
{
    // Messages list keys to help choose --key; a crafted file may have millions.
    private const int MaxKeysShown = 12;

    /// <summary>The dict of tensors and the key it sits under (null for the top level).</summary>
    public static (PickleDict Dict, string? Key) Find(object? root, string? key, string source)
    {
        if (root is not PickleDict top)
        {
            throw new TorchFormatException($"{source}: it holds {PickleDescribe.Kind(root)}, not a dict; save a state dict: torch.save(model.state_dict(), 'weights.pt').");
        }
        string keys = string.Join(", ", top.Items.Take(MaxKeysShown).Select(i => PickleDescribe.Value(i.Key))) + (top.Count > MaxKeysShown ? $", ... ({top.Count} in all)" : "");
        if (key is not null)
        {
            if (!top.TryGet(key, out var chosen))
            {
                throw new TorchFormatException($"{source}: it has no key '{key}'. Its keys: {keys}.");
            }
            return chosen is PickleDict dict && HoldsTensors(dict)
                ? (dict, key)
                : throw new TorchFormatException($"{source}: '{key}' holds {PickleDescribe.Kind(chosen)}, not a dict of tensors (a state dict). Its keys: {keys}.");
        }
        if (HoldsTensors(top))
        {
            return (top, null);
        }
        var candidates = top.Items.Where(i => i.Value is PickleDict d && HoldsTensors(d)).ToList();
        return candidates.Count switch
        {
            1 when candidates[0].Key is string found => ((PickleDict)candidates[0].Value!, found),
            0 => throw new TorchFormatException($"{source}: neither it nor any of its entries is a dict of tensors (a state dict). Its keys: {keys}."),
            _ => throw new TorchFormatException($"{source}: several entries hold tensors ({string.Join(", ", candidates.Take(MaxKeysShown).Select(c => PickleDescribe.Value(c.Key)))}); choose the state dict with --key."),
        };
    }

    private static bool HoldsTensors(PickleDict dict) => dict.Items.Any(i => i.Value is TorchTensorRef);
}
