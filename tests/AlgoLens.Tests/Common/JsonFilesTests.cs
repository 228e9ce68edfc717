using System.Text.Json;
using AlgoLens.Common;

namespace AlgoLens.Tests.Common;

public sealed class JsonFilesTests
{
    public sealed record Versioned
    {
        public int Old { get; init; } = 1;

        [OmitAtDefault]
        public string Added { get; init; } = "causal";

        [OmitAtDefault]
        public double? AddedLater { get; init; }
    }

    [Fact]
    public void A_field_marked_OmitAtDefault_is_written_only_when_it_differs_from_a_new_instances()
    {
        Assert.Equal("{\n  \"old\": 1\n}", Normalised(JsonSerializer.Serialize(new Versioned(), JsonFiles.Options)));
        Assert.Equal("{\n  \"old\": 1,\n  \"added\": \"bidirectional\",\n  \"added_later\": 0.5\n}",
            Normalised(JsonSerializer.Serialize(new Versioned { Added = "bidirectional", AddedLater = 0.5 }, JsonFiles.Options)));
    }

    [Fact]
    public void An_omitted_field_reads_back_as_its_default()
    {
        var read = JsonSerializer.Deserialize<Versioned>("{\"old\": 2}", JsonFiles.Options)!;
        Assert.Equal(new Versioned { Old = 2 }, read);
    }

    [Fact]
    public void The_configs_write_their_later_fields_only_when_set()
    {
        string model = new AlgoLens.Models.HookedTransformerConfig().ToJson();
        Assert.DoesNotContain("attention_dir", model, StringComparison.Ordinal);
        Assert.Contains("\"attention_dir\": \"bidirectional\"", new AlgoLens.Models.HookedTransformerConfig { AttentionDir = "bidirectional" }.ToJson(), StringComparison.Ordinal);
        string training = new AlgoLens.Training.TrainingConfig().ToJson();
        Assert.DoesNotContain("lr_schedule", training, StringComparison.Ordinal);
        Assert.DoesNotContain("decay_steps", training, StringComparison.Ordinal);
        Assert.Contains("\"decay_steps\": 7", new AlgoLens.Training.TrainingConfig { DecaySteps = 7 }.ToJson(), StringComparison.Ordinal);
    }

    private static string Normalised(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal);
}
