using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training.Memory;

namespace AlgoLens.Tests.Models;

/// <summary>The model-kind registry: kinds added at run time, read as snapshots, each with its own activation size.</summary>
public sealed class ModelKindsTests
{
    [Fact]
    public void A_registered_kind_is_listed_found_and_estimated_by_its_own_formula()
    {
        var kind = new ModelKind("test-fixed-size", "a config only", (_, _) => new FixedSizeConfig(), _ => throw new NotSupportedException());
        var before = ModelKinds.All;
        ModelKinds.Register(kind);
        Assert.Same(kind, ModelKinds.Get("TEST-FIXED-SIZE"));
        Assert.Contains(kind, ModelKinds.All);
        Assert.DoesNotContain(kind, before); // a snapshot taken earlier does not change under its reader
        // The memory check asks the kind: an unknown kind used to count 0 floats.
        Assert.Equal(FixedSizeConfig.Floats, ActivationSize.FloatsPerExample(ModelKinds.ReadConfig("test-fixed-size", "{}")));
    }

    [Theory]
    [InlineData("transformer", "a built-in kind")]
    [InlineData("MLP", "a built-in kind")]
    [InlineData("two words", "without white space")]
    [InlineData("", "non-empty")]
    public void Names_that_are_taken_or_unusable_are_refused(string name, string says)
    {
        var kind = new ModelKind(name, "x", (_, _) => new FixedSizeConfig(), _ => throw new NotSupportedException());
        Assert.Contains(says, Assert.Throws<ArgumentException>(() => ModelKinds.Register(kind)).Message);
    }

    [Fact]
    public void An_unknown_kind_says_how_to_load_a_plugin()
    {
        Assert.Contains("--plugin", Assert.Throws<ModelConfigException>(() => ModelKinds.Get("lstm")).Message);
    }

    private sealed record FixedSizeConfig : IModelConfig
    {
        public const long Floats = 4242;

        public string Kind => "test-fixed-size";

        public int Seed => 0;

        public void Validate(string source = "model config")
        {
        }

        public string ToJson() => "{}";

        public long ParameterCount() => 1;

        public long ActivationFloatsPerExample() => Floats;

        public IModelConfig WithTaskShape(TaskShape shape, int seed) => this;
    }
}
