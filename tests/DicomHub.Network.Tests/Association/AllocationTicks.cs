using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace DicomHub.Network.Tests.Association;

/// <summary>
/// Samples the runtime's allocation ticks (one event per ~100 KB allocated, with the type that crossed it)
/// so a failed allocation budget says which type was allocated.
/// </summary>
internal sealed class AllocationTicks : EventListener
{
    public ConcurrentDictionary<string, long> ByType { get; } = new();

    public string Top(int count) => string.Join(", ", ByType.OrderByDescending(kv => kv.Value).Take(count).Select(kv => $"{kv.Key} ~{kv.Value >> 20} MB"));

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick is verbose
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.Payload is { } payload)
        {
            var name = e.PayloadNames!.IndexOf("TypeName") is var i and >= 0 ? payload[i]?.ToString() ?? "?" : "?";
            var size = e.PayloadNames!.IndexOf("AllocationAmount64") is var j and >= 0 ? Convert.ToInt64(payload[j]) : 100_000;
            ByType.AddOrUpdate(name, size, (_, v) => v + size);
        }
    }
}
