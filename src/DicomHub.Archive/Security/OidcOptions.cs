namespace DicomHub.Archive.Security;

/// <summary>
/// OpenID Connect bearer tokens (section "Security:Oidc"): either an <see cref="Authority"/> whose discovery
/// document and keys are fetched (and refreshed), or a <see cref="JwksFile"/> with the signing keys for sites
/// that cannot reach their identity provider, with <see cref="Issuer"/> then required. Roles come from the
/// token's <see cref="RoleClaims"/>: a value that is a DicomHub role counts as it, others through <see cref="RoleMap"/>.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The identity provider, e.g. https://login.example.org/realms/hospital.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience ("aud") tokens must be issued for, e.g. "dicomhub".</summary>
    public string? Audience { get; set; }

    /// <summary>The issuer ("iss") tokens must carry; by default the authority's discovery document says it. Required with <see cref="JwksFile"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>A JSON Web Key Set file with the signing keys, for offline sites (instead of <see cref="Authority"/>).</summary>
    public string? JwksFile { get; set; }

    /// <summary>Refuse an authority reached over plain http (only ever false in a test or a lab).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Claims whose values name roles or scopes; "scope" values are split on spaces.</summary>
    public string[] RoleClaims { get; set; } = ["roles", "role", "scope", "scp"];

    /// <summary>Claim value → DicomHub roles, e.g. "dicomweb.read": ["read"], "PACS-Admins": ["admin"].</summary>
    public Dictionary<string, string[]> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Claims tried in order for the caller's name in logs and audit.</summary>
    public string[] NameClaims { get; set; } = ["preferred_username", "email", "client_id", "azp", "sub"];

    /// <summary>Allowed difference between our clock and the provider's when checking expiry.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(JwksFile);

    internal void Validate(RoleCatalog roles, List<string> errors)
    {
        const string Section = SecurityOptions.SectionName + ":Oidc";
        if (!IsConfigured)
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(JwksFile))
        {
            errors.Add($"{Section}: set Authority (keys fetched from the provider) or JwksFile (keys from a file), not both.");
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            errors.Add($"{Section}:Audience is empty: set it to the audience your identity provider puts in DicomHub's tokens (e.g. \"dicomhub\"); tokens for other services must not be accepted.");
        }

        if (!string.IsNullOrWhiteSpace(Authority) && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            errors.Add($"{Section}:Authority '{Authority}' is not an absolute URL such as https://login.example.org/realms/hospital.");
        }

        if (!string.IsNullOrWhiteSpace(JwksFile))
        {
            if (!File.Exists(JwksFile))
            {
                errors.Add($"{Section}:JwksFile '{JwksFile}' does not exist: export the provider's JWKS (its jwks_uri) to that file.");
            }

            if (string.IsNullOrWhiteSpace(Issuer))
            {
                errors.Add($"{Section}:Issuer is required with JwksFile: set it to the \"iss\" your provider writes into tokens.");
            }
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Section}:ClockSkew must be between 0 and 10 minutes.");
        }

        foreach (var (claim, mapped) in RoleMap)
        {
            roles.Check(mapped, $"{Section}:RoleMap:{claim}", errors);
        }
    }
}
