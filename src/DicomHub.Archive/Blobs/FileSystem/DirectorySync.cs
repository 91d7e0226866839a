using System.Runtime.InteropServices;

namespace DicomHub.Archive.Blobs.FileSystem;

/// <summary>
/// fsync of a directory: after a rename, the new directory entry is only durable once the directory
/// itself is flushed (POSIX). .NET has no API for it, so this calls open/fsync/close on Unix and does
/// nothing on Windows (NTFS journals renames). Also syncfs, which flushes a whole batch at once.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ReadOnlyDirectory);
        if (fd < 0)
        {
            throw new IOException($"Could not open directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}): the disk may be full or failing.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

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

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
