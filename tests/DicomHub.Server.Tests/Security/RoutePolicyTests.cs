using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DicomHub.Archive.Security;
using DicomHub.Archive.Security.ApiKeys;
using DicomHub.Server.Security;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.Tests.Security;

/// <summary>
/// Every route the server maps, taken from its own endpoint data source (so a route added later is in the table
/// without anyone adding it here): each must demand an archive action or say why it is public. With API keys
/// configured, each protected route answers an anonymous caller 401, a caller holding every role but the one it
/// needs 403, and a caller holding only that role a success.
/// </summary>
public sealed class RoutePolicyTests
{
    private const string Study = "1.2.826.0.1.3680043.10.543.1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_route_demands_an_action_and_answers_anonymous_401_wrong_role_403_and_right_role_success()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Destinations:REMOTE"] = "http://127.0.0.1:9/dicomweb" });
        var keys = server.Services.GetRequiredService<ApiKeyService>();
        var admin = (await keys.CreateAsync("admin", ["admin"], Ct)).Secret;
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var data = await Arrange(server, admin, client);

        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var unguarded = endpoints.Where(e => e.Metadata.GetMetadata<ArchiveActionMetadata>() is null && e.Metadata.GetMetadata<PublicEndpointMetadata>() is null)
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(unguarded.Count == 0, $"Routes without a policy: {string.Join(", ", unguarded)}. Map them with .RequireArchiveAction(...) or .AllowAnyCaller(\"why\").");
        Assert.True(endpoints.Count >= 35, $"only {endpoints.Count} routes found");

        var failures = new List<string>();
        var checkedRoutes = 0;

        // Deletes last: they remove what the other routes read.
        foreach (var endpoint in endpoints.OrderBy(e => Methods(e).Contains("DELETE")))
        {
            foreach (var method in Methods(endpoint))
            {
                var actions = endpoint.Metadata.GetMetadata<ArchiveActionMetadata>()?.Actions;
                var route = $"{method} {endpoint.RoutePattern.RawText}";
                if (actions is null)
                {
                    // Public: never forbidden, never broken (the sign-in route answers 401 without a credential, the
                    // viewer's 404 when it is not installed).
                    using var open = await SendAsync(server, method, endpoint, data, token: null);
                    Expect(failures, route, "anonymous (public route)", open, status => status is < 500 and not 403);
                    using var signedIn = await SendAsync(server, method, endpoint, data, admin);
                    Expect(failures, route, "admin (public route)", signedIn, status => status is < 400 or 404);
                    continue;
                }

                var needed = string.Join("+", actions);
                var wrong = (await keys.CreateAsync($"without-{needed}", [.. Enum.GetValues<ArchiveAction>().Where(a => !actions.Contains(a) && a != ArchiveAction.Admin).Select(Role)], Ct)).Secret;
                var right = (await keys.CreateAsync($"only-{needed}", [.. actions.Select(Role)], Ct)).Secret;
                using (var anonymous = await SendAsync(server, method, endpoint, data, token: null))
                {
                    Expect(failures, route, "anonymous", anonymous, status => status == 401);
                    if (anonymous.StatusCode == HttpStatusCode.Unauthorized && !anonymous.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                    {
                        failures.Add($"{route}: 401 without 'WWW-Authenticate: Bearer'");
                    }
                }

                using (var forbidden = await SendAsync(server, method, endpoint, data, wrong))
                {
                    Expect(failures, route, $"roles without {needed}", forbidden, status => status == 403);
                }

                using (var allowed = await SendAsync(server, method, endpoint, data, right))
                {
                    Expect(failures, route, $"roles {needed}", allowed, status => status is >= 200 and < 300);
                }

                checkedRoutes++;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedRoutes >= 30, $"only {checkedRoutes} protected routes checked");
    }

    [Fact]
    public async Task A_refused_credential_is_401_even_when_anonymous_callers_are_let_in()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Security:AllowAnonymous"] = "true" });
        var key = (await server.Services.GetRequiredService<ApiKeyService>().CreateAsync("reader", ["read"], Ct)).Secret;

        using var anonymous = await server.Client.GetAsync("studies", Ct);
        using var wrong = await server.SendAsync(HttpMethod.Get, "studies", key[..^2] + "xx");
        using var jwtWithoutOidc = await server.SendAsync(HttpMethod.Get, "studies", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("unknown or revoked", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, jwtWithoutOidc.StatusCode);
        Assert.Contains("Security:Oidc is not configured", await jwtWithoutOidc.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_anonymous_callers_keep_every_role_and_the_first_key_takes_them_away_and_revoking_it_gives_them_back()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Security:ApiKeyCacheDuration"] = "00:00:00" });
        var keys = server.Services.GetRequiredService<ApiKeyService>();
        var store = server.Services.GetRequiredService<IApiKeyStore>();

        using var before = await server.Client.DeleteAsync("studies/1.2.3", Ct);
        var (key, secret) = await keys.CreateAsync("ops", ["read"], Ct);
        using var after = await server.Client.GetAsync("studies", Ct);
        using var withKey = await server.SendAsync(HttpMethod.Get, "studies", secret);
        await store.RevokeApiKeysAsync(key.Id, DateTimeOffset.UtcNow, Ct);
        using var revoked = await server.SendAsync(HttpMethod.Get, "studies", secret);
        using var open = await server.Client.GetAsync("studies", Ct);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Every_refusal_reaches_the_security_event_observers()
    {
        var observer = new RecordingObserver();
        await using var server = await ServerFixture.StartAsync(configureServices: s => s.AddSingleton<ISecurityEventObserver>(observer));
        var keys = server.Services.GetRequiredService<ApiKeyService>();
        var reader = (await keys.CreateAsync("reader", ["read"], Ct)).Secret;

        using var anonymous = await server.Client.GetAsync("studies", Ct);
        using var bad = await server.SendAsync(HttpMethod.Get, "studies", "dhk_0123456789ab_nope");
        using var forbidden = await server.SendAsync(HttpMethod.Delete, "studies/1.2.3", reader);

        Assert.Equal(
            [SecurityEventKind.AuthenticationRequired, SecurityEventKind.AuthenticationFailed, SecurityEventKind.AccessRefused],
            observer.Events.Select(e => e.Kind));
        Assert.Equal(ArchiveAction.Delete, observer.Events[2].Action);
        Assert.Equal("reader", observer.Events[2].Who);
        Assert.All(observer.Events, e => Assert.Equal("127.0.0.1", e.RemoteAddress));
    }

    private static async Task<RouteData> Arrange(ServerFixture server, string admin, HttpClient client)
    {
        // One study the read, write and export routes use; three more the deletes remove (one level each).
        foreach (var (study, sop) in new[] { (Study, $"{Study}.1.1"), ($"{Study}1", $"{Study}1.1.1"), ($"{Study}2", $"{Study}2.1.1"), ($"{Study}3", $"{Study}3.1.1") })
        {
            using var stored = await server.SendAsync(HttpMethod.Post, "studies", admin, Multipart.Dicom(await TestFiles.InstanceAsync(sop, study, study + ".1")));
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        using var export = await server.SendAsync(HttpMethod.Post, $"studies/{Study}/export?to=REMOTE", admin);
        Assert.Equal(HttpStatusCode.Accepted, export.StatusCode);
        var exportId = JsonDocument.Parse(await export.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").ToString();
        return new RouteData(exportId, client);
    }

    private static async Task<HttpResponseMessage> SendAsync(ServerFixture server, string method, RouteEndpoint endpoint, RouteData data, string? token)
    {
        var pattern = endpoint.RoutePattern;
        var isDelete = method == "DELETE";

        // A delete removes one level of its own study: the instance of study ...1, the series of ...2, study ...3.
        var depth = pattern.Parameters.Count(p => p.Name is "study" or "series" or "instance");
        var study = isDelete ? Study + (4 - depth) : Study;
        var values = new Dictionary<string, string>
        {
            ["study"] = study,
            ["series"] = study + ".1",
            ["instance"] = study + ".1.1",
            ["frames"] = "1",
            ["frame"] = "1",
            ["path"] = "7FE00010",
            ["id"] = data.ExportId,
        };
        var path = string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => values[parameter.Name],
            _ => throw new InvalidOperationException($"unexpected route part in {pattern.RawText}"),
        }))));
        var query = path switch
        {
            _ when path.EndsWith("/wado", StringComparison.Ordinal) => $"?requestType=WADO&studyUID={Study}&seriesUID={Study}.1&objectUID={Study}.1.1&contentType=application/dicom",
            _ when path.EndsWith("/export", StringComparison.Ordinal) => "?to=REMOTE",
            _ => string.Empty,
        };
        var isStow = method == "POST" && (pattern.RawText!.EndsWith("/studies", StringComparison.Ordinal) || pattern.RawText.EndsWith("/studies/{study}", StringComparison.Ordinal));
        var body = isStow ? Multipart.Dicom(await TestFiles.InstanceAsync($"{Study}.9.{++data.Stored}", Study, Study + ".9")) : null;
        var url = new Uri(server.BaseAddress, "/" + path.TrimStart('/') + query);
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = body };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await data.Client.SendAsync(request, Ct);
    }

    private static string Role(ArchiveAction action) => action.ToString().ToLowerInvariant();

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    private static void Expect(List<string> failures, string route, string who, HttpResponseMessage response, Func<int, bool> expected)
    {
        if (!expected((int)response.StatusCode))
        {
            failures.Add($"{route} as {who}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }



    /// <param name="client">Without cookies: the sign-in route sets one, which must not carry into the next requests.</param>
    private sealed class RouteData(string exportId, HttpClient client)
    {
        public string ExportId { get; } = exportId;

        public HttpClient Client { get; } = client;

        /// <summary>Instances stored by the STOW-RS routes so far (each gets a new SOP Instance UID).</summary>
        public int Stored { get; set; }
    }

    private sealed class RecordingObserver : ISecurityEventObserver
    {
        private readonly List<SecurityEvent> _events = [];

        public IReadOnlyList<SecurityEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void OnSecurityEvent(SecurityEvent securityEvent)
        {
            lock (_events)
            {
                _events.Add(securityEvent);
            }
        }
    }
}
