using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DicomHub.DicomWeb.Tests.Client;

/// <summary>
/// A one-request HTTP/1.1 server on loopback: records the request line, headers and (chunked or sized) body
/// exactly as they came over the wire, then sends a canned answer. Shows what our client really sends.
/// </summary>
internal sealed class CannedHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public CannedHttpServer()
    {
        _listener.Start();
    }

    public Uri Root => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/dicomweb/");

    public string RequestHead { get; private set; } = string.Empty;

    public byte[] RequestBody { get; private set; } = [];

    public bool Chunked { get; private set; }

    /// <summary>Serves one request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public async Task ServeOnceAsync(int status, string contentType, string body, CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var input = new BufferedStream(stream);
        RequestHead = await ReadHeadAsync(input, cancellationToken);
        Chunked = RequestHead.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        RequestBody = Chunked ? await ReadChunkedAsync(input, cancellationToken) : await ReadSizedAsync(input, RequestHead, cancellationToken);

        var payload = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} Canned\r\nContent-Type: {contentType}\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(payload, cancellationToken);
    }

    public void Dispose() => _listener.Stop();

    private static async Task<string> ReadLineAsync(Stream input, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await input.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        throw new EndOfStreamException("the client closed the connection mid-line");
    }

    private static async Task<string> ReadHeadAsync(Stream input, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        string line;
        while ((line = await ReadLineAsync(input, cancellationToken)).Length > 0)
        {
            head.Append(line).Append('\n');
        }

        return head.ToString();
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream input, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            var size = Convert.ToInt32((await ReadLineAsync(input, cancellationToken)).Split(';')[0], 16);
            if (size == 0)
            {
                await ReadLineAsync(input, cancellationToken);
                return body.ToArray();
            }

            var chunk = new byte[size];
            await input.ReadExactlyAsync(chunk, cancellationToken);
            body.Write(chunk);
            await ReadLineAsync(input, cancellationToken);
        }
    }

    private static async Task<byte[]> ReadSizedAsync(Stream input, string head, CancellationToken cancellationToken)
    {
        var lengthLine = head.Split('\n').FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
        await input.ReadExactlyAsync(body, cancellationToken);
        return body;
    }
}
