using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlgoLens.Reports;

/// <summary>The first check of every result file the report reads back: JSON whose top level is an object.</summary>
internal static class AnalysisJson
{
    /// <summary>The top-level object of <paramref name="json"/>.</summary>
    /// <exception cref="FormatException">The text is not JSON, or its top level is not an object.</exception>
    public static JsonObject ParseObject(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"it is not valid JSON ({e.Message})", e);
        }
        return root as JsonObject ?? throw new FormatException("its top level is not a JSON object");
    }
}
