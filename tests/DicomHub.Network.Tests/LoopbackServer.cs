using System.Net;
using DicomHub.Network.Association;
using DicomHub.Network.Scp;
using DicomHub.Network.Storage;
using DicomHub.Testing;
using Microsoft.Extensions.Logging;

namespace DicomHub.Network.Tests;

/// <summary>Our storage SCP on a free loopback port, writing into a temp folder; logs are captured for assertions.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private LoopbackServer(DicomServer server, TempDirectory folder, ListLoggerProvider logs)
    {
        Server = server;
        Folder = folder;
        Logs = logs;
    }

    public DicomServer Server { get; }

    public TempDirectory Folder { get; }

    public ListLoggerProvider Logs { get; }

    public int Port => Server.Port;

    public DicomNodeUri Node => new("STORESCP", "127.0.0.1", Port);

    public static async Task<LoopbackServer> StartAsync(AcceptancePolicy? policy = null, DicomNetworkOptions? network = null, bool durable = false)
    {
        var folder = new TempDirectory("dicomhub-scp");
        var logs = new ListLoggerProvider();
        var options = new DicomServerOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            Policy = policy ?? new AcceptancePolicy { AeTitle = "STORESCP" },
            Network = network ?? new DicomNetworkOptions(),
        };
        var server = DicomServer.ForStorage(options, new FolderStoreHandler(folder.Path, durable: durable), logs);
        await server.StartAsync();
        return new LoopbackServer(server, folder, logs);
    }

    /// <summary>Files the SCP completed (temporary ".partial" files excluded).</summary>
    public string[] StoredFiles() => Directory.GetFiles(Folder.Path, "*.dcm");

    public string[] AllFiles() => Directory.GetFiles(Folder.Path);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Folder.Dispose();
    }
}

/// <summary>Collects log lines in memory so tests can check that a failure names its cause.</summary>
internal sealed class ListLoggerProvider : ILoggerFactory
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new ListLogger(_lines);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class ListLogger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
