using AlgoLens.Tensors.Kernels;

namespace AlgoLens.Tensors.Tests.Kernels;

/// <summary>
/// A <see cref="Parallelism.Cooperate"/> team whose calling thread waits for a helper to take part,
/// so a test knows a helper ran instead of hoping slow items gave one time to. Only for tests of
/// the "Parallelism" collection: a post skips a helper busy with another team.
/// </summary>
internal static class HelperProbe
{
    /// <summary>Runs a two-thread team: a helper runs <paramref name="onHelper"/> while the caller
    /// waits for it; fails if no helper ever takes part.</summary>
    public static void RunOnAHelper(Action onHelper)
    {
        // A helper handed a job that its team finished without it stays busy until it wakes to
        // find the team closed; posted to then, it would be skipped. Asleep, each is free.
        Bounded.Until(() => HelperThreads.AllAsleep, "the helpers to finish their last jobs and go to sleep");
        int caller = Environment.CurrentManagedThreadId;
        using var helped = new ManualResetEventSlim();
        Parallelism.Cooperate(2, () =>
        {
            if (Environment.CurrentManagedThreadId == caller)
            {
                // The team stays open while the caller is inside, so a helper that wakes joins it.
                Bounded.Wait(helped, "a helper to join the team");
            }
            else
            {
                onHelper();
                helped.Set();
            }
        });
    }
}
