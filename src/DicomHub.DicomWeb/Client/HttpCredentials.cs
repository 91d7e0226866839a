using System.Net.Http.Headers;
using System.Text;

namespace DicomHub.DicomWeb.Client;

/// <summary>
/// What a DICOMweb client sends as its Authorization header: a bearer token (an OAuth 2.0 access token, or a
/// DicomHub API key, which travels the same way) or a user name and password (basic, as Orthanc's RegisteredUsers
/// expect). Never printed: <see cref="ToString"/> names only the scheme.
/// </summary>
public sealed class HttpCredentials
{
    private HttpCredentials(string scheme, string parameter)
    {
        Scheme = scheme;
        Parameter = parameter;
    }

    public string Scheme { get; }

    private string Parameter { get; }

    public static HttpCredentials Bearer(string token) =>
        string.IsNullOrWhiteSpace(token) ? throw new ArgumentException("The bearer token is empty.", nameof(token)) : new("Bearer", token.Trim());

    public static HttpCredentials Basic(string userName, string password) =>
        userName.Contains(':', StringComparison.Ordinal)
            ? throw new ArgumentException("A basic-authentication user name cannot contain ':'.", nameof(userName))
            : new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));

    public AuthenticationHeaderValue Header => new(Scheme, Parameter);

    /// <summary>Sets the Authorization header of <paramref name="request"/>.</summary>
    public void Apply(HttpRequestMessage request) => request.Headers.Authorization = Header;

    public override string ToString() => $"{Scheme} (credentials hidden)";
}
