namespace DicomHub.Archive.Security;

/// <summary>Grants what the principal's roles contain; every refusal is raised as a security event (logged, audited) with who, what and from where.</summary>
public sealed class RoleAuthorizer(SecurityEvents? events = null) : IArchiveAuthorizer
{
    private readonly SecurityEvents _events = events ?? SecurityEvents.None;

    public void Demand(ArchivePrincipal principal, ArchiveAction action, string resource)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Can(action))
        {
            return;
        }

        var kind = principal.Kind == PrincipalKind.Anonymous ? SecurityEventKind.AuthenticationRequired : SecurityEventKind.AccessRefused;
        _events.Raise(new SecurityEvent(kind, principal.Name, principal.RemoteAddress, principal.Channel ?? "archive", $"asked to {action} {resource} without that role")
        {
            Action = action,
            Resource = resource,
        });
        throw new ArchiveAccessDeniedException(principal, action, resource);
    }
}
