using System.Diagnostics;
using System.Net;
using DicomHub.Bench.Links;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Bench.Runs;

/// <summary>
/// Runs the plan: calibrates each shaped link, prepares each data set once, and for every case and repetition
/// starts a fresh receiver, routes it through a fresh emulated link, times the export, and checks the
/// receiver's inventory against what was sent. A failed run is recorded, never silently dropped.
/// </summary>
public sealed class BenchRunner(IDataSetProvider dataSets, Action<string> report, ILogger? logger = null)
{
    private readonly ILogger logger = logger ?? NullLogger.Instance;

    public async Task<BenchResults> RunAsync(BenchPlan plan, CancellationToken cancellationToken)
    {
        var calibrations = new List<LinkCalibrationResult>();
        var measurements = new List<BenchMeasurement>();
        var cacheDirectory = Path.Combine(plan.OutputDirectory, "datasets");

        var prepared = new List<BenchDataSet>();
        foreach (var profile in plan.Profiles)
        {
            var dataSet = await dataSets.PrepareAsync(profile, cacheDirectory, cancellationToken).ConfigureAwait(false);
            report($"data set {dataSet.Profile}: {dataSet.ObjectCount} objects, {dataSet.TotalBytes / 1e6:0.0} MB ({dataSet.Expected})");
            prepared.Add(dataSet);
        }

        if (plan.WarmUp && prepared.Count > 0)
        {
            // JIT, connection pools and the file cache: the first export of a process is slower than the rest,
            // and without this it would be charged to whichever case happens to run first.
            var warmUpSet = WarmUpSubset(prepared.MinBy(d => d.TotalBytes)!);
            foreach (var benchCase in plan.Cases)
            {
                var warmUp = await MeasureAsync(warmUpSet, LinkProfile.Loopback, true, benchCase, 0, cancellationToken).ConfigureAwait(false);
                report($"warm-up {benchCase.Id} on {warmUpSet.ObjectCount} objects of {warmUpSet.Profile}/loopback: " + (warmUp.IntegrityOk ? $"{warmUp.Seconds:0.000} s (not counted)" : $"FAILED ({warmUp.Error})"));
            }
        }

        foreach (var link in plan.Links)
        {
            var linkValid = true;
            if (link.IsShaped)
            {
                var calibration = await LinkCalibration.MeasureAsync(link, plan.CalibrationDuration, cancellationToken).ConfigureAwait(false);
                calibrations.Add(calibration);
                linkValid = calibration.IsValid;
                report($"calibration {calibration}");
            }

            foreach (var dataSet in prepared)
            {
                // Repetitions outermost, so a burst of load on this shared machine spreads over the cases
                // instead of landing on all repetitions of one.
                for (var repetition = 1; repetition <= plan.Repeat; repetition++)
                {
                    foreach (var benchCase in plan.Cases)
                    {
                        var measurement = await MeasureAsync(dataSet, link, linkValid, benchCase, repetition, cancellationToken).ConfigureAwait(false);
                        measurements.Add(measurement);
                        report($"{dataSet.Profile,-7} {link.Name,-8} {benchCase.Id,-24} #{repetition}: " +
                            (measurement.IntegrityOk ? $"{measurement.Seconds:0.000} s" : $"FAILED ({measurement.Error})") +
                            (measurement.LoadAverage is { } load ? $"  (load {load:0.00})" : string.Empty));
                    }
                }
            }
        }

        return new BenchResults(calibrations, measurements);
    }

