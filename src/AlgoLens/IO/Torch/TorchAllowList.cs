namespace AlgoLens.IO.Torch;

/// <summary>
/// The Python globals a torch.save'd state dict may name, and AlgoLens's own code for each. A
/// pickle can name any importable Python object and call it; a plain <c>pickle.load</c> would import
/// and run it. Here nothing is imported or run: each allowed name maps to C# that builds an inert
/// value, and every other name is refused when the GLOBAL opcode reads it, naming it.
/// </summary>
/// <remarks>
/// Allowed, because torch.save of a state dict writes them:
/// <c>collections.OrderedDict</c> (the state dict and each tensor's empty backward hooks),
/// <c>torch._utils._rebuild_tensor_v2</c> (every tensor), <c>torch._utils._rebuild_parameter</c>
/// and <c>_rebuild_parameter_with_state</c> (an nn.Parameter saved as such), the storage classes
/// <c>torch.FloatStorage</c>, ... (inside persistent ids) and dtype names such as
/// <c>torch.float32</c> (as values only). Refused though harmless: <c>builtins.set</c>,
/// <c>builtins.dict</c> and the like; a state dict never needs them, and each extra name is a
/// branch of code that a crafted file could steer. Everything else (<c>posix.system</c>,
/// <c>builtins.eval</c>, <c>numpy.*</c>, a model class) is what a state dict does not contain.
/// </remarks>
internal static class TorchAllowList
{
    /// <summary>
    /// The inert value standing for <c>module.name</c>: a <see cref="PickleCallable"/> or a
    /// <see cref="PickleToken"/>; anything not on the list throws <see cref="UnsafePickleException"/>.
    /// </summary>
    public static object Resolve(string module, string name, string source)
    {
        string full = module + "." + name;
        switch (full)
        {
            case "collections.OrderedDict":
                return new PickleCallable(full, args => NewOrderedDict(args, source));
            case "torch._utils._rebuild_tensor_v2":
                return new PickleCallable(full, args => RebuildTensor(args, source));
            case "torch._utils._rebuild_parameter":
                return new PickleCallable(full, args => RebuildParameter(args, 3, source));
            case "torch._utils._rebuild_parameter_with_state":
                return new PickleCallable(full, args => RebuildParameter(args, 4, source));
        }
        if (module == "torch" && (TorchDtypes.FromStorageClass(name) is not null || TorchDtypes.FromDtypeName(name) is not null))
        {
            return new PickleToken(full);
        }
        throw new UnsafePickleException(full,
            $"{source}: its pickle asks for the Python global '{full}', which is not on the allow-list of what a torch state dict contains, so the file is refused and nothing in it was run. "
            + "If you trust the file, load it in Python and save only the weights: torch.save(model.state_dict(), 'weights.pt').");
    }

    /// <summary>The dtype of a storage-class token (<c>torch.FloatStorage</c>, ...), or null.</summary>
    public static TorchDtype? StorageDtype(object? token) =>
        token is PickleToken { FullName: var full } && full.StartsWith("torch.", StringComparison.Ordinal)
            ? TorchDtypes.FromStorageClass(full["torch.".Length..])
            : null;

    private static PickleDict NewOrderedDict(PickleTuple args, string source)
    {
        // torch pickles OrderedDict() and adds the items with SETITEMS; OrderedDict(iterable)
        // never appears in what it writes.
        if (args.Count != 0)
        {
            throw new TorchFormatException($"{source}: the pickle calls collections.OrderedDict with {args.Count} arguments; torch.save writes it with none.");
        }
        return new PickleDict();
    }

    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    private static TorchTensorRef RebuildTensor(PickleTuple args, string source)
    {
        string what = "torch._utils._rebuild_tensor_v2";
        if (args.Count is not (6 or 7))
        {
            throw Bad(source, what, $"has {args.Count} arguments, not 6 or 7");
        }
        var storage = args[0] as TorchStorageRef ?? throw Bad(source, what, $"gets {PickleDescribe.Kind(args[0])} where a storage belongs");
        long offset = args[1] is long o && o >= 0 ? o : throw Bad(source, what, $"gets a storage offset of {PickleDescribe.Value(args[1])}, not a non-negative int");
        long[] size = Longs(args[2], source, what, "size");
        long[] stride = Longs(args[3], source, what, "stride");
        if (size.Length != stride.Length)
        {
            throw Bad(source, what, $"gets a size of {size.Length} dimensions and a stride of {stride.Length}");
        }
        if (args[5] is PickleDict { Count: > 0 })
        {
            throw Bad(source, what, "gets backward hooks; a saved state dict has none");
        }
        return new TorchTensorRef(storage, offset, size, stride);
    }

    // _rebuild_parameter(data, requires_grad, backward_hooks[, state]): the parameter's data is the tensor.
    private static TorchTensorRef RebuildParameter(PickleTuple args, int count, string source)
    {
        string what = count == 3 ? "torch._utils._rebuild_parameter" : "torch._utils._rebuild_parameter_with_state";
        if (args.Count != count)
        {
            throw Bad(source, what, $"has {args.Count} arguments, not {count}");
        }
        return args[0] as TorchTensorRef ?? throw Bad(source, what, $"gets {PickleDescribe.Kind(args[0])} where a tensor belongs");
    }

    private static long[] Longs(object? value, string source, string what, string field)
    {
        if (value is not PickleTuple tuple)
        {
            throw Bad(source, what, $"gets a {field} of {PickleDescribe.Kind(value)}, not a tuple");
        }
        var result = new long[tuple.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = tuple[i] is long v && v >= 0 ? v : throw Bad(source, what, $"gets a {field} whose dimension {i} is {PickleDescribe.Value(tuple[i])}, not a non-negative int");
        }
        return result;
    }

    private static TorchFormatException Bad(string source, string what, string problem) =>
        new($"{source}: the pickle's call of {what} {problem} (the file is damaged or was not written by torch.save).");
}
