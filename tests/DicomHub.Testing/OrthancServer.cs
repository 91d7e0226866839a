using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DicomHub.Testing;

/// <summary>
/// A real Orthanc with its DICOMweb plugin, started for a test on free ports with a generated configuration
/// and a temporary storage folder, and always stopped. DICOMweb is at <see cref="DicomWebRoot"/>, the Orthanc
/// REST API at <see cref="RestRoot"/> (through <see cref="Rest"/>).
/// </summary>
public sealed class OrthancServer : IAsyncDisposable
{
    public const string Program = "/usr/sbin/Orthanc";
    public const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly StringBuilder _log;

    private OrthancServer(Process process, TempDirectory directory, StringBuilder log, int httpPort, int dicomPort)
    {
        _process = process;
        _directory = directory;
        _log = log;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        RestRoot = new Uri($"http://127.0.0.1:{httpPort}/");
        DicomWebRoot = new Uri(RestRoot, "dicom-web/");
        Rest = new HttpClient { BaseAddress = RestRoot, Timeout = TimeSpan.FromMinutes(5) };
    }

    public int HttpPort { get; }

    public int DicomPort { get; }

    public string AeTitle => "ORTHANC";

    public Uri RestRoot { get; }

    public Uri DicomWebRoot { get; }

    public HttpClient Rest { get; }

    /// <summary>Orthanc's console output so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts Orthanc (skipping the test when it is not installed outside CI, failing under CI).
    /// <paramref name="dicomWebServers"/> become its DicomWeb "Servers" (name → URL), for its DICOMweb client;
    /// <paramref name="dicomModalities"/> its "DicomModalities" (name → AE title, host, port): the peers it may
    /// C-MOVE to, and which may query and retrieve from it (C-FIND/C-GET/C-MOVE from unknown AEs are refused).
    /// </summary>
    public static async Task<OrthancServer> StartAsync(
        IReadOnlyDictionary<string, string>? dicomWebServers = null,
        CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, OrthancModality>? dicomModalities = null)
    {
        var program = Peers.Require("Orthanc", "orthanc");
        if (!File.Exists(DicomWebPlugin))
        {
            Peers.Require("libOrthancDicomWeb.so", "orthanc-dicomweb");
        }

        var directory = new TempDirectory("orthanc");
        var httpPort = FreePort.Next();
        var dicomPort = FreePort.Next();
        var servers = new JsonObject();
        foreach (var (name, url) in dicomWebServers ?? new Dictionary<string, string>())
        {
            servers[name] = new JsonArray(url);
        }

        var modalities = new JsonObject();
        foreach (var (name, modality) in dicomModalities ?? new Dictionary<string, OrthancModality>())
        {
            modalities[name] = new JsonArray(modality.AeTitle, modality.Host, modality.Port);
        }

        var configuration = new JsonObject
        {
            ["DicomModalities"] = modalities,
            ["Name"] = "DicomHubInterop",
            ["StorageDirectory"] = directory.Combine("storage"),
            ["IndexDirectory"] = directory.Combine("index"),
            ["HttpPort"] = httpPort,
            ["DicomPort"] = dicomPort,
            ["DicomAet"] = "ORTHANC",
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["HttpCompressionEnabled"] = false,
            ["StorageCompression"] = false,
            ["Plugins"] = new JsonArray(DicomWebPlugin),
            ["DicomWeb"] = new JsonObject
            {
                ["Enable"] = true,
                ["Root"] = "/dicom-web/",
                ["EnableWado"] = false,
                ["Servers"] = servers,
            },
        };
        var configurationPath = directory.Combine("orthanc.json");
        await File.WriteAllTextAsync(configurationPath, configuration.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);

        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        info.ArgumentList.Add(configurationPath);
        var log = new StringBuilder();
        var process = new Process { StartInfo = info };
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new OrthancServer(process, directory, log, httpPort, dicomPort);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Orthanc's identifiers of every stored instance.</summary>
    public async Task<IReadOnlyList<string>> InstanceIdsAsync(CancellationToken cancellationToken = default) =>
        await Rest.GetFromJsonAsync<List<string>>("instances", cancellationToken) ?? [];

    /// <summary>The Part 10 file Orthanc stored for an instance, as it was received.</summary>
    public Task<byte[]> InstanceFileAsync(string orthancId, CancellationToken cancellationToken = default) =>
        Rest.GetByteArrayAsync($"instances/{orthancId}/file", cancellationToken);

    /// <summary>Orthanc's identifier of the instance with <paramref name="sopInstanceUid"/>, or null.</summary>
    public async Task<string?> FindInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        using var response = await Rest.PostAsync("tools/lookup", new StringContent(sopInstanceUid), cancellationToken);
        response.EnsureSuccessStatusCode();
        var matches = await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken) ?? [];
        return matches.Select(m => m?["Type"]?.GetValue<string>() == "Instance" ? m["ID"]?.GetValue<string>() : null).FirstOrDefault(id => id is not null);
    }

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone, or stuck beyond our patience: the temp folder goes anyway.
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        using var probe = new HttpClient { BaseAddress = RestRoot, Timeout = TimeSpan.FromSeconds(5) };
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Orthanc exited with code {_process.ExitCode} before answering /system:\n{Log}");
            }

            try
            {
                using var response = await probe.GetAsync("system", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe timed out while Orthanc starts up.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"Orthanc did not answer /system within 90 s:\n{Log}");
    }
}

/// <summary>A DICOM peer Orthanc knows ("DicomModalities" entry).</summary>
public sealed record OrthancModality(string AeTitle, string Host, int Port);
