using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using DicomHub.Testing.Oidc;

namespace DicomHub.Server.Tests.Security;

/// <summary>
/// OpenID Connect bearer tokens from a real provider (npm oidc-provider, client-credentials grant): a token for
/// DicomHub's audience from its authority is accepted with the roles its scopes map to; expired, wrong-audience,
/// wrong-issuer (another provider with the very same signing key), alg "none" and tampered tokens are refused with
/// 401. The same validation holds for a DIMSE user identity of type JWT (storescu --jwt), and for an offline site
/// that has only the provider's key set in a file.
/// </summary>
public sealed class OidcAuthenticationTests
{
    private const string Audience = "urn:dicomhub";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_credentials_token_is_accepted_and_expired_wrong_audience_wrong_issuer_alg_none_and_tampered_tokens_are_refused()
    {
        using var keys = new TempDirectory("oidc-keys");
        OidcProvider.WriteKeySet(keys.Combine("private.json"), keys.Combine("public.json"));
        await using var provider = await OidcProvider.StartAsync(keys.Combine("private.json"), Ct);
        await using var impostor = await OidcProvider.StartAsync(keys.Combine("private.json"), Ct);
        await using var server = await ServerFixture.StartAsync(Settings(provider.Issuer));

        var reader = await provider.TokenAsync("dicomhub-reader", "dicomhub.read", cancellationToken: Ct);
        var writer = await provider.TokenAsync("dicomhub-writer", "dicomhub.read dicomhub.write", cancellationToken: Ct);
        var otherAudience = await provider.TokenAsync("dicomhub-admin", "dicomhub.admin", resource: "urn:other", cancellationToken: Ct);
        var otherIssuer = await impostor.TokenAsync("dicomhub-admin", "dicomhub.admin", cancellationToken: Ct);
        var shortLived = await provider.TokenAsync("dicomhub-short", "dicomhub.read", cancellationToken: Ct);

        using (var ok = await server.SendAsync(HttpMethod.Get, "studies", reader))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var stow = await server.SendAsync(HttpMethod.Post, "studies", writer, Multipart.Dicom(await TestFiles.InstanceAsync("5.5.1", "5.5", "5.5.1"))))
        {
            Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        }

        using (var readerCannotDelete = await server.SendAsync(HttpMethod.Delete, "studies/5.5", reader))
        {
            Assert.Equal(HttpStatusCode.Forbidden, readerCannotDelete.StatusCode);
        }

