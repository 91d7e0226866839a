using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DicomHub.Network.Dimse;
using DicomHub.Network.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Network.Scp;

/// <summary>
/// A DICOM SCP: listens on TCP, serves many associations at once (each on its own task), and routes
/// requests to the registered services. `receive` runs it with a folder store; the archive with its ingest.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly DimseServiceRegistry _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Task, bool> _associations = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _active;

    public DicomServer(DicomServerOptions options, IEnumerable<IDimseService> services, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        _services = new DimseServiceRegistry(services);

        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<DicomServer>();
    }

    /// <summary>A storage SCP: C-ECHO plus C-STORE into <paramref name="storeHandler"/>.</summary>
    public static DicomServer ForStorage(DicomServerOptions options, ICStoreHandler storeHandler, ILoggerFactory? loggerFactory = null) =>
        new(options, [new CEchoService(new SuccessEchoHandler()), new CStoreService(storeHandler)], loggerFactory);

    /// <summary>The port actually bound (useful with port 0).</summary>
    public int Port { get; private set; }

    public int ActiveAssociations => Volatile.Read(ref _active);

    public DicomServerOptions Options => _options;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        var listener = new Socket(_options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(_options.BindAddress, _options.Port));
            listener.Listen(128);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new IOException($"Cannot listen on {_options.BindAddress}:{_options.Port}: {e.Message}. Pick another port or stop the program using it.", e);
        }

        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _logger.LogInformation("DICOM SCP '{AeTitle}' listening on {Address}:{Port}", _options.Policy.AeTitle, _options.BindAddress, Port);
        _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, gives running associations <paramref name="grace"/> to finish, then aborts them.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        _listener?.Close();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        var running = Task.WhenAll(_associations.Keys);
        if (await Task.WhenAny(running, Task.Delay(grace ?? TimeSpan.FromSeconds(5))).ConfigureAwait(false) != running)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            var overLimit = Interlocked.Increment(ref _active) > _options.MaxAssociations;
            var association = new ScpAssociation(socket, _options, _services, overLimit, _loggerFactory.CreateLogger<ScpAssociation>());
            var task = RunAssociationAsync(association, cancellationToken);
            _associations.TryAdd(task, true);
            _ = task.ContinueWith(t => _associations.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task RunAssociationAsync(ScpAssociation association, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await association.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // One broken association must never take the server down.
            _logger.LogError(e, "Association from {Peer} failed unexpectedly.", association.RemoteEndPoint);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }
}
