namespace DicomHub.Bench.Runs;

/// <summary>One timed run: a case, a data set, a link, one repetition, with every condition it ran under.</summary>
public sealed record BenchMeasurement
{
    public required string Profile { get; init; }

    public required int Objects { get; init; }

    public required long Bytes { get; init; }

    public required string Link { get; init; }

    /// <summary>The link's nominal rate each way in bit/s; 0 on loopback.</summary>
    public required long LinkRateBitsPerSecond { get; init; }

    public required double RoundTripMilliseconds { get; init; }

    /// <summary>False when the link's calibration missed the nominal rate by more than 5%.</summary>
    public required bool LinkValid { get; init; }

    public required string CaseId { get; init; }

    public required string Method { get; init; }

    public required string Archive { get; init; }

    public required MethodSettings Settings { get; init; }

    public required int Repetition { get; init; }

    public required double Seconds { get; init; }

    /// <summary>True when the export reported every object stored and the archive's inventory matched exactly.</summary>
    public required bool IntegrityOk { get; init; }

    public string? Error { get; init; }

    /// <summary>The machine's one-minute load average when the run started (Linux), to read noisy timings by.</summary>
    public double? LoadAverage { get; init; }

    /// <summary>Seconds the payload alone needs on the link (bytes / rate), or null on loopback.</summary>
    public double? PhysicalLimitSeconds => LinkRateBitsPerSecond > 0 ? Bytes * 8.0 / LinkRateBitsPerSecond : null;
}
