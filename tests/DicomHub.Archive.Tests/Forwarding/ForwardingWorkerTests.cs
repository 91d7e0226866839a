using DicomHub.Archive.Forwarding;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;

namespace DicomHub.Archive.Tests.Forwarding;

/// <summary>The worker over the real SQLite queue with a scripted remote and a hand-moved clock.</summary>
public sealed class ForwardingWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcknowledgedInstancesAreDoneAndNeverSentAgain()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var job = await h.StoreAndExportAsync(3);

        Assert.True(await h.Worker.RunOnceAsync(Ct));
        Assert.False(await h.Worker.RunOnceAsync(Ct));
        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await h.Worker.RunOnceAsync(Ct));

        Assert.Equal(["2.1", "2.2", "2.3"], h.Sender.Sent);
        var status = await h.JobAsync(job);
        Assert.Equal(("completed", 3, 3, 0, 0), (status.State, status.Total, status.Done, status.Failed, status.Pending));
    }

    [Fact]
    public async Task UnansweredInstancesWaitWithGrowingDelaysAndOnlyThoseAreResent()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var job = await h.StoreAndExportAsync(3);
        h.Sender.Answers["2.2"] = SendOutcomeKind.Transient;
        h.Sender.Answers["2.3"] = SendOutcomeKind.Transient;

        await h.Worker.RunOnceAsync(Ct);
        var first = await h.JobAsync(job);
        Assert.Equal(("pending", 1, 2), (first.State, first.Done, first.Pending));
        Assert.Contains("scripted Transient", first.LastError, StringComparison.Ordinal);
        Assert.Equal(ForwardingHarness.Start + TimeSpan.FromSeconds(10), await h.Queue.NextDueAsync(Ct));

        // Not due yet: nothing is sent.
        h.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(await h.Worker.RunOnceAsync(Ct));

        // Due: only the two unacknowledged go again, and fail again; the delay doubles.
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await h.Worker.RunOnceAsync(Ct));
        Assert.Equal(h.Clock.Now + TimeSpan.FromSeconds(20), await h.Queue.NextDueAsync(Ct));

        h.Sender.Answers.Clear();
        h.Clock.Advance(TimeSpan.FromSeconds(20));
        await h.Worker.RunOnceAsync(Ct);

        Assert.Equal(["2.1", "2.2", "2.3", "2.2", "2.3", "2.2", "2.3"], h.Sender.Sent);
        var done = await h.JobAsync(job);
        Assert.Equal(("completed", 3, 0, 7), (done.State, done.Done, done.Pending, done.Attempts));
    }

    [Fact]
    public void RetryDelayDoublesUpToTheCap()
    {
        var options = new ForwardingOptions { RetryInitialDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromMinutes(1) };
        Assert.Equal(
            [5, 10, 20, 40, 60, 60],
            new[] { 1, 2, 3, 4, 5, 40 }.Select(a => options.RetryDelay(a).TotalSeconds).ToArray());
    }

    [Fact]
    public async Task PendingJobResumesAfterARestartWithoutResendingWhatWasAcknowledged()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var job = await h.StoreAndExportAsync(4);
        h.Sender.Answers["2.3"] = SendOutcomeKind.Transient;
        h.Sender.Answers["2.4"] = SendOutcomeKind.Transient;
        await h.Worker.RunOnceAsync(Ct);

        // A new queue and worker over the same database, as after a restart; the remote is back.
        h.Restart();
        h.Sender.Answers.Clear();
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await h.Worker.RunOnceAsync(Ct));

        Assert.Equal(["2.1", "2.2", "2.3", "2.4", "2.3", "2.4"], h.Sender.Sent);
        Assert.Equal("completed", (await h.JobAsync(job)).State);
    }

    [Fact]
    public async Task RefusedInstancesFailAtOnceAndAttemptsRunOutIntoFailure()
    {
        await using var h = await ForwardingHarness.CreateAsync(new ForwardingOptions { RetryInitialDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(1), MaxAttempts = 3 });
        var job = await h.StoreAndExportAsync(2);
        h.Sender.Answers["2.1"] = SendOutcomeKind.Permanent;
        h.Sender.Answers["2.2"] = SendOutcomeKind.Transient;

        for (var round = 0; round < 5; round++)
        {
            await h.Worker.RunOnceAsync(Ct);
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["2.1", "2.2", "2.2", "2.2"], h.Sender.Sent);
        var status = await h.JobAsync(job);
        Assert.Equal(("failed", 2, 0), (status.State, status.Failed, status.Pending));
        Assert.Contains(status.Failures, f => f.SopInstanceUid == "2.1" && f.Error.Contains("scripted Permanent", StringComparison.Ordinal));
        Assert.Contains(status.Failures, f => f.SopInstanceUid == "2.2" && f.Error.StartsWith("Gave up after 3 attempts (Forwarding:MaxAttempts)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DuplicateRefusalIsDeliveryOnlyAfterAnAttemptWhoseAnswerWasLost()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var job = await h.StoreAndExportAsync(2);
        h.Sender.Answers["2.1"] = SendOutcomeKind.Duplicate;
        h.Sender.Answers["2.2"] = SendOutcomeKind.Transient;
        await h.Worker.RunOnceAsync(Ct);

        // The remote stored 2.2 the first time but its answer was lost: now it refuses it as a duplicate.
        h.Sender.Answers["2.2"] = SendOutcomeKind.Duplicate;
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.Worker.RunOnceAsync(Ct);

        Assert.Equal(["2.1", "2.2", "2.2"], h.Sender.Sent);
        var status = await h.JobAsync(job);
        Assert.Equal(("failed", 1, 1), (status.State, status.Done, status.Failed));
        Assert.Equal("2.1", Assert.Single(status.Failures).SopInstanceUid);
    }

    [Fact]
    public async Task InstanceDeletedBeforeItWasSentIsRecordedAsFailed()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        var job = await h.StoreAndExportAsync(2);
        await h.Archive.Registry.DeleteAsync(new InstanceScope("1.2.3.1", "1.2.3.1.1", "2.2"), Ct);

        await h.Worker.RunOnceAsync(Ct);

        Assert.Equal(["2.1"], h.Sender.Sent);
        var status = await h.JobAsync(job);
        Assert.Equal(("failed", 1, 1), (status.State, status.Done, status.Failed));
        Assert.Contains("deleted from this archive", Assert.Single(status.Failures).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportChecksDestinationAndScopeBeforeQueueing()
    {
        await using var h = await ForwardingHarness.CreateAsync();
        await h.StoreAndExportAsync(1);

        var unknown = await h.Exports.ExportAsync(ArchivePrincipal.System, "NOPE", new InstanceScope("1.2.3.1"), cancellationToken: Ct);
        var missing = await h.Exports.ExportAsync(ArchivePrincipal.System, null, new InstanceScope("1.2.3.1"), cancellationToken: Ct);
        var notFound = await h.Exports.ExportAsync(ArchivePrincipal.System, "pacs", new InstanceScope("9.9"), cancellationToken: Ct);

        Assert.Equal(ExportError.UnknownDestination, unknown.Error);
        Assert.Contains("Configured destinations: PACS.", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(ExportError.MissingDestination, missing.Error);
        Assert.Equal(ExportError.NotFound, notFound.Error);
        Assert.Single(await h.Queue.RecentJobsAsync(10, Ct));
    }
}
