using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>Circuit discovery on a run's checkpoint, and where its result is kept (RUN_DIR/analysis/circuit.json).</summary>
public static class RunCircuit
{
    /// <summary>The default number of clean (and corrupt) inputs drawn from the task.</summary>
    public const int DefaultExamples = 64;

    /// <summary>The path of a run's circuit.</summary>
    public static string PathOf(string runDirectory) => Path.Combine(runDirectory, RunAnalysis.Folder, CircuitResult.FileName);

    /// <summary>
    /// The circuit of <paramref name="run"/>'s checkpoint at <paramref name="step"/> (default the
    /// newest) on <paramref name="inputs"/>, or on <paramref name="examples"/> inputs the task supplies
    /// (<see cref="CircuitInputs.ForTask"/>) when null.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not a transformer with attention, or bad options.</exception>
    public static CircuitResult Discover(RunFolder run, int? step, CircuitDiscoveryOptions options, CircuitInputs? inputs = null, int examples = DefaultExamples)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int chosen = step ?? run.Steps()[^1];
        var patching = TransformerEdgePatching.For(run.LoadModel(chosen));
        inputs ??= CircuitInputs.ForTask(run.Task, examples);
        return CircuitDiscovery.Discover(patching, inputs, options) with { Step = chosen };
    }

    /// <summary>Writes <paramref name="result"/> as the run's circuit (<see cref="AnalysisFile"/>).</summary>
    public static string Save(string runDirectory, CircuitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return AnalysisFile.Save(runDirectory, CircuitResult.FileName, CircuitResultJson.ToText(result));
    }
}
