namespace DicomHub.Archive.Security;

/// <summary>How a principal proved who it is.</summary>
public enum PrincipalKind
{
    /// <summary>No credential: what anonymous callers may do is a setting.</summary>
    Anonymous,

    /// <summary>A person, from an OpenID Connect token.</summary>
    User,

    /// <summary>A program (modality, script, another archive): an API key or a client-credentials token.</summary>
    Service,

    /// <summary>A DIMSE peer, known by its calling AE title (and a verified user identity when it sent one).</summary>
    ApplicationEntity,

    /// <summary>The archive itself: forwarding rules, maintenance, start-up recovery.</summary>
    System,
}

/// <summary>
/// Who asks, as the archive core sees it: a name for logs and audit messages, where the request came from, and
/// the actions its roles grant. Front ends build one per request or association (from a token, an API key or an
/// association's AE titles and user identity) through <see cref="IArchivePrincipalResolver"/>; use cases only ask
/// <see cref="IArchiveAuthorizer"/> whether it may do what it asks.
/// </summary>
public sealed record ArchivePrincipal(string Name, PrincipalKind Kind, IReadOnlySet<ArchiveAction> Actions)
{
    /// <summary>Every action: the archive's own work, never a remote caller.</summary>
    public static ArchivePrincipal System { get; } = new("dicomhub", PrincipalKind.System, AllActions());

    /// <summary>The network address the request came from (IP), when there is one.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>The front end: "DICOMweb", "DIMSE" (and the calling AE title), "UI".</summary>
    public string? Channel { get; init; }

    /// <summary>Whether the roles grant <paramref name="action"/> (Admin grants everything).</summary>
    public bool Can(ArchiveAction action) => Actions.Contains(action) || Actions.Contains(ArchiveAction.Admin);

    public static IReadOnlySet<ArchiveAction> AllActions() => new HashSet<ArchiveAction>(Enum.GetValues<ArchiveAction>());

    public override string ToString() => RemoteAddress is null ? $"{Kind} '{Name}'" : $"{Kind} '{Name}' at {RemoteAddress}";
}
