using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DicomHub.Bench.Links;

/// <summary>
/// Monotonic timestamps (Stopwatch ticks) and sleeping until one of them with sub-millisecond precision.
/// .NET timers and Thread.Sleep work in whole milliseconds, five times the lan100 one-way delay, so on Linux
/// this calls nanosleep on a thread whose timer slack is cut to 1 µs; elsewhere it sleeps the bulk and
/// yields for the last millisecond.
/// </summary>
internal static partial class PreciseClock
{
    private const int PrSetTimerSlack = 29;

    /// <summary>Longest single sleep, so a stop request is noticed promptly.</summary>
    private static readonly long MaxSliceTicks = Stopwatch.Frequency / 50;

    public static long Now => Stopwatch.GetTimestamp();

    public static long FromTimeSpan(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public static TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);

    /// <summary>Makes the calling thread's nanosleeps wake within ~1 µs of the deadline (Linux's default slack is 50 µs).</summary>
    public static void TightenTimerSlack()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>Blocks the calling thread until <paramref name="deadline"/> or until <paramref name="stop"/> returns true.</summary>
    public static void SleepUntil(long deadline, Func<bool> stop)
    {
        while (!stop())
        {
            var remaining = deadline - Now;
            if (remaining <= 0)
            {
                return;
            }

            var slice = Math.Min(remaining, MaxSliceTicks);
            if (OperatingSystem.IsLinux())
            {
                var nanoseconds = (long)(slice * (1e9 / Stopwatch.Frequency));
                var request = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
                _ = NanoSleep(in request, IntPtr.Zero);
            }
            else if (slice > Stopwatch.Frequency / 500)
            {
                Thread.Sleep(TimeSpan.FromSeconds((double)slice / Stopwatch.Frequency) - TimeSpan.FromMilliseconds(1));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in Timespec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
