using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Run;

public class MeasureOrderTests
{
    private sealed class Named(string name, params string[] dependsOn) : ICheckpointMeasure
    {
        public string Name => name;

        public string Description => "a test measure";

        public IReadOnlyList<string> DependsOn => dependsOn;

        public string? WhyNotApplicable(RunFolder run) => null;

        public IReadOnlyDictionary<string, double> Measure(CheckpointContext context) => new Dictionary<string, double>();
    }

    private static string[] Order(params ICheckpointMeasure[] measures) => MeasureOrder.Sort(measures).Select(m => m.Name).ToArray();

    [Fact]
    public void WithoutDependenciesTheGivenOrderIsKept()
    {
        Assert.Equal(["c", "a", "b"], Order(new Named("c"), new Named("a"), new Named("b")));
    }

    [Fact]
    public void AMeasureComesAfterItsDependenciesAndTheRestKeepTheirPlaces()
    {
        // a needs d and b; b needs d: d moves up just enough, c stays where it was relative to the others.
        Assert.Equal(["d", "b", "a", "c"], Order(new Named("a", "d", "b"), new Named("b", "d"), new Named("d"), new Named("c")));
        Assert.Equal(["x", "y", "z"], Order(new Named("x"), new Named("y", "x"), new Named("z", "y")));
    }

    [Fact]
    public void ACycleIsRefusedNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => Order(new Named("free"), new Named("a", "b"), new Named("b", "c"), new Named("c", "a")));
        Assert.Contains("cycle", e.Message);
        Assert.Contains("a → b → c → a", e.Message);
        Assert.Contains("self → self", Assert.Throws<ArgumentException>(() => Order(new Named("self", "self"))).Message);
    }

    [Fact]
    public void AnUnknownDependencyIsRefusedNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => Order(new Named("a"), new Named("b", "missing")));
        Assert.Contains("'b' depends on 'missing'", e.Message);
    }

    [Fact]
    public void TwoMeasuresWithOneNameAreRefused()
    {
        Assert.Contains("'a'", Assert.Throws<ArgumentException>(() => Order(new Named("a"), new Named("a"))).Message);
    }

    [Fact]
    public void TheBuiltInMeasuresAreAlreadyInDependencyOrder()
    {
        // measures.csv's columns follow this order: sorting must not move a built-in measure.
        var registry = MeasureRegistry.Create();
        Assert.Equal(registry.Select(m => m.Name), MeasureOrder.Sort(registry).Select(m => m.Name));
        Assert.Contains(registry, m => m.DependsOn.Count > 0);
    }
}
