namespace AlgoLens.IO;

/// <summary>
/// A path with every symbolic link resolved, component by component, as the operating system
/// resolves it when the path is opened. <see cref="Path.GetFullPath(string)"/> is not enough to
/// tell where a write lands: it removes <c>..</c> from the text, whereas the system applies
/// <c>..</c> to the folder a link leads to (<c>LINK/../run.json</c>, with LINK a link to
/// <c>RUN/checkpoints</c>, is <c>RUN/run.json</c>). Components that do not exist are kept as written.
/// </summary>
public static class RealPath
{
    // As Linux's own limit on links followed in one lookup (ELOOP): a loop ends in an error.
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>The absolute path <paramref name="path"/> names, links followed on every component (the last one included).</summary>
    /// <exception cref="IOException">More than 40 links had to be followed (a loop of links).</exception>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int links = 0;
        return Walk(Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path), path, ref links);
    }

    private static string Walk(string absolute, string original, ref int links)
    {
        string root = Path.GetPathRoot(absolute)!;
        string current = root;
        foreach (string part in absolute[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current; // ".." of the root is the root
                continue;
            }
            string next = Path.Combine(current, part);
            string? target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                throw new IOException($"'{original}' goes through more than {MaxLinks} symbolic links (a loop of links?).");
            }
            // A relative target is relative to the link's folder, which is already resolved.
            current = Walk(Path.IsPathRooted(target) ? target : Path.Combine(current, target), original, ref links);
        }
        return current;
    }
}
