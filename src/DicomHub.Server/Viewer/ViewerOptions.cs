namespace DicomHub.Server.Viewer;

/// <summary>
/// The OHIF v3 viewer served at /viewer/ (configuration section "Viewer"). The static site comes from
/// scripts/fetch-viewer.sh (the pinned npm package @ohif/app, rewritten for the /viewer/ prefix); the archive
/// generates its app-config.js from its own settings, so the viewer talks to this archive on the same origin.
/// </summary>
public sealed class ViewerOptions
{
    public const string SectionName = "Viewer";

    /// <summary>The folder of an OHIF v3 build for the /viewer/ prefix; by default viewer/ beside the program, else .dicomhub/viewer/ohif of the checkout.</summary>
    public string? Path { get; set; }

    /// <summary>Off: /viewer/ answers 404 with how to turn it on, and /ui/ shows no viewer links.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When the archive requires sign-in: the OpenID Connect client the viewer signs in with (OHIF's oidc settings).</summary>
    public ViewerOidcOptions? Oidc { get; set; }
}

/// <summary>OHIF's OpenID Connect client (authorization code flow with PKCE, done in the browser by oidc-client-ts).</summary>
public sealed class ViewerOidcOptions
{
    /// <summary>The identity provider's issuer URL (its /.well-known/openid-configuration is read by the browser).</summary>
    public string? Authority { get; set; }

    /// <summary>A public client registered at the provider with the redirect URI {origin}/viewer/callback.</summary>
    public string? ClientId { get; set; }

    public string Scope { get; set; } = "openid profile";
}
