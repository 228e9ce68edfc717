using System.Globalization;
using System.Text.RegularExpressions;

namespace AlgoLens.IO;

/// <summary>
/// The name of <see cref="AtomicFile"/>'s temporary files, <c>.NAME.PID.GUID.tmp</c>: hidden, in
/// the target's folder (a rename is atomic only within one file system), and telling which process
/// wrote it, so that only what a killed AlgoLens writer left is ever taken for a leftover.
/// </summary>
internal static partial class TemporaryName
{
    /// <summary>A new temporary name for a file named <paramref name="fileName"/>, unique to this process and call.</summary>
    public static string For(string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    /// <summary>The pid of the writer of <paramref name="fileName"/> when it is such a temporary's name; null for any other name.</summary>
    public static int? Writer(string fileName)
    {
        var match = Pattern().Match(fileName);
        return match.Success && int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
    }

    [GeneratedRegex(@"^\..+\.(?<pid>[0-9]{1,10})\.[0-9a-f]{32}\.tmp\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
