using System.Text.Encodings.Web;
using System.Text.Json;

namespace AlgoLens.Cli.Commands;

/// <summary>How commands print JSON for people and scripts alike.</summary>
internal static class CliJson
{
    /// <summary>
    /// Indented, with characters such as <c>+</c>, <c>'</c> and <c>&lt;</c> written as themselves
    /// (the default encoder writes <c>\u002B</c>, safe for HTML but unreadable in a terminal; this
    /// output is never embedded in HTML).
    /// </summary>
    public static JsonSerializerOptions Indented { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
