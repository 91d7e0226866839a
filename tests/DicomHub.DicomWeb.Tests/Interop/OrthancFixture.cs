using DicomHub.Testing;

namespace DicomHub.DicomWeb.Tests.Interop;

/// <summary>One Orthanc for all tests of a class; each test uses its own patient so they do not see each other.</summary>
public sealed class OrthancFixture : IAsyncLifetime
{
    private OrthancServer? _server;

    public OrthancServer Server => _server ?? throw new InvalidOperationException("Orthanc did not start.");

    public async ValueTask InitializeAsync()
    {
        // A missing Orthanc skips (outside CI) in the tests that use it, not here: remember nothing.
        if (Peers.Find("Orthanc") is not null)
        {
            _server = await OrthancServer.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>The running Orthanc, or a skip/fail when it is not installed.</summary>
    public OrthancServer Require()
    {
        Peers.Require("Orthanc", "orthanc");
        return Server;
    }
}
