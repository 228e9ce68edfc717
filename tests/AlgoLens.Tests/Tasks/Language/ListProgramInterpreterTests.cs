using AlgoLens.Tasks.Language;

namespace AlgoLens.Tests.Tasks.Language;

public sealed class ListProgramInterpreterTests
{
    private static ListProgramInterpreter.Run Execute(string program, int length = 3) =>
        ListProgramInterpreter.Execute(program.Split(' '), length);

    [Fact]
    public void The_seeds_example_counts_indices_from_zero()
    {
        var run = Execute("a = 1 2 3 . a [ 2 ] = 4 . a -> 1 2 4");
        Assert.Equal([1, 2, 4], run.Final);
        Assert.Equal([1, 2, 3], run.Declared);
        Assert.Equal(14, run.ArrowPosition);
    }

    [Theory]
    [InlineData("a = 1 2 3 . a [ 0 ] = 7 . a [ 0 ] = 8 . a ->", new[] { 8, 2, 3 })] // later statements win
    [InlineData("a = 1 2 3 . a [ 0 ] = a [ 2 ] . a [ 2 ] = 9 . a ->", new[] { 3, 2, 9 })] // a copy takes the value, not the cell
    [InlineData("a = 1 2 3 . a [ 0 ] , a [ 2 ] = a [ 2 ] , a [ 0 ] . a ->", new[] { 3, 2, 1 })] // right side read first
    [InlineData("a = 1 2 3 . b = 4 5 6 . a [ 1 ] = b [ 2 ] . b [ 0 ] , a [ 0 ] = a [ 0 ] , b [ 0 ] . b ->", new[] { 1, 5, 6 })]
    [InlineData("a = 1 2 3 . b = 4 5 6 . a [ 1 ] = b [ 2 ] . b [ 0 ] , a [ 0 ] = a [ 0 ] , b [ 0 ] . a ->", new[] { 4, 6, 3 })]
    [InlineData("a = 5 5 5 . a ->", new[] { 5, 5, 5 })]
    public void Statements_run_in_order_with_pythons_semantics(string program, int[] expected) =>
        Assert.Equal(expected, Execute(program).Final);

    [Theory]
    [InlineData("a = 1 2 3 . a [ 3 ] = 4 . a ->", "out of range")]
    [InlineData("a = 1 2 3 . b [ 0 ] = 4 . a ->", "before declaring")]
    [InlineData("a = 1 2 3 . b ->", "never declares")]
    [InlineData("a = 1 2 . a ->", "declares 2 numbers")]
    [InlineData("a = 1 2 3 . a [ 0 ] , a [ 1 ] = 4 . a ->", "assigns 1 values to 2")]
    [InlineData("a = 1 2 3 . a [ 0 ] 4 . a ->", "no '='")]
    [InlineData("a = 1 2 3 . a [ 0 ] = x . a ->", "not a number")]
    [InlineData("a = 1 2 3 . a [ 0 ] = 4 . a", "then a variable and '->'")]
    [InlineData("a = 1 2 3 . a [ 0 ] = 4 a ->", "then a variable and '->'")]
    public void Programs_that_do_not_run_are_refused(string program, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Execute(program));
        Assert.Contains(reason, error.Message);
    }
}
