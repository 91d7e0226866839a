namespace DicomHub.Server.Tests.Forwarding;

/// <summary>Waits for a condition by polling, failing with a description when the time limit passes (never a sleep-then-assert).</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting: {describe(value)}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
