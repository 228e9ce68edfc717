namespace AlgoLens.Analysis.Probes;

/// <summary>What <see cref="RunProbe"/> probes: a hook (or the same hook at every layer) for a task feature.</summary>
/// <param name="Hook">The hook, full name or shorthand ("blocks.1.hook_resid_post", "post1"); with <see cref="AllLayers"/>, a per-layer hook at any layer or its shorthand without a layer ("resid_post").</param>
/// <param name="Feature">The task's feature, as <c>tasks show</c> lists it ("state", "a+b", "cos_a:14").</param>
public sealed record ProbeRequest(string Hook, string Feature)
{
    /// <summary>The number of examples drawn by default.</summary>
    public const int DefaultExamples = 1000;

    /// <summary>The positions read (negative counts from the end of the task's sequence); null: every position for a per-position feature, the last for a per-example one.</summary>
    public IReadOnlyList<int>? Positions { get; init; }

    /// <summary>The checkpoint's step; null for the newest.</summary>
    public int? Step { get; init; }

    /// <summary>Examples drawn from the task (an enumerated task gives a seeded subset, or all of them when it has no more).</summary>
    public int Examples { get; init; } = DefaultExamples;

    /// <summary>Seed of the examples drawn and of the probe's split and control task.</summary>
    public ulong Seed { get; init; }

    /// <summary>Probe the hook's kind at every layer (resid_post at 0, 1, ...).</summary>
    public bool AllLayers { get; init; }
}
