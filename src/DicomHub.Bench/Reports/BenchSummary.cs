using DicomHub.Bench.Runs;

namespace DicomHub.Bench.Reports;

/// <summary>One cell of the results: a case on a data set over a link, summarised over its repetitions.</summary>
public sealed record BenchCell(
    string Profile,
    int Objects,
    long Bytes,
    string Link,
    long LinkRateBitsPerSecond,
    double RoundTripMilliseconds,
    bool LinkValid,
    string CaseId,
    string Method,
    string Archive,
    MethodSettings Settings,
    int Runs,
    int Failed,
    double? MedianSeconds,
    double? MinSeconds,
    double? MaxSeconds,
    string? FirstError)
{
    public double? PhysicalLimitSeconds => LinkRateBitsPerSecond > 0 ? Bytes * 8.0 / LinkRateBitsPerSecond : null;

    /// <summary>The share of the link's rate the method achieved: physical limit / median time.</summary>
    public double? ShareOfLink => PhysicalLimitSeconds is { } limit && MedianSeconds is { } median && median > 0 ? limit / median : null;

    /// <summary>Median throughput of the payload in Mbit/s.</summary>
    public double? PayloadMegabitsPerSecond => MedianSeconds is { } median && median > 0 ? Bytes * 8.0 / median / 1e6 : null;
}

/// <summary>Groups measurements into cells (median, min and max over the runs whose integrity check passed).</summary>
public static class BenchSummary
{
    public static IReadOnlyList<BenchCell> Summarise(IEnumerable<BenchMeasurement> measurements) =>
        measurements
            .GroupBy(m => (m.Profile, m.Link, m.CaseId))
            .Select(g =>
            {
                var first = g.First();
                var good = g.Where(m => m.IntegrityOk).Select(m => m.Seconds).Order().ToList();
                return new BenchCell(first.Profile, first.Objects, first.Bytes, first.Link, first.LinkRateBitsPerSecond,
                    first.RoundTripMilliseconds, g.All(m => m.LinkValid), first.CaseId, first.Method, first.Archive, first.Settings,
                    g.Count(), g.Count(m => !m.IntegrityOk), Median(good), good.Count > 0 ? good[0] : null, good.Count > 0 ? good[^1] : null,
                    g.FirstOrDefault(m => m.Error is not null)?.Error);
            })
            .ToList();

    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };
}
