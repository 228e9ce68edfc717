using System.ComponentModel;
using System.Globalization;
using AlgoLens.Models;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// Marks an option of <see cref="TrainSettings"/> as a shorthand for one field of the transformer's
/// config (<c>--d-model 64</c> is <c>--model-option d_model=64</c>), kept because scripts and the
/// README use them; other kinds refuse it (<see cref="TrainSettings.Build(Training.Preset)"/>). Its
/// help names the field and, when <paramref name="valuesMember"/> is given, lists the values the
/// config accepts from <see cref="HookedTransformerConfig"/>'s own list.
/// </summary>
/// <param name="name">The config field's JSON name, e.g. d_model.</param>
/// <param name="valuesMember">A public static list of <see cref="HookedTransformerConfig"/> with the accepted values, or null.</param>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TransformerFieldAttribute(string name, string? valuesMember = null) : DescriptionAttribute
{
    /// <summary>The config field's JSON name.</summary>
    public string Field => name;

    /// <inheritdoc/>
    public override string Description =>
        string.Create(CultureInfo.InvariantCulture, $"Transformer only: its {name} (the same as --model-option {name}=VALUE)")
        + (valuesMember is null ? "." : ": " + ValuesDescriptionAttribute.Either(ValuesDescriptionAttribute.Values(typeof(HookedTransformerConfig), valuesMember)) + ".");
}
