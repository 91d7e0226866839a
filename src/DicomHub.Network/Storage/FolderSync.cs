using System.Runtime.InteropServices;

namespace DicomHub.Network.Storage;

/// <summary>
/// fsync of a folder, so that a rename into it survives a power cut (POSIX: the new entry is durable only
/// once the folder is flushed). .NET has no API for it; on other systems than Linux this does nothing
/// (NTFS journals renames). Used by `receive --fsync` and by the archive's blob store.
/// </summary>
public static partial class FolderSync
{
    // O_RDONLY alone: a folder opens read-only for fsync without O_DIRECTORY, whose value differs between
    // architectures (0x10000 on x86-64 is O_DIRECT on arm64).
    private const int ReadOnlyDirectory = 0;

    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(folder, ReadOnlyDirectory);
        if (fd < 0 || Fsync(fd) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (fd >= 0)
            {
                _ = Close(fd);
            }

            throw new IOException($"Could not flush folder '{folder}' to disk (errno {errno}): the disk may be full or failing.");
        }

        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
