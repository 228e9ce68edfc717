using AlgoLens.Analysis.Measures;

namespace AlgoLens.Analysis.Run;

/// <summary>What <see cref="RunAnalyzer.Analyze(string, IProgress{ValueTuple{int, int}}?, int, CancellationToken, IReadOnlyList{ICheckpointMeasure}?)"/> did.</summary>
/// <param name="Analysis">The index written to analysis/measures.json: measures that ran and those skipped, with why.</param>
/// <param name="Measures">The measures that ran, in the order they ran, after <see cref="ICheckpointMeasure.Finish"/>: each holds its run-level results (e.g. <c>GrokkingMeasure.Summary</c>).</param>
public sealed record AnalysisResult(RunAnalysis Analysis, IReadOnlyList<ICheckpointMeasure> Measures)
{
    /// <summary>The measure of type <typeparamref name="T"/> when it ran; null otherwise.</summary>
    public T? Measure<T>() where T : class, ICheckpointMeasure => Measures.OfType<T>().FirstOrDefault();
}
