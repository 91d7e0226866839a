namespace DicomHub.Dicom.Json;

/// <summary>Malformed DICOM JSON: the message names where (a path such as 00081115[0].00081150) and what was expected.</summary>
public sealed class DicomJsonException(string message, string path, Exception? inner = null)
    : FormatException($"{message} (at {(path.Length == 0 ? "the top level" : path)})", inner)
{
    public string Path { get; } = path;
}
