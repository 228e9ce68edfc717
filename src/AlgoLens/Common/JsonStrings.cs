using System.Text.Json;

namespace AlgoLens.Common;

/// <summary>
/// Finds text in a parsed JSON document that cannot be read as a string: bytes that are not UTF-8,
/// or an escaped unpaired surrogate such as <c>"\ud800"</c>. The parser accepts both and only
/// fails (with an InvalidOperationException) when the string is read, so readers check first and
/// report it as their own format error.
/// </summary>
public static class JsonStrings
{
    /// <summary>Where the first unreadable property name or string value is (e.g. <c>$.a[2]</c>), or null when all read.</summary>
    public static string? FirstUnreadable(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                int index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnreadable(item, $"{path}[{index++}]") is { } inItem)
                    {
                        return inItem;
                    }
                }
                return null;
            case JsonValueKind.Object:
                int position = 0;
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!Readable(() => name = property.Name))
                    {
                        return $"{path} (the name of field {position + 1})";
                    }
                    if (FirstUnreadable(property.Value, $"{path}.{name}") is { } inValue)
                    {
                        return inValue;
                    }
                    position++;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            // The only failure of reading a parsed string: it does not transcode to UTF-16.
            return false;
        }
    }
}
