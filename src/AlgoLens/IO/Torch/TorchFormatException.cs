namespace AlgoLens.IO.Torch;

/// <summary>
/// A PyTorch checkpoint that cannot be read: not a zip, truncated, damaged, or using a feature the
/// importer does not read. The message names the file and the fault.
/// </summary>
public class TorchFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public TorchFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public TorchFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TorchFormatException()
    {
    }
}
