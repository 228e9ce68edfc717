using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlgoLens.Models.Mlp;

/// <summary>
/// Reads <c>d_hidden</c> as one width (<c>128</c>, every layer) or a list (<c>[128, 64]</c>, one per
/// layer), and writes it back the way it came: a single width as a number, several as a list.
/// </summary>
internal sealed class HiddenWidthsJsonConverter : JsonConverter<int[]>
{
    public override int[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return [reader.GetInt32()];
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("d_hidden must be a width (e.g. 128) or a list of widths, one per layer (e.g. [128, 64]).");
        }
        var widths = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException("d_hidden's list must hold whole numbers only, e.g. [128, 64].");
            }
            widths.Add(reader.GetInt32());
        }
        return widths.ToArray();
    }

    public override void Write(Utf8JsonWriter writer, int[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 1)
        {
            writer.WriteNumberValue(value[0]);
            return;
        }
        writer.WriteStartArray();
        foreach (int width in value)
        {
            writer.WriteNumberValue(width);
        }
        writer.WriteEndArray();
    }
}
