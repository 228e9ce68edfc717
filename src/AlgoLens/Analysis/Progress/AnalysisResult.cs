using AlgoLens.Analysis.Measures;

namespace AlgoLens.Analysis.Progress;

/// <summary>What <c>RunAnalyzer.Analyze</c> did.</summary>
/// <param name="Analysis">The index written to analysis/measures.json: measures that ran and those skipped, with why.</param>
/// <param name="Grokking">The grokking summary (analysis/summary.json) when the grokking measures applied.</param>
public sealed record AnalysisResult(RunAnalysis Analysis, AnalysisSummary? Grokking);
