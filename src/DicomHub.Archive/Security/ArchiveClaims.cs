using System.Security.Claims;
using DicomHub.Archive.Security.ApiKeys;

namespace DicomHub.Archive.Security;

/// <summary>
/// The claims every authenticated caller carries once its credential checked out, whatever the credential: its
/// DicomHub role names, its name and its kind. API keys get them when verified; tokens get them from their own
/// claims through <see cref="OidcOptions.RoleClaims"/> and <see cref="OidcOptions.RoleMap"/>. The principal
/// resolver reads only these, so HTTP and DIMSE (user identity) map a credential to roles the same way.
/// </summary>
public static class ArchiveClaims
{
    public const string Role = "dicomhub:role";
    public const string Name = "dicomhub:name";
    public const string Kind = "dicomhub:kind";
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    /// <summary>The identity of a verified API key.</summary>
    public static ClaimsPrincipal ForApiKey(ApiKey key)
    {
        var claims = new List<Claim> { new(Name, key.Name), new(Kind, nameof(PrincipalKind.Service)), new("dicomhub:key_id", key.Id) };
        claims.AddRange(key.Roles.Select(r => new Claim(Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyScheme, Name, Role));
    }

    /// <summary>Adds the DicomHub claims to a validated token's identity: role names, a name for logs, the kind of caller.</summary>
    public static void AddFromToken(ClaimsIdentity identity, OidcOptions oidc)
    {
        foreach (var role in RolesInToken(identity, oidc))
        {
            identity.AddClaim(new Claim(Role, role));
        }

        var name = oidc.NameClaims.Select(c => identity.FindFirst(c)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "token";
        identity.AddClaim(new Claim(Name, name));
        var subject = identity.FindFirst("sub")?.Value;
        var client = identity.FindFirst("client_id")?.Value ?? identity.FindFirst("azp")?.Value;

        // A client-credentials token names the client and no person (no subject, or the client as subject).
        var isService = client is not null && (subject is null || subject == client);
        identity.AddClaim(new Claim(Kind, isService ? nameof(PrincipalKind.Service) : nameof(PrincipalKind.User)));
    }

    /// <summary>The role names a token's claims carry: values that are role names count as themselves, others through the role map.</summary>
    public static IEnumerable<string> RolesInToken(ClaimsIdentity identity, OidcOptions oidc)
    {
        var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var claimTypes = new HashSet<string>(oidc.RoleClaims, StringComparer.Ordinal);
        foreach (var claim in identity.Claims.Where(c => claimTypes.Contains(c.Type) || (c.Type == ClaimTypes.Role && claimTypes.Contains("role"))))
        {
            // "scope" is one space-separated string (RFC 8693 4.2); role claims are arrays, one claim per value.
            foreach (var value in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (oidc.RoleMap.TryGetValue(value, out var mapped))
                {
                    roles.UnionWith(mapped);
                }
                else
                {
                    roles.Add(value);
                }
            }
        }

        return roles;
    }

    /// <summary>The archive principal of an authenticated caller: its DicomHub roles resolved by <paramref name="roles"/>.</summary>
    public static ArchivePrincipal ToPrincipal(ClaimsPrincipal user, RoleCatalog roles, string channel, string? remoteAddress)
    {
        var name = user.FindFirst(Name)?.Value ?? user.Identity?.Name ?? "authenticated";
        var kind = Enum.TryParse<PrincipalKind>(user.FindFirst(Kind)?.Value, out var k) ? k : PrincipalKind.User;
        return new ArchivePrincipal(name, kind, roles.ActionsOf(user.FindAll(Role).Select(c => c.Value)))
        {
            RemoteAddress = remoteAddress,
            Channel = channel,
        };
    }
}
