namespace DicomHub.Archive.Forwarding;

/// <summary>
/// The outbound queue's behaviour and the forwarding rules (configuration section "Forwarding").
/// Retry delays double from <see cref="RetryInitialDelay"/> up to <see cref="RetryMaxDelay"/> while a
/// destination is unreachable.
/// </summary>
public sealed class ForwardingOptions
{
    public const string SectionName = "Forwarding";

    /// <summary>False stops the background sender (jobs are still queued, and sent once it is enabled again).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Instances the worker takes per send to one destination (one association, or STOW requests).</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>C-STORE requests kept outstanding on the association (the asynchronous operations window we ask for).</summary>
    public int DimseWindow { get; set; } = 8;

    /// <summary>How long to wait for a C-STORE response before giving up on the association (the instance is retried).</summary>
    public TimeSpan DimseTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Instances per STOW-RS request.</summary>
    public int StowBatchSize { get; set; } = 16;

    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts after which an item that still cannot be delivered is marked failed; 0 retries forever.</summary>
    public int MaxAttempts { get; set; } = 200;

    /// <summary>The longest the worker sleeps without being woken (a new job wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rules that forward instances as they are ingested.</summary>
    public List<ForwardingRule> Rules { get; set; } = [];

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var initial = RetryInitialDelay > TimeSpan.Zero ? RetryInitialDelay : TimeSpan.FromSeconds(1);
        var cap = RetryMaxDelay >= initial ? RetryMaxDelay : initial;
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var delay = initial.Ticks * Math.Pow(2, exponent);
        return delay >= cap.Ticks ? cap : TimeSpan.FromTicks((long)delay);
    }
}

/// <summary>
/// "Forward what matches to <see cref="Destination"/>". Every condition given must hold; a rule without
/// conditions forwards everything. Example: { "Destination": "PACS2", "CallingAeTitle": "MODALITY1" }.
/// </summary>
public sealed class ForwardingRule
{
    /// <summary>A name from the Destinations section.</summary>
    public string Destination { get; set; } = string.Empty;

    /// <summary>Only instances received by C-STORE from this calling AE title.</summary>
    public string? CallingAeTitle { get; set; }

    /// <summary>Only instances of series with this Modality (0008,0060), e.g. CT.</summary>
    public string? Modality { get; set; }

    /// <summary>Only instances of this SOP Class UID.</summary>
    public string? SopClassUid { get; set; }

    public override string ToString()
    {
        var conditions = new[] { CallingAeTitle is null ? null : $"CallingAeTitle={CallingAeTitle}", Modality is null ? null : $"Modality={Modality}", SopClassUid is null ? null : $"SopClassUid={SopClassUid}" }
            .Where(c => c is not null);
        var when = string.Join(", ", conditions);
        return $"→ {Destination}{(when.Length > 0 ? " when " + when : " (everything)")}";
    }
}
