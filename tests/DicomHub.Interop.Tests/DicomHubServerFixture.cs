using DicomHub.Server;
using DicomHub.Testing;
using Microsoft.AspNetCore.Builder;

namespace DicomHub.Interop.Tests;

/// <summary>The DicomHub server on Kestrel, loopback, a free port, data in a temp folder; stopped on dispose.</summary>
internal sealed class DicomHubServerFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("dicomhub-interop");
    private readonly WebApplication _app;

    private DicomHubServerFixture()
    {
        _app = DicomHubServer.Build([], new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _directory.Path,
            ["DicomWeb:HttpPort"] = "0",
            ["Dimse:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
    }

    /// <summary>The DICOMweb service root, e.g. http://127.0.0.1:PORT/dicomweb/.</summary>
    public Uri DicomWebRoot { get; private set; } = null!;

    public static async Task<DicomHubServerFixture> StartAsync(CancellationToken cancellationToken)
    {
        var fixture = new DicomHubServerFixture();
        await fixture._app.StartAsync(cancellationToken);
        fixture.DicomWebRoot = new Uri(DicomHubServer.HttpAddress(fixture._app), "/dicomweb/");
        return fixture;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
