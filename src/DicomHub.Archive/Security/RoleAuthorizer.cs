using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Security;

/// <summary>Grants what the principal's roles contain; every refusal is logged with who, what and from where.</summary>
public sealed class RoleAuthorizer(ILogger<RoleAuthorizer>? logger = null) : IArchiveAuthorizer
{
    private readonly ILogger _logger = logger ?? NullLogger<RoleAuthorizer>.Instance;

    public void Demand(ArchivePrincipal principal, ArchiveAction action, string resource)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Can(action))
        {
            return;
        }

        _logger.LogWarning("Refused: {Principal} ({Channel}) asked to {Action} {Resource} without that role", principal, principal.Channel, action, resource);
        throw new ArchiveAccessDeniedException(principal, action, resource);
    }
}
