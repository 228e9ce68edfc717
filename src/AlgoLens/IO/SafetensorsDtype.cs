namespace AlgoLens.IO;

/// <summary>The element types AlgoLens reads from safetensors files.</summary>
public enum SafetensorsDtype
{
    /// <summary>IEEE float32.</summary>
    F32,

    /// <summary>IEEE float64.</summary>
    F64,

    /// <summary>IEEE float16.</summary>
    F16,

    /// <summary>bfloat16 (the top 16 bits of a float32).</summary>
    BF16,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Signed 32-bit integer.</summary>
    I32,
}

/// <summary>Byte sizes and names of <see cref="SafetensorsDtype"/>.</summary>
public static class SafetensorsDtypes
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.F32 or SafetensorsDtype.I32 => 4,
        SafetensorsDtype.F64 or SafetensorsDtype.I64 => 8,
        _ => 2,
    };

    /// <summary>Parses the header's dtype string; null when AlgoLens does not read that type.</summary>
    public static SafetensorsDtype? Parse(string name) => name switch
    {
        "F32" => SafetensorsDtype.F32,
        "F64" => SafetensorsDtype.F64,
        "F16" => SafetensorsDtype.F16,
        "BF16" => SafetensorsDtype.BF16,
        "I64" => SafetensorsDtype.I64,
        "I32" => SafetensorsDtype.I32,
        _ => null,
    };
}
