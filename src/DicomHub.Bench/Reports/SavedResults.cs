using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DicomHub.Bench.Links;
using DicomHub.Bench.Runs;

namespace DicomHub.Bench.Reports;

/// <summary>
/// Reads the results a run left in its output folder (runs.csv, and the calibration lines of results.md) so
/// that several runs, e.g. the small data sets with peers and the large ones without, can be reported as one
/// table and one chart (`dicomhub bench --merge DIR,DIR --out DIR`).
/// </summary>
public static partial class SavedResults
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<BenchResults> ReadAsync(IEnumerable<string> folders, CancellationToken cancellationToken)
    {
        var measurements = new List<BenchMeasurement>();
        var calibrations = new List<LinkCalibrationResult>();
        foreach (var folder in folders)
        {
            var runs = Path.Combine(folder, "runs.csv");
            if (!File.Exists(runs))
            {
                throw new FileNotFoundException($"{runs} does not exist: --merge takes folders that earlier `dicomhub bench --out` runs wrote.", runs);
            }

            measurements.AddRange(ParseRuns(await File.ReadAllTextAsync(runs, cancellationToken).ConfigureAwait(false), runs));
            var markdown = Path.Combine(folder, "results.md");
            if (File.Exists(markdown))
            {
                calibrations.AddRange(ParseCalibrations(await File.ReadAllTextAsync(markdown, cancellationToken).ConfigureAwait(false)));
            }
        }

        return new BenchResults(calibrations, measurements);
    }

    /// <summary>Parses runs.csv as <see cref="CsvReport.Runs"/> writes it, by column name.</summary>
    public static IReadOnlyList<BenchMeasurement> ParseRuns(string csv, string name)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return [];
        }

        var header = SplitCsvLine(lines[0]);
        var column = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        foreach (var required in new[] { "profile", "objects", "bytes", "link", "rate_bps", "rtt_ms", "case", "seconds", "integrity_ok" })
        {
            if (!column.ContainsKey(required))
            {
                throw new InvalidDataException($"{name} has no column '{required}': it is not a runs.csv written by `dicomhub bench`.");
            }
        }

        var result = new List<BenchMeasurement>();
        foreach (var line in lines.Skip(1))
        {
            var f = SplitCsvLine(line);
            string Get(string key) => column.TryGetValue(key, out var i) && i < f.Count ? f[i] : string.Empty;
            int? OptionalInt(string key) => int.TryParse(Get(key), NumberStyles.Integer, Invariant, out var v) ? v : null;
            result.Add(new BenchMeasurement
            {
                Profile = Get("profile"),
                Objects = int.Parse(Get("objects"), Invariant),
                Bytes = long.Parse(Get("bytes"), Invariant),
                Link = Get("link"),
                LinkRateBitsPerSecond = long.Parse(Get("rate_bps"), Invariant),
                RoundTripMilliseconds = double.Parse(Get("rtt_ms"), Invariant),
                LinkValid = Get("link_valid") != "false",
                CaseId = Get("case"),
                Method = Get("method"),
                Archive = Get("archive"),
                Settings = new MethodSettings(Get("protocol"), OptionalInt("window") ?? 0, OptionalInt("parallelism") ?? 1, Get("tcp_nodelay"), OptionalInt("max_pdu"), Get("association_per_object") == "true"),
                Repetition = OptionalInt("repetition") ?? 1,
                Seconds = double.Parse(Get("seconds"), Invariant),
                IntegrityOk = Get("integrity_ok") == "true",
                Error = Get("error") is { Length: > 0 } error ? error : null,
                LoadAverage = double.TryParse(Get("load_1min"), NumberStyles.Float, Invariant, out var load) ? load : null,
            });
        }

        return result;
    }

    /// <summary>The calibration lines results.md lists (LinkCalibrationResult.ToString), for the known links.</summary>
    public static IEnumerable<LinkCalibrationResult> ParseCalibrations(string markdown)
    {
        foreach (Match match in CalibrationLine().Matches(markdown))
        {
            var profile = LinkProfile.Known.FirstOrDefault(p => p.Name == match.Groups["link"].Value);
            if (profile is null)
            {
                continue;
            }

            yield return new LinkCalibrationResult(
                profile,
                double.Parse(match.Groups["rate"].Value, Invariant) * 1e6,
                TimeSpan.FromMilliseconds(double.Parse(match.Groups["rtt"].Value, Invariant)),
                0);
        }
    }

    internal static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    [GeneratedRegex(@"^- (?<link>\w+): (?<rate>[0-9.]+) Mbit/s of [0-9.]+ nominal \([^)]*\), round trip (?<rtt>[0-9.]+) ms", RegexOptions.Multiline)]
    private static partial Regex CalibrationLine();
}