    private async Task<BenchMeasurement> MeasureAsync(BenchDataSet dataSet, LinkProfile link, bool linkValid, BenchCase benchCase, int repetition, CancellationToken cancellationToken)
    {
        var load = SystemLoad.OneMinuteAverage();
        double seconds = 0;
        string? error = null;
        var integrityOk = false;
        try
        {
            await using var archive = await benchCase.Archive.StartAsync(cancellationToken).ConfigureAwait(false);
            await using var dimseLink = link.IsShaped ? LinkEmulator.Start(archive.DimseEndPoint, link, logger) : null;
            await using var webLink = link.IsShaped ? LinkEmulator.Start(ToIPEndPoint(archive.DicomWebBase), link, logger) : null;
            var target = new ExportTarget(
                dimseLink?.EndPoint ?? archive.DimseEndPoint,
                archive.AeTitle,
                webLink is null ? archive.DicomWebBase : Reroute(archive.DicomWebBase, webLink.EndPoint));

            await using var export = await benchCase.Method.PrepareAsync(dataSet, target, cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var outcome = await export.RunAsync(cancellationToken).ConfigureAwait(false);
            seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var inventory = await archive.TakeInventoryAsync(cancellationToken).ConfigureAwait(false);
            // A warm-up (repetition 0) sends a subset: it only has to succeed, its inventory is not the data set's.
            error = repetition == 0
                ? (outcome.Failed > 0 ? $"{outcome.Failed} objects failed: {outcome.FirstError}" : null)
                : Verify(dataSet, outcome, inventory);
            integrityOk = error is null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "{Case} on {Profile}/{Link} failed", benchCase.Id, dataSet.Profile, link.Name);
            error = $"{e.GetType().Name}: {e.Message}";
        }

        return new BenchMeasurement
        {
            Profile = dataSet.Profile,
            Objects = dataSet.ObjectCount,
            Bytes = dataSet.TotalBytes,
            Link = link.Name,
            LinkRateBitsPerSecond = link.RateBitsPerSecond,
            RoundTripMilliseconds = link.RoundTrip.TotalMilliseconds,
            LinkValid = linkValid,
            CaseId = benchCase.Id,
            Method = benchCase.Method.Label,
            Archive = benchCase.Archive.Name,
            Settings = benchCase.Method.Settings,
            Repetition = repetition,
            LoadAverage = load,
            Seconds = seconds,
            IntegrityOk = integrityOk,
            Error = error,
        };
    }

    /// <summary>The first objects of a data set, up to 16 MB (at least one): enough to warm up, without
    /// sending half a gigabyte when only the large data sets are measured.</summary>
    internal static BenchDataSet WarmUpSubset(BenchDataSet dataSet)
    {
        const long budget = 16_000_000;
        var average = Math.Max(1, dataSet.TotalBytes / Math.Max(1, dataSet.ObjectCount));
        var count = (int)Math.Clamp(budget / average, 1, dataSet.ObjectCount);
        return count == dataSet.ObjectCount ? dataSet : dataSet with { Files = [.. dataSet.Files.Take(count)], TotalBytes = average * count };
    }

    /// <summary>The reason the run does not count, or null when the archive holds exactly what was sent.</summary>
    internal static string? Verify(BenchDataSet dataSet, ExportOutcome outcome, ArchiveInventory inventory)
    {
        if (outcome.Failed > 0 || outcome.Stored != dataSet.ObjectCount)
        {
            return $"the sender reports {outcome.Stored} of {dataSet.ObjectCount} stored, {outcome.Failed} failed" +
                (outcome.FirstError is null ? string.Empty : $": {outcome.FirstError}");
        }

        if (inventory.Count != dataSet.Expected.Count)
        {
            return $"the archive holds {inventory.Count} objects, {dataSet.Expected.Count} were sent";
        }

        return inventory.Checksum == dataSet.Expected.Checksum
            ? null
            : $"the archive's objects differ from those sent (checksum {inventory.Checksum[..12]} instead of {dataSet.Expected.Checksum[..12]})";
    }

    private static IPEndPoint ToIPEndPoint(Uri uri) => new(uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _) ? IPAddress.Loopback : IPAddress.Parse(uri.Host), uri.Port);

    private static Uri Reroute(Uri uri, IPEndPoint endPoint) => new UriBuilder(uri) { Host = endPoint.Address.ToString(), Port = endPoint.Port }.Uri;
}

/// <summary>Everything a run measured.</summary>
public sealed record BenchResults(IReadOnlyList<LinkCalibrationResult> Calibrations, IReadOnlyList<BenchMeasurement> Measurements);
