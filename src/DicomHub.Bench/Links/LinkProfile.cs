namespace DicomHub.Bench.Links;

/// <summary>
/// A network link between the sender and the archive: a rate in each direction and a round-trip time.
/// A profile without a rate is plain loopback: the benchmark connects directly, nothing is shaped.
/// </summary>
/// <param name="Name">The name used on the command line and in the reports (loopback, lan100, wan100).</param>
/// <param name="RateBitsPerSecond">The rate of each direction; 0 means unshaped.</param>
/// <param name="RoundTrip">The round-trip propagation delay; each direction gets half.</param>
public sealed record LinkProfile(string Name, long RateBitsPerSecond, TimeSpan RoundTrip)
{
    /// <summary>
    /// The floor of the window. Linux starts a receive buffer at 128 KiB and only grows it; we take 256 KiB
    /// (21 ms at 100 Mbit/s) because the emulator itself runs on a shared 2-core machine and must ride out
    /// scheduling stalls of several milliseconds without idling the line. A window above the BDP never adds
    /// throughput on a real link, so this floor favours no protocol; it only keeps the emulator honest.
    /// </summary>
    public const int MinimumWindowBytes = 256 * 1024;

    /// <summary>Linux's default tcp_wmem/tcp_rmem ceilings are 4 and 6 MiB: autotuning stops there.</summary>
    public const int MaximumWindowBytes = 4 * 1024 * 1024;

    /// <summary>RFC 6928 initial congestion window: 10 segments of a 1448-byte MSS (1500 MTU with timestamps).</summary>
    public const int InitialCongestionWindowBytes = 10 * 1448;

    public static LinkProfile Loopback { get; } = new("loopback", 0, TimeSpan.Zero);

    public static LinkProfile Lan100 { get; } = new("lan100", 100_000_000, TimeSpan.FromMilliseconds(0.2));

    public static LinkProfile Wan100 { get; } = new("wan100", 100_000_000, TimeSpan.FromMilliseconds(40));

    public static IReadOnlyList<LinkProfile> Known { get; } = [Loopback, Lan100, Wan100];

    public bool IsShaped => RateBitsPerSecond > 0;

    public TimeSpan OneWayDelay => RoundTrip / 2;

    /// <summary>Bytes the link holds while one round trip passes at full rate.</summary>
    public long BandwidthDelayProductBytes => (long)(RateBitsPerSecond / 8.0 * RoundTrip.TotalSeconds);

    /// <summary>
    /// The most bytes one connection may have in flight per direction: twice the bandwidth-delay product, as
    /// Linux's receive-buffer autotuning (dynamic right-sizing) grows it, within Linux's floor and ceiling.
    /// Twice the BDP lets a single connection fill the link, so neither one stream (STOW-RS) nor several
    /// associations are favoured by the window; a smaller bound would favour parallelism.
    /// </summary>
    public long WindowBytes => Math.Clamp(2 * BandwidthDelayProductBytes, MinimumWindowBytes, MaximumWindowBytes);

    public static LinkProfile Parse(string name) =>
        Known.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown link '{name}': use one of {string.Join(", ", Known.Select(p => p.Name))}.", nameof(name));

    public override string ToString() => IsShaped
        ? $"{Name} ({RateBitsPerSecond / 1e6:0.#} Mbit/s, {RoundTrip.TotalMilliseconds:0.###} ms RTT, window {WindowBytes / 1024} KiB)"
        : $"{Name} (unshaped)";
}
