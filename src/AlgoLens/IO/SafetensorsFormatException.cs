namespace AlgoLens.IO;

/// <summary>A safetensors file that cannot be read: the message names the file and what is wrong with it.</summary>
public sealed class SafetensorsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SafetensorsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SafetensorsFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SafetensorsFormatException()
    {
    }
}
