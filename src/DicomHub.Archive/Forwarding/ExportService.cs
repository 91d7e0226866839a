using DicomHub.Archive.Destinations;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;

namespace DicomHub.Archive.Forwarding;

public enum ExportError
{
    None,

    /// <summary>No destination was named.</summary>
    MissingDestination,

    /// <summary>The name is not in the Destinations section.</summary>
    UnknownDestination,

    /// <summary>The study, series or instance is not in the archive.</summary>
    NotFound,
}

/// <summary>The queued job, or why nothing was queued (with a message naming the fix).</summary>
public sealed record ExportResult(ExportError Error, string Message, long JobId = 0, int InstanceCount = 0, Destination? Destination = null)
{
    public bool IsQueued => Error == ExportError.None;
}

/// <summary>
/// "Send this study (series, instance) to that destination": checks both exist, expands the scope to its
/// instances as they are now and queues one durable job. The send itself happens in the background.
/// </summary>
public sealed class ExportService(IRegistry registry, ITransferQueue queue, DestinationCatalog destinations, TransferQueueSignal signal, IArchiveAuthorizer authorizer)
{
    /// <exception cref="ArchiveAccessDeniedException">The principal may not export.</exception>
    public async Task<ExportResult> ExportAsync(ArchivePrincipal principal, string? destinationName, InstanceScope scope, string origin = "export", CancellationToken cancellationToken = default)
    {
        authorizer.Demand(principal, ArchiveAction.Export, $"{scope} to '{destinationName}'");
        if (string.IsNullOrWhiteSpace(destinationName))
        {
            return new ExportResult(ExportError.MissingDestination, $"Name the destination with ?to=NAME. {Known()}");
        }

        if (!destinations.TryGet(destinationName, out var destination))
        {
            return new ExportResult(
                ExportError.UnknownDestination,
                $"Destination '{destinationName}' is not configured. {Known()} Add it to the archive's configuration: " +
                $"\"Destinations\": {{ \"{destinationName}\": \"dicom://AE@host:port\" }} (or a DICOMweb URL), the environment variable " +
                $"Destinations__{destinationName}=URL, or `dicomhub serve --destination {destinationName}=URL`; then restart the server.");
        }

        var instances = await registry.ResolveAsync(scope, cancellationToken).ConfigureAwait(false);
        if (instances.Count == 0)
        {
            return new ExportResult(ExportError.NotFound, $"{Describe(scope)} is not in this archive.");
        }

        var request = new TransferRequest(
            destination.Name,
            scope,
            origin,
            [.. instances.Select(i => new TransferInstance(i.StudyInstanceUid, i.SeriesInstanceUid, i.SopInstanceUid))]);
        var jobId = await queue.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        signal.Notify();
        return new ExportResult(ExportError.None, $"{instances.Count} instances queued for {destination.Name} ({destination}).", jobId, instances.Count, destination);
    }

    private string Known() => destinations.All.Count == 0
        ? "This archive has no destinations configured."
        : $"Configured destinations: {string.Join(", ", destinations.All.Select(d => d.Name).Order(StringComparer.Ordinal))}.";

    private static string Describe(InstanceScope scope) =>
        scope.SopInstanceUid is not null ? $"Instance {scope.SopInstanceUid} of series {scope.SeriesInstanceUid} in study {scope.StudyInstanceUid}"
        : scope.SeriesInstanceUid is not null ? $"Series {scope.SeriesInstanceUid} of study {scope.StudyInstanceUid}"
        : $"Study {scope.StudyInstanceUid}";
}
