namespace AlgoLens.Models;

/// <summary>A model configuration that cannot work; the message lists each problem and its fix.</summary>
public sealed class ModelConfigException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ModelConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ModelConfigException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
