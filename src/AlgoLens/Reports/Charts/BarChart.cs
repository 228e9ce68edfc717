namespace AlgoLens.Reports.Charts;

/// <summary>
/// A bar chart of values per category (e.g. the norm of each Fourier frequency 1..56), with chosen
/// bars (e.g. the key frequencies) highlighted in another colour. Dozens or hundreds of bars stay
/// legible: category labels rotate and thin out when they would collide.
/// </summary>
/// <example>
/// <code>
/// var chart = new BarChart { Title = "Embedding norm per frequency", HighlightName = "key frequencies" };
/// chart.ValueAxis.Title = "norm";
/// chart.CategoryAxisTitle = "frequency k";
/// for (int k = 1; k &lt;= 56; k++) { chart.Add(k.ToString(), norms[k], highlight: keys.Contains(k)); }
/// string svg = chart.ToSvg();
/// </code>
/// </example>
public sealed partial class BarChart : Chart
{
    /// <summary>Category labels, one per bar, in drawing order.</summary>
    public IList<string> Categories { get; } = new List<string>();

    /// <summary>Bar values, one per category (NaN draws no bar).</summary>
    public IList<double> Values { get; } = new List<double>();

    /// <summary>Indices into <see cref="Categories"/> of the bars drawn in <see cref="HighlightColor"/>.</summary>
    public ISet<int> Highlighted { get; } = new HashSet<int>();

    /// <summary>The value axis (title, linear or log, fixed range). A linear axis always includes 0, where bars start.</summary>
    public ChartAxis ValueAxis { get; } = new();

    /// <summary>Title under the category labels, e.g. "frequency k". Empty for none.</summary>
    public string CategoryAxisTitle { get; set; } = "";

    /// <summary>Colour of ordinary bars.</summary>
    public string BarColor { get; set; } = ChartPalette.Bar;

    /// <summary>Colour of highlighted bars.</summary>
    public string HighlightColor { get; set; } = ChartPalette.Highlight;

    /// <summary>Legend text for the highlighted bars, e.g. "key frequencies"; empty for no legend.</summary>
    public string HighlightName { get; set; } = "";

    /// <summary>Adds a bar; returns this chart for chaining.</summary>
    public BarChart Add(string category, double value, bool highlight = false)
    {
        ArgumentNullException.ThrowIfNull(category);
        if (highlight)
        {
            Highlighted.Add(Categories.Count);
        }
        Categories.Add(category);
        Values.Add(value);
        return this;
    }

    /// <summary>Highlights the bars whose category label is one of <paramref name="categories"/>; returns this chart.</summary>
    public BarChart Highlight(params string[] categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        foreach (string category in categories)
        {
            int index = Categories.IndexOf(category);
            if (index < 0)
            {
                throw new ArgumentException($"No bar has category \"{category}\"; add it before highlighting it.", nameof(categories));
            }
            Highlighted.Add(index);
        }
        return this;
    }

    internal override string Kind => "bar-chart";

    internal override void Validate()
    {
        if (Categories.Count != Values.Count)
        {
            throw new ArgumentException($"BarChart \"{Title}\" has {Categories.Count} categories but {Values.Count} values; give one value per category.");
        }
        foreach (int i in Highlighted)
        {
            if (i < 0 || i >= Categories.Count)
            {
                throw new ArgumentException($"BarChart \"{Title}\" highlights bar {i}, but there are {Categories.Count} bars (indices 0..{Categories.Count - 1}).");
            }
        }
    }
}
