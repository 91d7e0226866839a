namespace DicomHub.DicomWeb.Client;

/// <summary>
/// One Part 10 object to store by STOW-RS, opened only while the request body is written: a file, or a blob
/// the archive holds. <see cref="Name"/> identifies it in the results (a file's path, a blob key).
/// </summary>
public sealed record StowSource(string Name, Func<CancellationToken, ValueTask<Stream>> Open)
{
    /// <summary>A file on disk, read sequentially with large buffers.</summary>
    public static StowSource FromFile(string path) => new(path, _ => ValueTask.FromResult<Stream>(
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan)));
}
