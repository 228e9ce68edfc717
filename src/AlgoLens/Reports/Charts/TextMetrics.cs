namespace AlgoLens.Reports.Charts;

/// <summary>
/// Rough text extents for layout. The SVG is rendered later by a browser with a font we do not
/// control, so an estimate with a safety margin is all that is possible (and all that is needed to
/// keep labels from colliding).
/// </summary>
internal static class TextMetrics
{
    /// <summary>Estimated width in pixels of <paramref name="text"/> at <paramref name="fontSize"/>.</summary>
    public static double Width(string text, double fontSize)
    {
        double ems = 0;
        foreach (char c in text)
        {
            ems += c switch
            {
                ' ' or '.' or ',' or ':' or ';' or 'i' or 'l' or 'j' or '|' or '\'' => 0.3,
                'm' or 'w' or 'M' or 'W' or '—' => 0.9,
                >= 'A' and <= 'Z' => 0.68,
                // Superscript digits are small; counting them fully would waste room on log axes.
                >= '\u2070' and <= '\u209F' or '\u00B9' or '\u00B2' or '\u00B3' => 0.4,
                _ => 0.58,
            };
        }
        return ems * fontSize;
    }
}
