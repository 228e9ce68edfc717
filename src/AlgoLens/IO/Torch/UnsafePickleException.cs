namespace AlgoLens.IO.Torch;

/// <summary>
/// A checkpoint whose pickle asks for a Python global outside the allow-list (for example
/// <c>posix.system</c> or <c>builtins.eval</c>): refused before anything it names is used, so no
/// pickled code runs. <see cref="Global"/> is the <c>module.name</c> it asked for.
/// </summary>
public sealed class UnsafePickleException : TorchFormatException
{
    /// <summary>Creates the exception for <paramref name="global"/> (<c>module.name</c>).</summary>
    public UnsafePickleException(string global, string message)
        : base(message)
    {
        Global = global;
    }

    /// <summary>Creates the exception.</summary>
    public UnsafePickleException()
    {
        Global = "";
    }

    /// <summary>Creates the exception.</summary>
    public UnsafePickleException(string message)
        : base(message)
    {
        Global = "";
    }

    /// <summary>Creates the exception with its cause.</summary>
    public UnsafePickleException(string message, Exception inner)
        : base(message, inner)
    {
        Global = "";
    }

    /// <summary>The refused global as <c>module.name</c> (empty when the refusal is not about a global).</summary>
    public string Global { get; }
}
