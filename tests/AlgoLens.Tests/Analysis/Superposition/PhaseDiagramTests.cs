using AlgoLens.Analysis.Superposition;

namespace AlgoLens.Tests.Analysis.Superposition;

public class PhaseDiagramTests
{
    private static InstanceGeometry Instance(int index, double sparsity, double r, double w1, double w2, double loss) =>
        InstanceGeometry.Of(index, sparsity, r, new double[,] { { w1, w2 } }, loss);

    [Theory]
    [InlineData(1.0, 0.02, PhaseDiagram.Ignored)]
    [InlineData(0.01, 1.0, PhaseDiagram.Dedicated)]
    [InlineData(1.0, -1.0, PhaseDiagram.Antipodal)]
    [InlineData(1.0, 1.0, PhaseDiagram.Other)]
    [InlineData(0.1, 0.1, PhaseDiagram.Other)]
    public void Classifies_the_three_solutions_of_two_features_in_one_dimension(double w1, double w2, string phase)
    {
        Assert.Equal(phase, PhaseDiagram.Classify(Instance(0, 0.5, 1, w1, w2, 0)));
    }

    [Fact]
    public void The_grid_takes_the_lowest_loss_of_each_setting_and_orders_its_axes()
    {
        InstanceGeometry[] instances =
        [
            Instance(0, 0.9, 2, 1, -1, 0.5), // loses to instance 1 at the same setting
            Instance(1, 0.9, 2, 0, 1, 0.1),
            Instance(2, 0.0, 2, 0, 1, 0.1),
            Instance(3, 0.9, 0.5, 1, -1, 0.1),
            Instance(4, 0.0, 0.5, 1, 0, 0.1),
        ];
        Assert.True(PhaseDiagram.Applies(instances));
        var diagram = PhaseDiagram.Of(instances);
        Assert.Equal([0.0, 0.9], diagram.Sparsities);
        Assert.Equal([0.5, 2.0], diagram.RelativeImportances);
        Assert.Equal(PhaseDiagram.Ignored, diagram.Phases[0, 0]);
        Assert.Equal(PhaseDiagram.Antipodal, diagram.Phases[0, 1]);
        Assert.Equal(PhaseDiagram.Dedicated, diagram.Phases[1, 0]);
        Assert.Equal(PhaseDiagram.Dedicated, diagram.Phases[1, 1]);
    }

    [Fact]
    public void Other_shapes_are_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => PhaseDiagram.Classify(InstanceGeometry.Of(0, 0, 1, new double[2, 2], 0)));
        Assert.Contains("n = 2 features in m = 1 dimension", e.Message, StringComparison.Ordinal);
        Assert.False(PhaseDiagram.Applies([InstanceGeometry.Of(0, 0, 1, new double[2, 2], 0)]));
    }
}
