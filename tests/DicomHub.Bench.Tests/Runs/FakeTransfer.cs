using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using DicomHub.Bench.Runs;

namespace DicomHub.Bench.Tests.Runs;

/// <summary>
/// A protocol-free stand-in for an exporter and an archive, to test the runner and the reports without
/// DICOM: each object is framed as [name length][name][8-byte size][bytes] and acknowledged with one byte.
/// </summary>
internal sealed class FakeDataSets : IDataSetProvider
{
    public async Task<BenchDataSet> PrepareAsync(string profile, string cacheDirectory, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(cacheDirectory, profile);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var expected = new ArchiveInventory.Builder();
        var random = new Random(profile.Length);
        for (var i = 0; i < 5; i++)
        {
            var bytes = new byte[20_000 + (i * 7000)];
            random.NextBytes(bytes);
            var path = Path.Combine(folder, $"obj{i}.bin");
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            files.Add(path);
            expected.Add(Path.GetFileName(path), SHA256.HashData(bytes));
        }

        return new BenchDataSet(profile, "fake objects", folder, files, files.Sum(f => new FileInfo(f).Length), expected.Build());
    }
}

internal sealed class FakeMethod(string id, bool corrupt = false) : IExportMethod
{
    public string Id => id;

    public string Label => corrupt ? "fake sender that flips a byte" : "fake sender, window 1";

    public MethodSettings Settings { get; } = new("FAKE", 1, 1, "on", null);

    public Task<IPreparedExport> PrepareAsync(BenchDataSet dataSet, ExportTarget target, CancellationToken cancellationToken) =>
        Task.FromResult<IPreparedExport>(new Prepared(dataSet, target, corrupt));

    private sealed class Prepared(BenchDataSet dataSet, ExportTarget target, bool corrupt) : IPreparedExport
    {
        public async Task<ExportOutcome> RunAsync(CancellationToken cancellationToken)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(target.Dimse, cancellationToken);
            var stored = 0;
            foreach (var file in dataSet.Files)
            {
                var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
                if (corrupt)
                {
                    bytes[0] ^= 0xFF;
                }

                var name = Encoding.UTF8.GetBytes(Path.GetFileName(file));
                var header = new byte[1 + name.Length + 8];
                header[0] = (byte)name.Length;
                name.CopyTo(header, 1);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(1 + name.Length), bytes.Length);
                await socket.SendAsync(header, SocketFlags.None, cancellationToken);
                await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
                var ack = new byte[1];
                if (await socket.ReceiveAsync(ack, SocketFlags.None, cancellationToken) == 1)
                {
                    stored++;
                }
            }

            socket.Shutdown(SocketShutdown.Send);
            return new ExportOutcome(stored, dataSet.ObjectCount - stored);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

internal sealed class FakeArchiveFactory : ITargetArchiveFactory
{
    public int Started { get; private set; }

    public string Name => "dicomhub";

    public Task<ITargetArchive> StartAsync(CancellationToken cancellationToken)
    {
        Started++;
        return Task.FromResult<ITargetArchive>(new FakeArchive());
    }

    private sealed class FakeArchive : ITargetArchive
    {
        private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly Socket web = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly ConcurrentDictionary<string, byte[]> stored = new();
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;

        public FakeArchive()
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(8);
            web.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            web.Listen(1);
            DimseEndPoint = (IPEndPoint)listener.LocalEndPoint!;
            DicomWebBase = new Uri($"http://127.0.0.1:{((IPEndPoint)web.LocalEndPoint!).Port}/dicomweb");
            loop = AcceptAsync();
        }

        public IPEndPoint DimseEndPoint { get; }

        public string AeTitle => "FAKE";

        public Uri DicomWebBase { get; }

        public Task<ArchiveInventory> TakeInventoryAsync(CancellationToken cancellationToken)
        {
            var builder = new ArchiveInventory.Builder();
            foreach (var (name, bytes) in stored)
            {
                builder.Add(name, SHA256.HashData(bytes));
            }

            return Task.FromResult(builder.Build());
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Dispose();
            web.Dispose();
            try
            {
                await loop;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
            }

            stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptAsync(stop.Token);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    return;
                }

                using (socket)
                {
                    await ServeAsync(socket);
                }
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            var one = new byte[1];
            while (await ReadAsync(socket, one) && one[0] > 0)
            {
                var name = new byte[one[0]];
                var size = new byte[8];
                if (!await ReadAsync(socket, name) || !await ReadAsync(socket, size))
                {
                    return;
                }

                var bytes = new byte[BinaryPrimitives.ReadInt64LittleEndian(size)];
                if (!await ReadAsync(socket, bytes))
                {
                    return;
                }

                stored[Encoding.UTF8.GetString(name)] = bytes;
                await socket.SendAsync(one, SocketFlags.None, stop.Token);
            }
        }

        private async Task<bool> ReadAsync(Socket socket, Memory<byte> buffer)
        {
            while (buffer.Length > 0)
            {
                var count = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (count == 0)
                {
                    return false;
                }

                buffer = buffer[count..];
            }

            return true;
        }
    }
}
