using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlgoLens.Training;

/// <summary>
/// A metrics row in run.json as <c>{"step": N, "train_loss": x, ...}</c>, its columns as keys. JSON
/// has no NaN or infinity, so a non-finite value (a diverged loss) is written as null and read back
/// as NaN: the summary of a diverged run stays valid JSON.
/// </summary>
public sealed class MetricsRowJsonConverter : JsonConverter<MetricsRow>
{
    /// <inheritdoc/>
    public override MetricsRow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A metrics row must be a JSON object.");
        }
        int? step = null;
        var values = new List<KeyValuePair<string, double>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString() ?? throw new JsonException("A metrics row has an empty key.");
            reader.Read();
            if (name == "step")
            {
                step = reader.GetInt32();
            }
            else
            {
                values.Add(new(name, reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble()));
            }
        }
        return new MetricsRow(step ?? throw new JsonException("A metrics row has no \"step\"."), values);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, MetricsRow value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteNumber("step", value.Step);
        foreach (string column in value.Columns)
        {
            double v = value[column];
            if (double.IsFinite(v))
            {
                writer.WriteNumber(column, v);
            }
            else
            {
                writer.WriteNull(column);
            }
        }
        writer.WriteEndObject();
    }
}
