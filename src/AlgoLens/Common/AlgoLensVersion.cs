namespace AlgoLens.Common;

/// <summary>
/// The version of AlgoLens, from one source (the Version of Directory.Build.props, which every
/// assembly of the product carries): what run.json records and what error logs and the tool report.
/// </summary>
public static class AlgoLensVersion
{
    /// <summary>The version, e.g. "0.1.0.0".</summary>
    public static string Current { get; } = typeof(AlgoLensVersion).Assembly.GetName().Version?.ToString() ?? "unknown";
}
