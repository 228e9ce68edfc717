namespace AlgoLens.Training.Memory;

/// <summary>A run whose memory estimate exceeds the memory available; the message gives both and the fix.</summary>
public sealed class MemoryLimitException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public MemoryLimitException(string message, MemoryEstimate estimate, long availableBytes)
        : base(message)
    {
        Estimate = estimate;
        AvailableBytes = availableBytes;
    }

    /// <summary>Creates the exception.</summary>
    public MemoryLimitException()
    {
        Estimate = new MemoryEstimate(0, 0, 0, 0, 0);
    }

    /// <summary>Creates the exception.</summary>
    public MemoryLimitException(string message)
        : base(message)
    {
        Estimate = new MemoryEstimate(0, 0, 0, 0, 0);
    }

    /// <summary>Creates the exception.</summary>
    public MemoryLimitException(string message, Exception inner)
        : base(message, inner)
    {
        Estimate = new MemoryEstimate(0, 0, 0, 0, 0);
    }

    /// <summary>What the run was estimated to need.</summary>
    public MemoryEstimate Estimate { get; }

    /// <summary>What the machine had available.</summary>
    public long AvailableBytes { get; }
}
