namespace DicomHub.Archive.Security.ApiKeys;

/// <summary>
/// Where API keys live: the registry's database, so that every server sharing a PostgreSQL registry sees a key
/// created or revoked on any of them (and `dicomhub apikey` works against a running server's --data folder).
/// </summary>
public interface IApiKeyStore
{
    Task AddApiKeyAsync(ApiKey key, string secretHash, CancellationToken cancellationToken = default);

    /// <summary>Every key, revoked ones too, oldest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default);

    Task<StoredApiKey?> FindApiKeyAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Revokes the keys whose id or name is <paramref name="idOrName"/> and returns them (already revoked ones are left as they were).</summary>
    Task<IReadOnlyList<ApiKey>> RevokeApiKeysAsync(string idOrName, DateTimeOffset whenUtc, CancellationToken cancellationToken = default);

    Task<bool> HasActiveApiKeysAsync(CancellationToken cancellationToken = default);
}
