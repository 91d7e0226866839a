using System.Globalization;
using System.Reflection;

namespace DicomHub.Archive.Registry;

/// <summary>The schema migrations embedded in this assembly (Registry/{database}/Migrations/NNNN_name.sql), in order.</summary>
public static class MigrationScripts
{
    /// <summary>The scripts whose resource names start with <paramref name="prefix"/> (one database's folder).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Load(string prefix)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var scripts = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, name, reader.ReadToEnd()));
        }

        return [.. scripts.OrderBy(s => s.Item1)];
    }

    /// <summary>Splits a script into statements on ';' at line ends (the scripts hold no procedural code).</summary>
    public static IEnumerable<string> Statements(string script)
    {
        var lines = script.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal));
        return string.Join('\n', lines).Split(';').Select(s => s.Trim()).Where(s => s.Length > 0);
    }
}
