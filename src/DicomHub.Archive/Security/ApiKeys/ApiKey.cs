namespace DicomHub.Archive.Security.ApiKeys;

/// <summary>
/// An API key as the registry keeps it: who it is for, its roles, when it was made and revoked. The secret
/// itself is never stored, only its SHA-256 (<see cref="ApiKeySecret"/>).
/// </summary>
public sealed record ApiKey(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedUtc, DateTimeOffset? RevokedUtc)
{
    public bool IsRevoked => RevokedUtc is not null;
}

/// <summary>A stored key with the hash of its secret, for verification.</summary>
public sealed record StoredApiKey(ApiKey Key, string SecretHash);
