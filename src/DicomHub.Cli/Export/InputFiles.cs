namespace DicomHub.Cli.Export;

/// <summary>
/// Expands the PATH... arguments of an export verb into files: files as given, folders recursively (in a
/// stable order, so runs are comparable). Shared by the DIMSE and STOW-RS exporters.
/// </summary>
public static class InputFiles
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Path.GetFullPath));
            }
            else
            {
                throw new CliException($"'{path}' does not exist: give DICOM files or folders to send.", CliRunner.FileNotFound);
            }
        }

        return files;
    }
}
