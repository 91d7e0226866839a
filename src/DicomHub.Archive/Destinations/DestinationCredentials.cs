using DicomHub.DicomWeb.Client;
using DicomHub.Network.Pdus;

namespace DicomHub.Archive.Destinations;

/// <summary>
/// How the archive proves who it is to a destination (section "Destinations:NAME:Credentials"): a bearer token or a
/// DicomHub API key of the remote archive (Token / ApiKey, or TokenFile / ApiKeyFile so the secret stays out of the
/// settings), or a user name and password (Username with Password / PasswordFile; HTTP basic, as Orthanc's
/// RegisteredUsers). Over DIMSE the same settings become a user identity (PS3.7 D.3.3.7): a JWT token as type 5, a
/// user name with its password or API key as type 2.
/// </summary>
public sealed class DestinationCredentials
{
    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    public string? ApiKey { get; set; }

    public string? ApiKeyFile { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? PasswordFile { get; set; }

    /// <summary>Reads the secret files and checks that the settings make one kind of credential; problems go to <paramref name="errors"/>.</summary>
    public ResolvedCredentials? Resolve(string destination, List<string> errors)
    {
        var section = $"{DestinationCatalog.SectionName}:{destination}:Credentials";
        var bearer = Secret(Token, TokenFile, $"{section}:Token", errors) ?? Secret(ApiKey, ApiKeyFile, $"{section}:ApiKey", errors);
        var password = Secret(Password, PasswordFile, $"{section}:Password", errors);
        if (bearer is not null)
        {
            var identity = Username is not null
                ? UserIdentityRequestItem.ForUsername(Username, bearer)
                : new UserIdentityRequestItem(UserIdentityType.JsonWebToken, false, System.Text.Encoding.UTF8.GetBytes(bearer), ReadOnlyMemory<byte>.Empty);
            return new ResolvedCredentials(HttpCredentials.Bearer(bearer), identity);
        }

        if (Username is not null)
        {
            if (password is null)
            {
                errors.Add($"{section}:Username is set without a Password or PasswordFile.");
                return null;
            }

            try
            {
                return new ResolvedCredentials(HttpCredentials.Basic(Username, password), UserIdentityRequestItem.ForUsername(Username, password));
            }
            catch (ArgumentException e)
            {
                errors.Add($"{section}:Username: {e.Message}");
                return null;
            }
        }

        errors.Add($"{section} names no credential: set Token, ApiKey (or TokenFile, ApiKeyFile), or Username with Password (or PasswordFile).");
        return null;
    }

    private static string? Secret(string? value, string? file, string setting, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        if (string.IsNullOrWhiteSpace(file))
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(file).Trim();
            if (text.Length == 0)
            {
                errors.Add($"{setting}File '{file}' is empty.");
                return null;
            }

            return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{setting}File '{file}' cannot be read: {e.Message}");
            return null;
        }
    }
}

/// <summary>A destination's credentials, ready for each protocol: the Authorization header for STOW-RS, the user identity for C-STORE.</summary>
public sealed record ResolvedCredentials(HttpCredentials Http, UserIdentityRequestItem DimseIdentity)
{
    public override string ToString() => Http.ToString();
}
