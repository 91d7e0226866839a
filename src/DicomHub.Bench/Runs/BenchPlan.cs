using DicomHub.Bench.Links;

namespace DicomHub.Bench.Runs;

/// <summary>What one `dicomhub bench` invocation measures.</summary>
public sealed record BenchPlan(
    IReadOnlyList<string> Profiles,
    IReadOnlyList<LinkProfile> Links,
    IReadOnlyList<BenchCase> Cases,
    int Repeat,
    string OutputDirectory)
{
    /// <summary>How long the calibration stream runs on each shaped link.</summary>
    public TimeSpan CalibrationDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run every case once, untimed, on the smallest data set over loopback before measuring.</summary>
    public bool WarmUp { get; init; } = true;
}
