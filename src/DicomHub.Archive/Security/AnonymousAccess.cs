using DicomHub.Archive.Security.ApiKeys;

namespace DicomHub.Archive.Security;

/// <summary>
/// Whether callers without a credential get the anonymous roles: on an archive with no credential configured they
/// do (today's loopback behaviour); once an API key exists or OpenID Connect is configured (for DIMSE also once
/// peers are listed) they get nothing, unless Security:AllowAnonymous. Whether keys exist is asked of the store at
/// most once per <see cref="SecurityOptions.ApiKeyCacheDuration"/>: the first key created turns anonymous access off
/// on every server within that time.
/// </summary>
public sealed class AnonymousAccess(SecurityOptions options, ApiKeyService apiKeys)
{
    private volatile bool _apiKeysExist;

    /// <summary>Anonymous HTTP callers get the anonymous roles (as of the last refresh).</summary>
    public bool HttpAllowed => options.AllowAnonymous || !HttpCredentialsConfigured;

    /// <summary>Calling AE titles that are no listed peer and bring no verified identity may associate (as of the last refresh).</summary>
    public bool DimseAllowed => options.AllowAnonymous || !(HttpCredentialsConfigured || options.Dimse.HasPeers);

    /// <summary>An API key exists or OpenID Connect is configured.</summary>
    public bool HttpCredentialsConfigured => options.Oidc.IsConfigured || _apiKeysExist;

    /// <summary>Asks the key store again when the cached answer is older than the cache duration.</summary>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken = default) =>
        _apiKeysExist = await apiKeys.HasActiveKeysAsync(cancellationToken).ConfigureAwait(false);
}
