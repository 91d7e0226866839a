using System.Runtime.InteropServices;

namespace DicomHub.Archive.Blobs.FileSystem;

/// <summary>
/// The blob store's flushes beyond a file's own fsync: a directory after a rename (the same
/// <see cref="DicomHub.Network.Storage.FolderSync"/> as `receive --fsync`), and syncfs, which flushes a
/// whole batch at once.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    public static void Flush(string directory) => DicomHub.Network.Storage.FolderSync.Flush(directory);

    public static bool CanSyncFileSystem => OperatingSystem.IsLinux();

    /// <summary>syncfs: everything written to the file system holding <paramref name="path"/> reaches the disk.</summary>
    public static void FlushFileSystem(string path)
    {
        var fd = Open(path, ReadOnlyDirectory);
        if (fd < 0)
        {
            throw new IOException($"Could not open '{path}' to flush its file system (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (SyncFs(fd) != 0)
            {
                throw new IOException($"syncfs of '{path}' failed (errno {Marshal.GetLastPInvokeError()}): the disk may be full or failing.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
