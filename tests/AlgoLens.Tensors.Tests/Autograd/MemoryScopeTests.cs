namespace AlgoLens.Tensors.Tests.Autograd;

/// <summary><see cref="MemoryScope"/>: op outputs and rented scratch are recycled between scopes.</summary>
public class MemoryScopeTests
{
    [Fact]
    public void RentedStorageGoesBackToThePoolWhenTheScopeEnds()
    {
        float[] first;
        using (MemoryScope.Begin())
        {
            first = MemoryScope.Rent(64, 32).Data;
        }
        using (MemoryScope.Begin())
        {
            var again = MemoryScope.Rent(32, 64); // same element count, same pool
            Assert.Same(first, again.Data);
            Assert.Equal([32, 64], again.Shape);
            var second = MemoryScope.Rent(32, 64); // the first one is in use: a new array
            Assert.NotSame(first, second.Data);
        }
    }

    [Fact]
    public void OutsideAnyScopeRentIsAnOrdinaryArray()
    {
        var a = MemoryScope.Rent(64, 32);
        var b = MemoryScope.Rent(64, 32);
        Assert.NotSame(a.Data, b.Data);
        Assert.Equal(64 * 32, a.Size);
    }

    [Fact]
    public void OpOutputsInsideAScopeAreRecycled()
    {
        var x = Tensor.Full(2f, 64, 64);
        float[] output;
        using (MemoryScope.Begin())
        {
            output = (x * x).Data;
        }
        using (MemoryScope.Begin())
        {
            var y = x + x;
            Assert.Same(output, y.Data);
            Assert.All(y.Data, v => Assert.Equal(4f, v));
        }
    }

    [Fact]
    public void ScopesMustEndInReverseOrder()
    {
        var outer = MemoryScope.Begin();
        var inner = MemoryScope.Begin();
        var error = Assert.Throws<InvalidOperationException>(outer.Dispose);
        Assert.Contains("reverse order", error.Message);
        inner.Dispose();
        Assert.True(MemoryScope.IsOpen);
        outer.Dispose(); // the refused call did not count: this one still ends the outer scope
        Assert.False(MemoryScope.IsOpen);
    }
}
