using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Analysis.Superposition;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Reports;
using AlgoLens.Tasks;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Superposition;

public class SuperpositionStudyTests
{
    [Fact]
    public void The_geometry_reads_each_instances_W_columns_as_its_features()
    {
        var task = new SparseFeaturesTask(2, 2, [0.5, 0.9], [1.0, 0.5]);
        var model = new ToySuperpositionModel(new ToySuperpositionConfig { NFeatures = 2, DHidden = 1, NInstances = 2 });
        // W [instance, d_hidden = 1, n_features = 2]: instance 0 antipodal, instance 1 feature 0 only.
        float[] w = [1f, -1f, 1f, 0f];
        w.CopyTo(model.W.Data, 0);
        var instances = ToyModelGeometry.Of(model, task);
        Assert.Equal([0.5, 0.5], instances[0].Dimensionality);
        Assert.Equal([1.0, 0.0], instances[1].FeatureNorms);
        Assert.Equal((0.9, 0.5), (instances[1].Sparsity, instances[1].ImportanceDecay));
        Assert.Equal(PhaseDiagram.Antipodal, PhaseDiagram.Classify(instances[0]));
        Assert.Equal(PhaseDiagram.Ignored, PhaseDiagram.Classify(instances[1]));
        // Instance 1 stores feature 0 exactly (b = 0, ReLU(x_0) = x_0) and outputs 0 for feature 1,
        // so its loss is r·E[x_1²]/2 = 0.5 · (0.1 · 1/3) / 2 up to sampling; instance 0's is larger.
        Assert.InRange(instances[1].Loss, 0.5 * 0.1 / 3 / 2 * 0.85, 0.5 * 0.1 / 3 / 2 * 1.15);
        Assert.True(instances[0].Loss > instances[1].Loss);
    }

    [Fact]
    public void A_study_trains_analyses_and_draws_every_figure()
    {
        string dir = TinyRun.NewDirectory();
        var options = new SuperpositionStudyOptions { Features = 2, Dims = 1, Sparsities = [0, 0.9], ImportanceDecays = [0.5, 2], Steps = 20, BatchSize = 64 };
        using (var writer = RunLock.Acquire(dir))
        {
            var instances = SuperpositionStudy.Run(writer, options);
            Assert.Equal(4, instances.Count);
            Assert.Equal([0.0, 0.9, 0.0, 0.9], instances.Select(g => g.Sparsity));
            Assert.Equal([0.5, 0.5, 2.0, 2.0], instances.Select(g => g.ImportanceDecay));
        }
        var table = MeasureTable.Load(dir);
        Assert.Contains(SuperpositionMeasure.Column(3, "mean_dimensionality"), table.Columns);
        Assert.Contains("superposition", RunAnalysis.Load(dir).Ran.Select(m => m.Name));
        var ids = RunReport.Build(dir).FigureIds;
        Assert.Contains("superposition-gram", ids);
        Assert.Contains("superposition-dimensionality", ids);
        Assert.Contains("superposition-phase-diagram", ids);
        Assert.DoesNotContain("superposition-columns", ids); // m = 1
        // The run folder records the settings, so the task comes back the same.
        var task = (SparseFeaturesTask)RunFolder.Open(dir).Task;
        Assert.Equal([0.0, 0.9, 0.0, 0.9], task.Sparsity);
        Assert.Equal(SuperpositionStudy.Of(dir)[2].FeatureNorms, Artefacts.Read<InstanceGeometry[]>(dir, "superposition")[2].FeatureNorms);
    }

    [Fact]
    public void The_plane_figure_is_drawn_for_two_dimensions()
    {
        var instances = Enumerable.Range(0, 3).Select(i => InstanceGeometry.Of(i, 0.3 * i, 1, new double[,] { { 1, 0, -1 }, { 0, 1, 0 } })).ToArray();
        string svg = SuperpositionFigures.Columns2D(instances).ToSvg();
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(svg, "data-series=\"feature 0\"").Count);
        Assert.Contains("S = 0.6", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 2, "0.5", "features is 0")]
    [InlineData(2, 0, "0.5", "dims is 0")]
    [InlineData(2, 1, "1", "sparsity 1 is outside [0, 1)")]
    [InlineData(2, 1, "-0.1", "sparsity -0.1 is outside [0, 1)")]
    public void Bad_options_are_refused_naming_the_setting(int features, int dims, string sparsity, string message)
    {
        var options = new SuperpositionStudyOptions { Features = features, Dims = dims, Sparsities = [double.Parse(sparsity, System.Globalization.CultureInfo.InvariantCulture)] };
        Assert.Contains(message, Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
