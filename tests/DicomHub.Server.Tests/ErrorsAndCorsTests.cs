using System.Net;
using System.Text.Json;
using DicomHub.Server.Tests.Support;

namespace DicomHub.Server.Tests;

/// <summary>Problem bodies that name the cause for errors no endpoint wrote itself; CORS preflight allowing DICOMweb Accept headers.</summary>
public sealed class ErrorsAndCorsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnknownPathIsAProblemNamingWhereResourcesLive()
    {
        await using var server = await ServerFixture.StartAsync();

        using var response = await server.Client.GetAsync("nothing-here", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("/dicomweb/studies", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethodIsAProblemNamingTheMethods()
    {
        await using var server = await ServerFixture.StartAsync();

        using var response = await server.Client.PutAsync("studies", new StringContent("x"), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("PUT is not supported", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorsPreflightAllowsTheDicomWebAcceptHeader()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["DicomWeb:CorsOrigins:0"] = "http://viewer.example" });

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "studies/1.2.3/series/4.5/instances/6.7");
        preflight.Headers.Add("Origin", "http://viewer.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "accept");
        using var response = await server.Client.SendAsync(preflight, Ct);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal("http://viewer.example", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("accept", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        // A real request from that origin carries the header too; another origin does not get it.
        using var query = new HttpRequestMessage(HttpMethod.Get, "studies");
        query.Headers.Add("Origin", "http://viewer.example");
        query.Headers.TryAddWithoutValidation("Accept", "application/dicom+json");
        using var answer = await server.Client.SendAsync(query, Ct);
        Assert.Equal("http://viewer.example", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));

        using var foreign = new HttpRequestMessage(HttpMethod.Get, "studies");
        foreign.Headers.Add("Origin", "http://elsewhere.example");
        using var refused = await server.Client.SendAsync(foreign, Ct);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
