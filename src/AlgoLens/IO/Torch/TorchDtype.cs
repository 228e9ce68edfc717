namespace AlgoLens.IO.Torch;

/// <summary>The element types of torch storages the importer reads.</summary>
public enum TorchDtype
{
    /// <summary>torch.float32 (FloatStorage).</summary>
    Float32,

    /// <summary>torch.float64 (DoubleStorage).</summary>
    Float64,

    /// <summary>torch.float16 (HalfStorage).</summary>
    Float16,

    /// <summary>torch.bfloat16 (BFloat16Storage).</summary>
    BFloat16,

    /// <summary>torch.int64 (LongStorage).</summary>
    Int64,

    /// <summary>torch.int32 (IntStorage).</summary>
    Int32,

    /// <summary>torch.int16 (ShortStorage).</summary>
    Int16,

    /// <summary>torch.int8 (CharStorage).</summary>
    Int8,

    /// <summary>torch.uint8 (ByteStorage).</summary>
    UInt8,

    /// <summary>torch.bool (BoolStorage).</summary>
    Bool,
}

/// <summary>Sizes, names and storage classes of <see cref="TorchDtype"/>.</summary>
public static class TorchDtypes
{
    private static readonly (string Storage, TorchDtype Dtype)[] StorageClasses =
    [
        ("FloatStorage", TorchDtype.Float32),
        ("DoubleStorage", TorchDtype.Float64),
        ("HalfStorage", TorchDtype.Float16),
        ("BFloat16Storage", TorchDtype.BFloat16),
        ("LongStorage", TorchDtype.Int64),
        ("IntStorage", TorchDtype.Int32),
        ("ShortStorage", TorchDtype.Int16),
        ("CharStorage", TorchDtype.Int8),
        ("ByteStorage", TorchDtype.UInt8),
        ("BoolStorage", TorchDtype.Bool),
    ];

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this TorchDtype dtype) => dtype switch
    {
        TorchDtype.Float64 or TorchDtype.Int64 => 8,
        TorchDtype.Float32 or TorchDtype.Int32 => 4,
        TorchDtype.Float16 or TorchDtype.BFloat16 or TorchDtype.Int16 => 2,
        _ => 1,
    };

    /// <summary>True for the floating-point types, the ones that can become float32 weights.</summary>
    public static bool IsFloatingPoint(this TorchDtype dtype) =>
        dtype is TorchDtype.Float32 or TorchDtype.Float64 or TorchDtype.Float16 or TorchDtype.BFloat16;

    /// <summary>PyTorch's name, e.g. "float32".</summary>
    public static string TorchName(this TorchDtype dtype) => dtype.ToString().ToLowerInvariant();

    /// <summary>The dtype of a storage class of module torch (e.g. "FloatStorage"), or null.</summary>
    public static TorchDtype? FromStorageClass(string name)
    {
        foreach (var (storage, dtype) in StorageClasses)
        {
            if (storage == name)
            {
                return dtype;
            }
        }
        return null;
    }

    /// <summary>The dtype of a torch dtype global (e.g. "float32", "half"), or null.</summary>
    public static TorchDtype? FromDtypeName(string name) => name switch
    {
        "float32" or "float" => TorchDtype.Float32,
        "float64" or "double" => TorchDtype.Float64,
        "float16" or "half" => TorchDtype.Float16,
        "bfloat16" => TorchDtype.BFloat16,
        "int64" or "long" => TorchDtype.Int64,
        "int32" or "int" => TorchDtype.Int32,
        "int16" or "short" => TorchDtype.Int16,
        "int8" => TorchDtype.Int8,
        "uint8" => TorchDtype.UInt8,
        "bool" => TorchDtype.Bool,
        _ => null,
    };
}
