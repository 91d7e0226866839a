using System.Globalization;
using DicomHub.Server;
using DicomHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.Tests.Support;

/// <summary>A real DicomHub server on Kestrel, loopback, a free port, its data in a temp folder.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("dicomhub-server");
    private readonly WebApplication _app;

    private ServerFixture(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _directory.Path,
            ["DicomWeb:HttpPort"] = "0",
            ["Dimse:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        _app = DicomHubServer.Build([], overrides, configureServices);
    }

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string DataDirectory => _directory.Path;

    /// <summary>The running server's services (its API key service, its endpoints).</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="configureServices">Registrations after the server's own (a test's principal resolver, an ingest observer).</param>
    public static async Task<ServerFixture> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var fixture = new ServerFixture(settings ?? new Dictionary<string, string?>(), configureServices);
        await fixture._app.StartAsync(TestContext.Current.CancellationToken);
        var address = DicomHubServer.HttpAddress(fixture._app);
        fixture.BaseAddress = new Uri(address, "/dicomweb/");
        fixture.Client = new HttpClient { BaseAddress = fixture.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        return fixture;
    }

    public int Port => BaseAddress.Port;

    public int? DimsePort => DicomHubServer.DimsePort(_app);

    public string[] BlobFiles() => Directory.GetFiles(Path.Combine(DataDirectory, "blobs"), "*", SearchOption.AllDirectories);

    public string[] StagedFiles() => StagedBlobs.In(DataDirectory);

    public string Url(string relative) => new Uri(BaseAddress, relative).ToString();

    /// <summary>A request with "Authorization: Bearer <paramref name="token"/>" (an API key or a JWT).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, relative) { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static string Setting(long value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
