using System.Globalization;
using System.Text;
using DicomHub.Bench.Runs;

namespace DicomHub.Bench.Reports;

/// <summary>Every run and every cell as CSV, with the conditions (RTT, TCP_NODELAY, PDU, window, parallelism) on each row.</summary>
public static class CsvReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Runs(IEnumerable<BenchMeasurement> measurements)
    {
        var csv = new StringBuilder("profile,objects,bytes,link,rate_bps,rtt_ms,link_valid,case,method,archive,protocol,tcp_nodelay,max_pdu,window,parallelism,association_per_object,repetition,load_1min,seconds,integrity_ok,error\n");
        foreach (var m in measurements)
        {
            var s = m.Settings;
            csv.AppendLine(string.Join(',', m.Profile, m.Objects.ToString(Invariant), m.Bytes.ToString(Invariant), m.Link, m.LinkRateBitsPerSecond.ToString(Invariant),
                m.RoundTripMilliseconds.ToString(Invariant), m.LinkValid ? "true" : "false", m.CaseId, Quote(m.Method), m.Archive, s.Protocol, s.NoDelay,
                s.MaxPduBytes?.ToString(Invariant) ?? string.Empty, s.Window.ToString(Invariant), s.Parallelism.ToString(Invariant), s.AssociationPerObject ? "true" : "false",
                m.Repetition.ToString(Invariant), Number(m.LoadAverage), m.Seconds.ToString("0.######", Invariant), m.IntegrityOk ? "true" : "false", Quote(m.Error ?? string.Empty)));
        }

        return csv.ToString();
    }

    public static string Cells(IEnumerable<BenchCell> cells)
    {
        var csv = new StringBuilder("profile,objects,bytes,link,rate_bps,rtt_ms,link_valid,case,method,archive,protocol,tcp_nodelay,max_pdu,window,parallelism,runs,failed,median_s,min_s,max_s,limit_s,share_of_link,payload_mbps\n");
        foreach (var c in cells)
        {
            var s = c.Settings;
            csv.AppendLine(string.Join(',', c.Profile, c.Objects.ToString(Invariant), c.Bytes.ToString(Invariant), c.Link, c.LinkRateBitsPerSecond.ToString(Invariant),
                c.RoundTripMilliseconds.ToString(Invariant), c.LinkValid ? "true" : "false", c.CaseId, Quote(c.Method), c.Archive, s.Protocol, s.NoDelay,
                s.MaxPduBytes?.ToString(Invariant) ?? string.Empty, s.Window.ToString(Invariant), s.Parallelism.ToString(Invariant), c.Runs.ToString(Invariant), c.Failed.ToString(Invariant),
                Number(c.MedianSeconds), Number(c.MinSeconds), Number(c.MaxSeconds), Number(c.PhysicalLimitSeconds), Number(c.ShareOfLink), Number(c.PayloadMegabitsPerSecond)));
        }

        return csv.ToString();
    }

    private static string Number(double? value) => value?.ToString("0.######", Invariant) ?? string.Empty;

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal).ReplaceLineEndings(" ") + "\"" : value;
}
