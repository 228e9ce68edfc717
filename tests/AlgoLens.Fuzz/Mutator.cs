using System.Buffers.Binary;
using System.Text;

namespace AlgoLens.Fuzz;

/// <summary>
/// Mutations of an input: bit flips, byte inserts and deletes, interesting integers (binary and as
/// text), splices with another corpus entry, and for text the replacement of numbers and words by
/// interesting ones; for safetensors, mutations of the JSON header with the length prefix fixed up
/// (so that the parser gets past the prefix and into the header's fields).
/// </summary>
public sealed class Mutator(Xoshiro rng, bool isText, bool isSafetensors)
{
    private static readonly long[] InterestingIntegers =
    [
        0, 1, -1, 2, 3, 7, 8, 16, 127, 128, 255, 256, 65535, 65536, int.MaxValue, (long)int.MaxValue + 1, int.MinValue,
        uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue, long.MinValue, 1_000_000_000, 100L * 1024 * 1024, 8_000_000,
    ];

    private static readonly string[] InterestingWords =
    [
        "0", "-1", "1e400", "-0", "NaN", "Infinity", "1.5", "2147483647", "2147483648", "9223372036854775807",
        "99999999999999999999999", "null", "true", "false", "\"\"", "[]", "{}", "[[[[[[[[[[", "}}}}", "\"F32\"", "\"I64\"",
        "\"BF16\"", "\"U8\"", "\"shape\"", "\"dtype\"", "\"data_offsets\"", "\"__metadata__\"", "\"config\"", "\"model_kind\"",
        "\"mlp\"", "\"toy-superposition\"", "\"n_layers\"", "\"d_model\"", "\"d_vocab\"", "\"n_ctx\"", "\"act_fn\"", "\"attn_only\"",
        "\"d_mlp\"", "\"n_heads\"", "\"d_head\"", "\"d_hidden\"", "\"positional_embedding_type\"", "\"attn_scale\"",
        "\"n_key_value_heads\"", "\"dtype\"", ";", ",", " ", "=", "\t", "\u0000", "\u00e9", "\ud83d\ude00", "\\u0000", "\\ud800",
    ];

    /// <summary>A mutated copy of <paramref name="input"/> (one to four mutations), splicing from <paramref name="corpus"/>.</summary>
    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        if (isSafetensors && input.Length >= 8 && rng.OneIn(2))
        {
            return MutateHeader(input, corpus);
        }
        var data = new List<byte>(input);
        int count = 1 + rng.Below(4);
        for (int i = 0; i < count; i++)
        {
            Apply(data, corpus);
        }
        return [.. data];
    }

    private byte[] MutateHeader(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        long declared = BinaryPrimitives.ReadInt64LittleEndian(input);
        int headerLength = declared > 0 && declared <= input.Length - 8 ? (int)declared : input.Length - 8;
        var header = new List<byte>(input.AsSpan(8, headerLength).ToArray());
        int count = 1 + rng.Below(3);
        for (int i = 0; i < count; i++)
        {
            if (rng.OneIn(2))
            {
                ReplaceToken(header);
            }
            else
            {
                Apply(header, corpus);
            }
        }
        var output = new byte[8 + header.Count + (input.Length - 8 - headerLength)];
        BinaryPrimitives.WriteInt64LittleEndian(output, header.Count);
        header.CopyTo(output, 8);
        input.AsSpan(8 + headerLength).CopyTo(output.AsSpan(8 + header.Count));
        return output;
    }

    private void Apply(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        switch (rng.Below(isText ? 9 : 7))
        {
            case 0 when data.Count > 0:
                int bit = rng.Below(data.Count * 8);
                data[bit / 8] ^= (byte)(1 << (bit % 8));
                break;
            case 1 when data.Count > 0:
                data[rng.Below(data.Count)] = (byte)rng.Next();
                break;
            case 2:
                int at = rng.Below(data.Count + 1);
                int n = 1 + rng.Below(8);
                for (int k = 0; k < n; k++)
                {
                    data.Insert(at, (byte)rng.Next());
                }
                break;
            case 3 when data.Count > 0:
                int start = rng.Below(data.Count);
                data.RemoveRange(start, Math.Min(data.Count - start, 1 + rng.Below(16)));
                break;
            case 4 when data.Count >= 8:
                long value = InterestingIntegers[rng.Below(InterestingIntegers.Length)];
                int width = rng.OneIn(2) ? 8 : 4;
                int offset = rng.Below(data.Count - width + 1);
                var bytes = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
                for (int k = 0; k < width; k++)
                {
                    data[offset + k] = bytes[k];
                }
                break;
            case 5 when corpus.Count > 0:
                var other = corpus[rng.Below(corpus.Count)];
                int cut = rng.Below(data.Count + 1);
                int from = rng.Below(other.Length + 1);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            case 6 when data.Count > 1:
                int begin = rng.Below(data.Count);
                int length = Math.Min(data.Count - begin, 1 + rng.Below(64));
                data.InsertRange(rng.Below(data.Count + 1), data.GetRange(begin, length));
                break;
            case 7:
            case 8:
                ReplaceToken(data);
                break;
            default:
                data.Add((byte)rng.Next());
                break;
        }
    }

    // Replaces a run of digits, a quoted string or a word with an interesting word or integer.
    private void ReplaceToken(List<byte> data)
    {
        string replacement = rng.OneIn(3)
            ? InterestingIntegers[rng.Below(InterestingIntegers.Length)].ToString(System.Globalization.CultureInfo.InvariantCulture)
            : InterestingWords[rng.Below(InterestingWords.Length)];
        var bytes = Encoding.UTF8.GetBytes(replacement);
        if (data.Count == 0)
        {
            data.AddRange(bytes);
            return;
        }
        int at = rng.Below(data.Count);
        int end = at;
        if (data[at] == (byte)'"')
        {
            end = data.IndexOf((byte)'"', at + 1);
            end = end < 0 ? at + 1 : end + 1;
        }
        else
        {
            while (end < data.Count && (char.IsAsciiLetterOrDigit((char)data[end]) || data[end] is (byte)'-' or (byte)'.' or (byte)'_'))
            {
                end++;
            }
            end = Math.Max(end, at + (rng.OneIn(2) ? 0 : 1));
        }
        data.RemoveRange(at, Math.Min(end, data.Count) - at);
        data.InsertRange(at, bytes);
    }
}
