namespace DicomHub.Archive.Security;

/// <summary>
/// The one authorisation decision of the archive. Use cases call <see cref="Demand"/> before they read, write,
/// delete or send anything; a refusal is an <see cref="ArchiveAccessDeniedException"/> that each front end turns
/// into its own answer (HTTP 401/403, a DIMSE "Refused: Not Authorized" status).
/// </summary>
public interface IArchiveAuthorizer
{
    /// <summary>Returns when <paramref name="principal"/> may do <paramref name="action"/> on <paramref name="resource"/> (for messages and audit: "study 1.2.3").</summary>
    /// <exception cref="ArchiveAccessDeniedException">It may not.</exception>
    void Demand(ArchivePrincipal principal, ArchiveAction action, string resource);
}

/// <summary>A principal asked for an action its roles do not grant.</summary>
public sealed class ArchiveAccessDeniedException(ArchivePrincipal principal, ArchiveAction action, string resource)
    : Exception($"{principal} may not {action.ToString().ToLowerInvariant()} {resource}: its roles do not include {action}. Grant the role in Security settings, or use a credential that has it.")
{
    public ArchivePrincipal Principal { get; } = principal;

    public ArchiveAction Action { get; } = action;

    public string Resource { get; } = resource;
}
