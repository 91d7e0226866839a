using DicomHub.Archive.Ingest;
using DicomHub.Archive.Security;
using DicomHub.Network.Dimse;
using DicomHub.Network.Services;
using Microsoft.Extensions.Logging;

namespace DicomHub.Archive.Dimse;

/// <summary>
/// C-STORE into the archive: the received data set goes through the same ingest pipeline as STOW-RS, and
/// the C-STORE-RSP carries the pipeline's status, sent only once blob and registry row are durable. A refusal
/// is also logged in full: the response's Error Comment holds 64 characters, often too few for cause and fix.
/// </summary>
public sealed class ArchiveStoreHandler(IngestPipeline pipeline, DimseAccess access, ILogger<ArchiveStoreHandler> logger) : ICStoreHandler
{
    public async Task<DimseStatus> StoreAsync(CStoreRequest request, Stream dataset, CancellationToken cancellationToken)
    {
        IngestResult result;
        try
        {
            var source = new IngestSource(IngestProtocol.Dimse, request.CallingAeTitle) { Principal = access.Demand(request.Association, DimseService.Store) };
            result = await pipeline.StoreDatasetAsync(dataset, request.TransferSyntax, request.SopClassUid, request.SopInstanceUid, source, cancellationToken).ConfigureAwait(false);
        }
        catch (ArchiveAccessDeniedException denied)
        {
            return DimseAccess.Refusal(denied);
        }
        catch (DimseStatusException refused)
        {
            return refused.Status;
        }

        if (result.Status == StoreStatus.Success)
        {
            return DimseStatus.Success;
        }

        var meaning = StoreStatus.IsWarning(result.Status) ? "Warning" : "Failure";
        logger.LogWarning("C-STORE of {SopInstance} from '{Caller}' answered {Meaning} {Status:X4}: {Message}", request.SopInstanceUid, request.CallingAeTitle, meaning, result.Status, result.Message);
        return new DimseStatus(result.Status, meaning).WithComment(result.Message);
    }
}
