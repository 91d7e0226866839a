using System.Reflection;
using System.Text.RegularExpressions;
using DicomHub.Archive.Blobs;

namespace DicomHub.Archive.Tests.Blobs;

/// <summary>
/// The blob store contract has no local paths: only the file-system store (and its own tests) may know that
/// blobs are files, so object stores work for every consumer. Fails when someone reaches for a path again.
/// </summary>
public sealed partial class BlobContractTests
{
    [Fact]
    public void NoLocalPathApiIsUsedOutsideTheFileSystemStore()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var folder in new[] { "src", "tests", "bench" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                    || relative.Contains("/Blobs/FileSystem/", StringComparison.Ordinal) || relative.EndsWith("/BlobContractTests.cs", StringComparison.Ordinal))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (LocalPathApi().IsMatch(lines[i]))
                    {
                        offenders.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "Local blob paths used outside Archive/Blobs/FileSystem (read through IBlobStore streams and ranges instead):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void TheContractHasNoMemberThatTakesOrGivesAPath()
    {
        var members = new[] { typeof(IBlobStore), typeof(IStagedBlob) }
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.Name.Contains("Path", StringComparison.OrdinalIgnoreCase)
                || (m is MethodInfo method && method.GetParameters().Any(p => p.Name!.Contains("path", StringComparison.OrdinalIgnoreCase))))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");
        Assert.Empty(members);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DicomHub.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No DicomHub.slnx above {AppContext.BaseDirectory}: the test reads the source tree.");
    }

    [GeneratedRegex(@"\b(GetLocalPath|TemporaryPath|StagedPathOf)\b")]
    private static partial Regex LocalPathApi();
}
