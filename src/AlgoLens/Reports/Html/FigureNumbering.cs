namespace AlgoLens.Reports.Html;

/// <summary>Hands out figure numbers in the order figures are written.</summary>
internal sealed class FigureNumbering
{
    private int next = 1;

    public int Next() => next++;
}
