using System.Text;

namespace VotingApp.Hosting.Publishing;

/// <summary>Writes a publisher's files: UTF-8 without BOM, LF line ends; stale generated files are removed.</summary>
internal static class PublishedFiles
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <paramref name="files"/> (relative paths) under <paramref name="outputPath"/>. Folders listed in
    /// <paramref name="ownedFolders"/> are emptied first, so files the model no longer produces do not linger.
    /// </summary>
    public static async Task WriteAsync(string outputPath, IReadOnlyDictionary<string, string> files, IEnumerable<string> ownedFolders, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(root);
        foreach (var folder in ownedFolders)
        {
            var full = Path.Combine(root, folder);
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }
        }
        foreach (var (relative, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content.ReplaceLineEndings("\n"), s_utf8, cancellationToken).ConfigureAwait(false);
        }
    }
}
