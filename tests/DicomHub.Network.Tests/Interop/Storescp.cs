using System.Diagnostics;
using System.Net.Sockets;
using DicomHub.Testing;

namespace DicomHub.Network.Tests.Interop;

/// <summary>DCMTK's storescp on a free loopback port, writing into a temp folder; killed on dispose.</summary>
internal sealed class Storescp : IAsyncDisposable
{
    private readonly Process _process;

    private Storescp(Process process, int port, TempDirectory folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    public TempDirectory Folder { get; }

    public DicomNodeUri Node => new("STORESCP", "127.0.0.1", Port);

    public static async Task<Storescp> StartAsync(params string[] options)
    {
        var program = Peers.Require("storescp", "dcmtk");
        var folder = new TempDirectory("dicomhub-storescp");
        var port = FreePort.Next();
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-aet", "STORESCP", "-od", folder.Path, .. options, port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start storescp");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peer = new Storescp(process, port, folder);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return peer;
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    break;
                }

                await Task.Delay(100);
            }
        }

        await peer.DisposeAsync();
        throw new InvalidOperationException($"storescp did not start listening on port {port}.");
    }

    /// <summary>The file storescp wrote for an instance (it names files "MODALITY.SOPInstanceUID").</summary>
    public string FileFor(string sopInstanceUid) =>
        Directory.GetFiles(Folder.Path).Single(f => Path.GetFileName(f).EndsWith(sopInstanceUid, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Folder.Dispose();
    }
}
