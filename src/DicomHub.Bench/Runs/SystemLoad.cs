using System.Globalization;

namespace DicomHub.Bench.Runs;

/// <summary>The machine's load average, recorded with every run: timings on a shared machine mean little without it.</summary>
public static class SystemLoad
{
    private const string LoadAverageFile = "/proc/loadavg";

    /// <summary>The one-minute load average (as `uptime` prints it), or null where /proc/loadavg does not exist.</summary>
    public static double? OneMinuteAverage()
    {
        try
        {
            var text = File.ReadAllText(LoadAverageFile);
            var first = text.Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
