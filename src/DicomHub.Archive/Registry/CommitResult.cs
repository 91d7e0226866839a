namespace DicomHub.Archive.Registry;

/// <param name="ReplacedBlobKey">The blob the new instance replaced (delete it once the commit is durable).</param>
/// <param name="FollowUpId">The follow-up row recorded for the instance (<see cref="InstanceRecord.FollowUpFrom"/>), if any.</param>
public sealed record CommitResult(CommitOutcome Outcome, string? ReplacedBlobKey = null, long? FollowUpId = null);
