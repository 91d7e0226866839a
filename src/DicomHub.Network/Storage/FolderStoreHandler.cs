using DicomHub.Network.Dimse;
using DicomHub.Network.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Network.Storage;

/// <summary>
/// A storage handler that writes each instance as a Part 10 file "{SOP Instance UID}.dcm" under a folder,
/// like storescp: the file meta is written first, then the data set is copied from the network stream.
/// The file exists under a temporary name until complete and is renamed only then, so a reader of the
/// folder never sees half an instance, and a broken association leaves nothing behind. With
/// <c>durable</c>, each instance is also flushed to disk (file, then folder) before the response says stored,
/// as the archive does; without it (storescp's way) the files reach the disk whenever the kernel writes them.
/// </summary>
public sealed class FolderStoreHandler(string folder, ILogger<FolderStoreHandler>? logger = null, bool durable = false) : ICStoreHandler
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    /// <summary>Raised after an instance is complete on disk (path, size).</summary>
    public event Action<string, long>? Stored;

    public async Task<DimseStatus> StoreAsync(CStoreRequest request, Stream dataset, CancellationToken cancellationToken)
    {
        if (!Dicom.Data.DicomUid.IsValid(request.SopInstanceUid))
        {
            return DimseStatus.InvalidObjectInstance.WithComment("Affected SOP Instance UID is not a valid UID");
        }

        var finalPath = Path.Combine(Folder, request.SopInstanceUid + ".dcm");
        var tempPath = Path.Combine(Folder, $".{request.SopInstanceUid}.{Guid.NewGuid():N}.partial");
        try
        {
            long size;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var meta = Part10Header.Create(request.SopClassUid, request.SopInstanceUid, request.TransferSyntax, DicomImplementation.ClassUid, DicomImplementation.VersionName, request.CallingAeTitle);
                await file.WriteAsync(meta, cancellationToken).ConfigureAwait(false);
                await dataset.CopyToAsync(file, 1 << 16, cancellationToken).ConfigureAwait(false);
                size = file.Length;
                if (durable)
                {
                    file.Flush(flushToDisk: true);
                }
            }

            File.Move(tempPath, finalPath, overwrite: true);
            if (durable)
            {
                FolderSync.Flush(Folder);
            }

            Stored?.Invoke(finalPath, size);
            return DimseStatus.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TryDelete(tempPath);
            if (e is IOException { HResult: 28 or 0x70 } or UnauthorizedAccessException)
            {
                _logger.LogError("Cannot write {Path}: {Message}. Free disk space or fix permissions on {Folder}.", tempPath, e.Message, Folder);
                return DimseStatus.OutOfResources.WithComment("cannot write instance: " + e.Message);
            }

            // The data set stream failing means the association broke mid-instance: nothing to answer.
            _logger.LogWarning("Instance {Uid} from {Caller} not stored: {Message}", request.SopInstanceUid, request.CallingAeTitle, e.Message);
            throw;
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