        using (var anonymous = await server.Client.GetAsync("studies", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        await WaitUntilExpiredAsync(shortLived);
        var refused = new Dictionary<string, (string Token, string Reason)>
        {
            ["expired"] = (shortLived, "Lifetime validation failed"),
            ["wrong audience"] = (otherAudience, "Audience validation failed"),
            ["wrong issuer"] = (otherIssuer, "Issuer validation failed"),
            ["alg none"] = (AlgNone(reader), "signature"),
            ["tampered"] = (Tampered(reader), "Signature validation failed"),
        };
        foreach (var (what, (token, reason)) in refused)
        {
            using var response = await server.SendAsync(HttpMethod.Get, "studies", token);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode} {body}");
            Assert.Contains("The credential was refused", body, StringComparison.Ordinal);
            Assert.True(body.Contains(reason, StringComparison.OrdinalIgnoreCase), $"{what}: {body}");
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter!.Contains("invalid_token", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_jwt_user_identity_on_a_dimse_association_is_validated_like_a_bearer_token()
    {
        using var keys = new TempDirectory("oidc-keys");
        OidcProvider.WriteKeySet(keys.Combine("private.json"), keys.Combine("public.json"));
        await using var provider = await OidcProvider.StartAsync(keys.Combine("private.json"), Ct);
        var settings = Settings(provider.Issuer);
        settings["Dimse:Enabled"] = "true";
        settings["Dimse:Port"] = "0";
        await using var server = await ServerFixture.StartAsync(settings);
        var writer = await provider.TokenAsync("dicomhub-writer", "dicomhub.read dicomhub.write", cancellationToken: Ct);
        var reader = await provider.TokenAsync("dicomhub-reader", "dicomhub.read", cancellationToken: Ct);
        await File.WriteAllTextAsync(keys.Combine("writer.jwt"), writer, Ct);
        await File.WriteAllTextAsync(keys.Combine("reader.jwt"), reader, Ct);
        await File.WriteAllTextAsync(keys.Combine("tampered.jwt"), Tampered(writer), Ct);
        var instance = keys.Combine("new.dcm");
        await File.WriteAllBytesAsync(instance, await TestFiles.InstanceAsync("6.6.1", "6.6", "6.6.1"), Ct);
        var storescu = Peers.Require("storescu", "dcmtk");
        Task<ProcessResult> Store(string jwt) => Peers.RunAsync(
            storescu, ["-v", "-aet", "MODALITY", "-aec", "DICOMHUB", "--jwt", keys.Combine(jwt), "--pos-response", "127.0.0.1", server.DimsePort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), instance], cancellationToken: Ct);

        var stored = await Store("writer.jwt");
        var readOnly = await Store("reader.jwt");
        var tampered = await Store("tampered.jwt");

        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.NotEqual(0, readOnly.ExitCode);
        Assert.Contains("0x124", readOnly.StandardOutput + readOnly.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Contains("Source: Service Provider (ACSE Related)", tampered.StandardOutput + tampered.StandardError, StringComparison.Ordinal);
        using var found = await server.SendAsync(HttpMethod.Get, "studies?StudyInstanceUID=6.6", reader);
        Assert.Contains("6.6", await found.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offline_site_validates_tokens_with_the_providers_key_set_from_a_file()
    {
        using var keys = new TempDirectory("oidc-keys");
        OidcProvider.WriteKeySet(keys.Combine("private.json"), keys.Combine("public.json"));
        await using var provider = await OidcProvider.StartAsync(keys.Combine("private.json"), Ct);
        var settings = Settings(provider.Issuer);
        settings["Security:Oidc:Authority"] = null;
        settings["Security:Oidc:JwksFile"] = keys.Combine("public.json");
        settings["Security:Oidc:Issuer"] = provider.Issuer;
        await using var server = await ServerFixture.StartAsync(settings);
        var reader = await provider.TokenAsync("dicomhub-reader", "dicomhub.read", cancellationToken: Ct);
        await provider.DisposeAsync();

        // The provider is gone: nothing is fetched, the file's key and the configured issuer decide.
        using var accepted = await server.SendAsync(HttpMethod.Get, "studies", reader);
        using var tampered = await server.SendAsync(HttpMethod.Get, "studies", Tampered(reader));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
    }

    private static Dictionary<string, string?> Settings(string issuer) => new()
    {
        ["Security:Oidc:Authority"] = issuer,
        ["Security:Oidc:Audience"] = Audience,
        ["Security:Oidc:RequireHttpsMetadata"] = "false",
        ["Security:Oidc:ClockSkew"] = "00:00:00",
        ["Security:Oidc:RoleMap:dicomhub.read:0"] = "read",
        ["Security:Oidc:RoleMap:dicomhub.write:0"] = "write",
        ["Security:Oidc:RoleMap:dicomhub.admin:0"] = "admin",
    };


    /// <summary>The same claims under a header saying "alg": "none", and no signature.</summary>
    private static string AlgNone(string jwt) => $"{B64("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{jwt.Split('.')[1]}.";

    /// <summary>The payload with admin scope instead, under the original signature.</summary>
    private static string Tampered(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(FromB64(parts[1])))!.AsObject();
        payload["scope"] = "dicomhub.admin";
        return $"{parts[0]}.{B64(payload.ToJsonString())}.{parts[2]}";
    }

    private static async Task WaitUntilExpiredAsync(string jwt)
    {
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(FromB64(jwt.Split('.')[1])))!;
        var expires = DateTimeOffset.FromUnixTimeSeconds(payload["exp"]!.GetValue<long>());
        while (DateTimeOffset.UtcNow <= expires.AddSeconds(1))
        {
            await Task.Delay(250, Ct);
        }
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
