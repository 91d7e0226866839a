using System.Net;

namespace DicomHub.Archive.Security;

/// <summary>
/// Who may do what (configuration section "Security"): the roles, how HTTP callers prove who they are (OpenID
/// Connect bearer tokens, API keys kept in the registry), what DIMSE peers may do, and what callers without a
/// credential get. Bound and validated once at start: a bad setting stops the server with its name.
/// </summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// Give callers without a credential <see cref="AnonymousRoles"/> even though credentials are configured, or
    /// on a non-loopback address (serve --allow-anonymous). Logged as a warning at every start.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The roles of anonymous callers when they are let in (default: every role, as on a loopback-only archive).</summary>
    public string[] AnonymousRoles { get; set; } = [RoleCatalog.AdminRole];

    /// <summary>Site roles as sets of actions, beside the built-in read, write, delete, export and admin: "radiologist": ["Read", "Export"].</summary>
    public Dictionary<string, string[]> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>OAuth 2.0 / OpenID Connect bearer tokens.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>How long a verified API key is trusted before the registry is asked again (so a revocation reaches every server within it).</summary>
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>DIMSE peers: roles, services, addresses and move destinations per calling AE title; user identity.</summary>
    public DimseAccessOptions Dimse { get; set; } = new();

    /// <summary>Throws <see cref="InvalidOperationException"/> naming every bad setting and its fix.</summary>
    public RoleCatalog Validate()
    {
        var errors = new List<string>();
        var roles = RoleCatalog.Build(Roles, errors);
        roles.Check(AnonymousRoles, $"{SectionName}:AnonymousRoles", errors);
        Oidc.Validate(roles, errors);
        Dimse.Validate(roles, errors);
        if (ApiKeyCacheDuration < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:ApiKeyCacheDuration must not be negative.");
        }

        return errors.Count > 0 ? throw new InvalidOperationException(string.Join(" ", errors)) : roles;
    }

    /// <summary>True when <paramref name="address"/> (a bind address) only listens on this machine.</summary>
    public static bool IsLoopback(string address) => IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip);
}
