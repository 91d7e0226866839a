namespace DicomHub.Bench.Links;

/// <summary>
/// One direction of the emulated link, shared by every connection that crosses it (four parallel
/// associations share 100 Mbit/s, as on a real line). It is a serialisation clock, i.e. a token bucket one
/// segment deep: a segment starts when the line is free, occupies it for size/rate, and leaves the far end
/// one propagation delay after its last bit. Segments leave in the order they entered, so order is kept.
/// A dedicated thread sleeps precisely until the next segment is due (or a timer fires) and hands it over;
/// nothing sleeps per byte.
/// </summary>
internal sealed class LinkDirection : IDisposable
{
    /// <summary>Waits longer than this use Monitor.Wait (wakes early when work arrives); the rest is a precise nanosleep.</summary>
    private static readonly long CoarseWaitThreshold = PreciseClock.FromTimeSpan(TimeSpan.FromMilliseconds(2));

    private readonly double ticksPerByte;
    private readonly long delayTicks;
    private readonly object gate = new();
    private readonly Queue<Segment> inTransit = new();
    private readonly PriorityQueue<Action, long> timers = new();
    private readonly Thread clock;
    private double lineFreeAt;
    private volatile bool stopped;

    public LinkDirection(string name, long rateBitsPerSecond, TimeSpan oneWayDelay)
    {
        ticksPerByte = rateBitsPerSecond > 0 ? 8.0 * PreciseClock.FromTimeSpan(TimeSpan.FromSeconds(1)) / rateBitsPerSecond : 0;
        delayTicks = PreciseClock.FromTimeSpan(oneWayDelay);
        clock = new Thread(Run) { IsBackground = true, Name = $"link {name}", Priority = ThreadPriority.AboveNormal };
        clock.Start();
    }

    /// <summary>Puts a segment on the line (a null buffer carries the end of the stream) and returns when it
    /// will have arrived at the far end, in Stopwatch ticks.</summary>
    public long Transmit(RelayPipe pipe, byte[]? buffer, int count, SegmentTracker? tracker)
    {
        lock (gate)
        {
            var now = PreciseClock.Now;
            var start = Math.Max(now, lineFreeAt);
            lineFreeAt = start + (count * ticksPerByte);
            var due = (long)Math.Ceiling(lineFreeAt) + delayTicks;
            inTransit.Enqueue(new Segment(pipe, buffer, count, due, tracker));
            Monitor.Pulse(gate);
            return due;
        }
    }

    /// <summary>Runs <paramref name="action"/> on the link's clock thread at <paramref name="time"/>; it must be quick.</summary>
    public void At(long time, Action action)
    {
        lock (gate)
        {
            timers.Enqueue(action, time);
            Monitor.Pulse(gate);
        }
    }

    public void Dispose()
    {
        stopped = true;
        lock (gate)
        {
            Monitor.PulseAll(gate);
        }

        clock.Join();
    }

    private void Run()
    {
        PreciseClock.TightenTimerSlack();
        var dueSegments = new List<Segment>();
        var dueTimers = new List<Action>();
        while (!stopped)
        {
            long next;
            lock (gate)
            {
                if (inTransit.Count == 0 && timers.Count == 0)
                {
                    Monitor.Wait(gate);
                    continue;
                }

                next = long.MaxValue;
                if (inTransit.Count > 0)
                {
                    next = inTransit.Peek().Due;
                }

                if (timers.TryPeek(out _, out var timerDue))
                {
                    next = Math.Min(next, timerDue);
                }

                var remaining = next - PreciseClock.Now;
                if (remaining > CoarseWaitThreshold)
                {
                    Monitor.Wait(gate, PreciseClock.ToTimeSpan(remaining - CoarseWaitThreshold));
                    continue;
                }
            }

            PreciseClock.SleepUntil(next, () => stopped);
            Collect(dueSegments, dueTimers);
            foreach (var segment in dueSegments)
            {
                segment.Pipe.Arrive(segment);
            }

            foreach (var timer in dueTimers)
            {
                timer();
            }

            dueSegments.Clear();
            dueTimers.Clear();
        }
    }

    private void Collect(List<Segment> dueSegments, List<Action> dueTimers)
    {
        lock (gate)
        {
            var now = PreciseClock.Now;
            while (inTransit.Count > 0 && inTransit.Peek().Due <= now)
            {
                dueSegments.Add(inTransit.Dequeue());
            }

            while (timers.TryPeek(out var action, out var time) && time <= now)
            {
                timers.Dequeue();
                dueTimers.Add(action);
            }
        }
    }
}

/// <summary>A piece of one connection's byte stream crossing the link; a null buffer marks the end of the stream.</summary>
internal readonly record struct Segment(RelayPipe Pipe, byte[]? Buffer, int Count, long Due, SegmentTracker? Tracker);

/// <summary>A segment's bytes leave the sender's window only when both the simulated ACK is back and the bytes were
/// handed to the receiving socket (a receiver that does not read closes the window, as in TCP).</summary>
internal sealed class SegmentTracker(int count)
{
    private int pendingEvents = 2;

    public int Count { get; } = count;

    /// <summary>True when this call was the last of the two events.</summary>
    public bool Complete() => Interlocked.Decrement(ref pendingEvents) == 0;
}
