using System.Net;

namespace DicomHub.Bench.Runs;

/// <summary>One data set of Table I, generated once and cached: its files (all under <paramref name="Root"/>, which
/// holds nothing else) and what the archive must end up holding.</summary>
public sealed record BenchDataSet(string Profile, string Description, string Root, IReadOnlyList<string> Files, long TotalBytes, ArchiveInventory Expected)
{
    public int ObjectCount => Files.Count;
}

/// <summary>Where a method sends: the archive's endpoints as seen through the emulated link.</summary>
public sealed record ExportTarget(IPEndPoint Dimse, string CalledAeTitle, Uri DicomWebBase);

/// <summary>
/// The settings every result row records, so a number can never be read without its conditions.
/// </summary>
/// <param name="Protocol">C-STORE or STOW-RS.</param>
/// <param name="Window">C-STORE: outstanding operations per association (1 = wait for each response); STOW-RS: objects per request.</param>
/// <param name="Parallelism">Associations or HTTP requests in flight at once.</param>
/// <param name="NoDelay">TCP_NODELAY on the sender's socket: "on" (Nagle off), "off" (Nagle on), or how a peer was run ("as shipped", "env TCP_NODELAY=1").</param>
/// <param name="MaxPduBytes">C-STORE: the maximum PDU length that bounds the data PDUs (the receiver's announced maximum when it is smaller than the sender's); null for STOW-RS.</param>
/// <param name="AssociationPerObject">C-STORE: a new association for every object.</param>
public sealed record MethodSettings(string Protocol, int Window, int Parallelism, string NoDelay, int? MaxPduBytes, bool AssociationPerObject = false);

/// <summary>What a timed export achieved: objects the receiver acknowledged as stored, and the first failure.</summary>
public sealed record ExportOutcome(int Stored, int Failed, string? FirstError = null);

/// <summary>An export, set up (files opened, headers read) and ready to be timed.</summary>
public interface IPreparedExport : IAsyncDisposable
{
    /// <summary>The timed part: C-STORE from before the association to its release; STOW-RS from the request to the response.</summary>
    Task<ExportOutcome> RunAsync(CancellationToken cancellationToken);
}

/// <summary>One way of moving a data set to an archive (a column of the results).</summary>
public interface IExportMethod
{
    /// <summary>Short stable id for CSV and the chart (e.g. cstore-w1).</summary>
    string Id { get; }

    /// <summary>What a reader sees in the table (e.g. "C-STORE, 1 association, window 1 (paper)").</summary>
    string Label { get; }

    MethodSettings Settings { get; }

    /// <summary>Untimed setup: read the files' headers, build requests.</summary>
    Task<IPreparedExport> PrepareAsync(BenchDataSet dataSet, ExportTarget target, CancellationToken cancellationToken);
}

/// <summary>A running receiver (a fresh DicomHub archive, DCMTK storescp, Orthanc) that can say what it holds.</summary>
public interface ITargetArchive : IAsyncDisposable
{
    IPEndPoint DimseEndPoint { get; }

    string AeTitle { get; }

    /// <summary>The DICOMweb base URL (…/dicomweb) on the archive's own port.</summary>
    Uri DicomWebBase { get; }

    /// <summary>Counts and fingerprints what was stored (after the timed part), to prove nothing was lost or altered.</summary>
    Task<ArchiveInventory> TakeInventoryAsync(CancellationToken cancellationToken);
}

/// <summary>Starts a fresh, empty receiver for every run.</summary>
public interface ITargetArchiveFactory
{
    /// <summary>Name in the reports (dicomhub, storescp, orthanc).</summary>
    string Name { get; }

    Task<ITargetArchive> StartAsync(CancellationToken cancellationToken);
}

/// <summary>A measured combination: a method and the receiver it talks to.</summary>
public sealed record BenchCase(IExportMethod Method, ITargetArchiveFactory Archive)
{
    public string Id => Method.Id;
}

/// <summary>Generates (or finds cached) the data set of a profile.</summary>
public interface IDataSetProvider
{
    Task<BenchDataSet> PrepareAsync(string profile, string cacheDirectory, CancellationToken cancellationToken);
}
