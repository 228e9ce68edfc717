namespace AlgoLens.Reports.Html;

/// <summary>
/// The report's inline stylesheet: readable line length, system fonts (nothing to download),
/// figures that shrink with the window, and print rules that keep figures and tables whole.
/// </summary>
internal static class ReportStyles
{
    public const string Css = """
        :root { color-scheme: light; }
        body { font-family: system-ui, sans-serif; line-height: 1.5; color: #222; background: #fff;
               max-width: 980px; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        header { border-bottom: 1px solid #ddd; margin-bottom: 1.5rem; padding-bottom: .5rem; }
        h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #eee; }
        h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
        .subtitle { color: #555; margin: 0 0 .6rem; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1.2rem; margin: .6rem 0; font-size: .92rem; }
        dl.meta dt { color: #666; }
        dl.meta dd { margin: 0; }
        p { max-width: 46rem; }
        figure { margin: 1.4rem 0; }
        figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        figcaption { font-size: .92rem; color: #444; margin-top: .4rem; max-width: 46rem; }
        .figure-number { font-weight: 600; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
        caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: .35rem; }
        th, td { padding: .3rem .75rem; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #bbb; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .highlight { background: #fff1b8; font-weight: 600; }
        pre { background: #f6f8fa; padding: .75rem 1rem; overflow-x: auto; font-size: .85rem; }
        .table-wrap { overflow-x: auto; }
        @media print {
          body { max-width: none; padding: 0; }
          figure, table, pre { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          .highlight { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """;
}
