using System.Collections.Concurrent;

namespace DicomHub.Archive.Security.ApiKeys;

/// <summary>
/// Creates API keys and checks presented ones. A verified key is trusted for
/// <see cref="SecurityOptions.ApiKeyCacheDuration"/> before the store is asked again, so a busy client does not
/// cost a database round trip per request and a revocation still reaches every server within that time.
/// </summary>
public sealed class ApiKeyService(IApiKeyStore store, SecurityOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (ApiKey Key, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);
    private (bool Any, DateTimeOffset Until) _anyActive = (false, DateTimeOffset.MinValue);

    /// <summary>Makes a key for <paramref name="name"/> with <paramref name="roles"/>; the returned secret is shown once and never stored.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, IReadOnlyList<string> roles, CancellationToken cancellationToken = default)
    {
        var (id, secret) = ApiKeySecret.Generate();
        var key = new ApiKey(id, name, roles, time.GetUtcNow(), null);
        await store.AddApiKeyAsync(key, ApiKeySecret.Hash(secret), cancellationToken).ConfigureAwait(false);
        _anyActive = (true, time.GetUtcNow() + options.ApiKeyCacheDuration);
        return (key, secret);
    }

    /// <summary>The active key <paramref name="presented"/> is, or null (not a key, unknown, revoked, or a wrong secret).</summary>
    public async Task<ApiKey?> VerifyAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!ApiKeySecret.TryParse(presented, out var id))
        {
            return null;
        }

        var hash = ApiKeySecret.Hash(presented);
        var now = time.GetUtcNow();
        if (_verified.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Key;
        }

        var stored = await store.FindApiKeyAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Key.IsRevoked || !ApiKeySecret.Matches(presented, stored.SecretHash))
        {
            _verified.TryRemove(hash, out _);
            return null;
        }

        if (options.ApiKeyCacheDuration > TimeSpan.Zero)
        {
            _verified[hash] = (stored.Key, now + options.ApiKeyCacheDuration);
        }

        return stored.Key;
    }

    /// <summary>Whether any key is active (so anonymous callers lose their roles); cached like verified keys.</summary>
    public async Task<bool> HasActiveKeysAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var cached = _anyActive;
        if (cached.Until > now)
        {
            return cached.Any;
        }

        var any = await store.HasActiveApiKeysAsync(cancellationToken).ConfigureAwait(false);
        _anyActive = (any, now + options.ApiKeyCacheDuration);
        return any;
    }
}
