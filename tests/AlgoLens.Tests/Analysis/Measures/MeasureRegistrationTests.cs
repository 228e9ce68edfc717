using AlgoLens.Analysis.Measures;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Measures;

/// <summary>
/// Measures of the user's own must bring a name of their own. (One registered here would join every
/// analysis that other tests run in this process, so registration itself is tested through the
/// CLI with the test plugin's measure: TaskAssemblyTests.)
/// </summary>
public sealed class MeasureRegistrationTests
{
    [Theory]
    [InlineData("weight_norms", "already registered")]
    [InlineData(" ", "without a name")]
    public void A_taken_or_empty_name_is_refused(string name, string says)
    {
        Assert.Contains(says, Assert.Throws<ArgumentException>(() => MeasureRegistry.Register(() => new NamedMeasure(name))).Message);
    }

    private sealed class NamedMeasure(string name) : ICheckpointMeasure
    {
        public string Name => name;

        public string Description => "a test measure";

        public string? WhyNotApplicable(RunFolder run) => "never applies";

        public IReadOnlyDictionary<string, double> Measure(CheckpointContext context) => new Dictionary<string, double>();
    }
}
