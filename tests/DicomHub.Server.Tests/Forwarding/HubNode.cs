using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using DicomHub.Server;
using DicomHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.Tests.Forwarding;

/// <summary>
/// A DicomHub server that can be stopped and started again on the same ports and data folder (a restart),
/// with DIMSE on; an in-process <see cref="DicomHubServer.Build"/> like production.
/// </summary>
internal sealed class HubNode : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("dicomhub-node");
    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;

    public HubNode(string aeTitle, IDictionary<string, string?>? settings = null)
    {
        AeTitle = aeTitle;
        HttpPort = FreePort.Next();
        DimsePort = FreePort.Next();
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _directory.Path,
            ["Storage:Durable"] = "false",
            ["DicomWeb:HttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["Dimse:Enabled"] = "true",
            ["Dimse:Port"] = DimsePort.ToString(CultureInfo.InvariantCulture),
            ["Dimse:AeTitle"] = aeTitle,
            ["Forwarding:RetryInitialDelay"] = "00:00:00.200",
            ["Forwarding:RetryMaxDelay"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        Client = new HttpClient { BaseAddress = DicomWebRoot, Timeout = TimeSpan.FromMinutes(2) };
    }

    public string AeTitle { get; }

    public int HttpPort { get; }

    public int DimsePort { get; }

    public Uri DicomWebRoot => new($"http://127.0.0.1:{HttpPort}/dicomweb/");

    public string DimseUrl => $"dicom://{AeTitle}@127.0.0.1:{DimsePort}";

    public string DataDirectory => _directory.Path;

    public HttpClient Client { get; }

    public bool IsRunning => _app is not null;

    public async Task StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var app = DicomHubServer.Build([], _settings, configureServices);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>The SOP Instance UIDs of a study as QIDO-RS lists them (one per stored row: a duplicate would show twice).</summary>
    public async Task<IReadOnlyList<string>> InstanceUidsAsync(string study, CancellationToken cancellationToken)
    {
        using var response = await Client.GetAsync($"studies/{study}/instances", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. json.RootElement.EnumerateArray().Select(i => i.GetProperty("00080018").GetProperty("Value")[0].GetString()!)];
    }

    /// <summary>The instance files in the blob store (a duplicate kept would be one more).</summary>
    public int BlobCount() => Directory.Exists(Path.Combine(DataDirectory, "blobs"))
        ? Directory.GetFiles(Path.Combine(DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Length
        : 0;

    public async Task<JsonElement> ExportsAsync(CancellationToken cancellationToken) =>
        await Client.GetFromJsonAsync<JsonElement>("exports?limit=1000", cancellationToken);

    public async Task<JsonElement> ExportStatusAsync(long id, CancellationToken cancellationToken) =>
        await Client.GetFromJsonAsync<JsonElement>($"exports/{id}", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Client.Dispose();
        _directory.Dispose();
    }
}
