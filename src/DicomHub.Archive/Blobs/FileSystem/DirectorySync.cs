using System.Runtime.InteropServices;

namespace DicomHub.Archive.Blobs.FileSystem;

/// <summary>
/// syncfs for the blob store: one call makes a whole batch of renamed blobs durable. (A single folder is
/// flushed with <see cref="DicomHub.Network.Storage.FolderSync"/>, as `receive --fsync` does.)
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY alone: a folder opens read-only for fsync without O_DIRECTORY, whose value differs between
    // architectures (0x10000 on x86-64 is O_DIRECT on arm64).
    private const int ReadOnlyDirectory = 0;

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
