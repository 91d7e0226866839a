using System.Buffers.Binary;
using System.Net.Sockets;
using DicomHub.Dicom.Data;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Tests.Faults;

/// <summary>A hand-driven TCP peer that sends whatever bytes a test wants and reads raw PDUs back.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawPeer(client);
    }

    public static AAssociateRq Request(string called = "STORESCP", string calling = "RAW", string sopClass = DicomUids.CTImageStorage)
    {
        var rq = new AAssociateRq { CalledAeTitle = called, CallingAeTitle = calling };
        rq.PresentationContexts.Add(new PresentationContextRequestItem(1, DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]));
        rq.PresentationContexts.Add(new PresentationContextRequestItem(3, sopClass, [TransferSyntax.ExplicitVRLittleEndian.Uid]));
        rq.UserInformation.MaximumLength = new MaximumLengthItem(16384);
        rq.UserInformation.ImplementationClassUid = new ImplementationClassUidItem("1.2.3.4");
        return rq;
    }

    /// <summary>A P-DATA-TF with one PDV.</summary>
    public static byte[] Data(byte contextId, bool command, bool last, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[12 + data.Length];
        PDataTf.WriteSinglePdvHeaders(bytes, contextId, command, last, data.Length);
        data.CopyTo(bytes.AsSpan(12));
        return bytes;
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendAsync(Pdu pdu) => SendAsync(pdu.Encode());

    /// <summary>The next PDU's type and body, or null when the peer closed; throws on timeout.</summary>
    public async Task<(PduType Type, byte[] Body)?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var header = new byte[6];
        try
        {
            if (await _stream.ReadAtLeastAsync(header, 6, throwOnEndOfStream: false, cancel.Token) < 6)
            {
                return null;
            }

            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            await _stream.ReadExactlyAsync(body, cancel.Token);
            return ((PduType)header[0], body);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Sends an A-ASSOCIATE-RQ and expects an AC.</summary>
    public async Task AssociateAsync()
    {
        await SendAsync(Request());
        var reply = await ReceiveAsync();
        Assert.Equal(PduType.AssociateAccept, reply?.Type);
    }

    public void Close() => _client.Client.Close(0);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
