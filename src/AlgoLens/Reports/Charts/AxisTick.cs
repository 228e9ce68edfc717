namespace AlgoLens.Reports.Charts;

/// <summary>A tick on an axis: its value, and its label (empty for an unlabelled or minor tick).</summary>
internal readonly record struct AxisTick(double Value, string Label, bool IsMajor);
