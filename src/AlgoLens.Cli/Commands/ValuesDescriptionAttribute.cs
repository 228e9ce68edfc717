using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using AlgoLens.Models;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// A help text that lists the values the code accepts, read from the list the code checks against
/// when the help is shown, so that the help cannot fall behind when a value is added. Spectre reads
/// an option's help through <see cref="DescriptionAttribute.Description"/>, which this overrides.
/// </summary>
/// <param name="format">The text, with <c>{0}</c> where the values go ("a, b or c").</param>
/// <param name="source">The type holding the list.</param>
/// <param name="member">A public static property of <paramref name="source"/>: strings, or model kinds (listed by name).</param>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ValuesDescriptionAttribute(string format, Type source, string member) : DescriptionAttribute
{
    /// <inheritdoc/>
    public override string Description => string.Format(CultureInfo.InvariantCulture, format, Either(Values(source, member)));

    /// <summary>The values of the static property <paramref name="member"/> of <paramref name="source"/>.</summary>
    internal static IEnumerable<string> Values(Type source, string member)
    {
        object? list = source.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        return list switch
        {
            IEnumerable<string> names => names,
            IEnumerable<ModelKind> kinds => kinds.Select(k => k.Name),
            _ => throw new InvalidOperationException($"{source.Name}.{member} is not a public static list of strings or model kinds."),
        };
    }

    /// <summary>"a, b or c".</summary>
    internal static string Either(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count < 2 ? string.Concat(list) : $"{string.Join(", ", list.SkipLast(1))} or {list[^1]}";
    }
}
