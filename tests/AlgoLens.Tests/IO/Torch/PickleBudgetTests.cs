using AlgoLens.IO.Torch;

namespace AlgoLens.Tests.IO.Torch;

/// <summary>
/// The unpickler's memory per input byte: measured with GC.GetAllocatedBytesForCurrentThread around
/// a parse and asserted against the budget, for the probes' pickles (millions of empty dicts or
/// lists) and for the densest real state dict pickle.
/// </summary>
public class PickleBudgetTests
{
    private static readonly TorchStorageRef AnyStorage = new("0", TorchDtype.Float32, 1L << 40, "cpu");

    private static byte[] Repeat(byte[] unit, int times)
    {
        var pickle = new byte[3 + unit.Length * times];
        pickle[0] = 0x80;
        pickle[1] = 2;
        for (int i = 0; i < times; i++)
        {
            unit.CopyTo(pickle, 2 + i * unit.Length);
        }
        pickle[^1] = (byte)'.';
        return pickle;
    }

    // The per-byte rate alone (no allowance for small pickles), so inputs of a few hundred
    // kilobytes exercise it and the suite stays fast.
    private static PickleBudget RateOnly(int length) => new(length, baseBytes: 0);

    // What one parse allocated on this thread, and how it ended.
    private static (long Allocated, Exception? Error) Parse(byte[] pickle, PickleBudget? budget = null)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = null;
        try
        {
            new RestrictedUnpickler(pickle, "probe.pkl", _ => AnyStorage, budget).Load();
        }
        catch (TorchFormatException e)
        {
            error = e;
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before, error);
    }

    // A parse may overshoot its budget by one opcode; the largest single allocation is a stack or
    // memo list doubling, at most 16 bytes per value it holds (one value per input byte at most).
    private static long Bound(int length) => RateOnly(length).ByteLimit + 16L * length;

    [Theory]
    [InlineData(new byte[] { (byte)'}', 0x94 }, 150_000, false, "of memory")] // empty dict + MEMOIZE, as the probe's 20 MB
    [InlineData(new byte[] { (byte)']' }, 300_000, true, "values")] // empty lists: more values than one per two bytes
    [InlineData(new byte[] { (byte)'N', 0x85 }, 150_000, false, "of memory")] // a new 1-tuple per two bytes
    public void A_pickle_that_builds_far_more_than_its_size_is_refused_naming_the_limit(byte[] unit, int times, bool withAllowance, string limit)
    {
        byte[] pickle = Repeat(unit, times);
        var (allocated, error) = Parse(pickle, withAllowance ? new PickleBudget(pickle.Length) : RateOnly(pickle.Length));
        Assert.NotNull(error);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.Contains(limit, error.Message, StringComparison.Ordinal);
        long bound = (withAllowance ? new PickleBudget(pickle.Length) : RateOnly(pickle.Length)).ByteLimit + 16L * pickle.Length;
        Assert.True(allocated <= bound, $"{allocated:N0} bytes allocated for {pickle.Length:N0} pickle bytes (bound {bound:N0})");
    }

    [Theory]
    [InlineData(new byte[] { (byte)'N' }, 300_000)] // None: a stack slot per byte
    [InlineData(new byte[] { (byte)'K', 7 }, 150_000)] // small ints, boxed once
    [InlineData(new byte[] { (byte)'h', 0 }, 150_000)] // memo recalls (after one memoized value)
    [InlineData(new byte[] { (byte)'(', (byte)')', 0x94, (byte)'l' }, 75_000)] // MARK, (), MEMOIZE, LIST
    [InlineData(new byte[] { (byte)'X', 3, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c' }, 40_000)] // short strings
    [InlineData(new byte[] { (byte)'(', (byte)'h', 0, (byte)'h', 0, (byte)'t' }, 50_000)] // MARK, two recalls, TUPLE
    public void Every_probe_pickle_stays_within_its_memory_bound(byte[] unit, int times)
    {
        byte[] pickle = unit.Contains((byte)'h') ? [0x80, 2, (byte)')', 0x94, .. Repeat(unit, times)[2..]] : Repeat(unit, times);
        var (allocated, _) = Parse(pickle, RateOnly(pickle.Length));
        Assert.True(allocated <= Bound(pickle.Length), $"{allocated:N0} bytes allocated for {pickle.Length:N0} pickle bytes (bound {Bound(pickle.Length):N0})");
    }

    [Fact]
    public void A_large_real_state_dict_pickle_reads_within_the_per_byte_rate_alone()
    {
        // 2,400 tensors at protocol 4, pickled as torch does (tools/make_pt_fixtures.py). With no
        // allowance, the per-byte rate alone must carry it, with room to spare.
        byte[] pickle = File.ReadAllBytes(PtFixtures.Path("many_tensors_proto4.pkl"));
        var budget = new PickleBudget(pickle.Length, baseBytes: 0);
        var (allocated, error) = Parse(pickle, budget);
        Assert.Null(error);
        Assert.True(allocated * 3 / 2 < budget.ByteLimit, $"{allocated:N0} bytes allocated for {pickle.Length:N0} pickle bytes: {allocated / (double)pickle.Length:F1} per byte, against {PickleBudget.AllocatedBytesPerPickleByte}");
    }

    [Fact]
    public void The_memory_refusal_names_the_limit_and_where_it_was_reached()
    {
        var budget = new PickleBudget(1000, baseBytes: 0);
        var (_, error) = Parse(Repeat([(byte)'}', 0x94], 100_000), budget);
        Assert.NotNull(error);
        Assert.Contains("past its limit of 23.4 KiB (24 bytes per byte of data.pkl plus 0 KiB, at most 1024 MiB)", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("probe.pkl: ", error.Message, StringComparison.Ordinal);
    }
}
