using System.Buffers;
using DicomHub.Network.Association;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Dimse;

/// <summary>
/// Sends one DIMSE message as P-DATA-TF PDUs no larger than the peer accepts. Each PDU is assembled in one
/// buffer (PDU header, PDV header, data read straight from the source) and written with one send; the
/// next chunk is read while deciding whether the current one is the last fragment.
/// Every fragment has even length (PS3.8 E.2 carries whole encoded data sets, whose length is even, PS3.5 7.1):
/// chunks are cut at an even size, and a data set of odd total length (a deflated stream written without its
/// trailing pad, PS3.5 A.5) gets the one 00H pad byte here, so DCMTK and Orthanc do not abort on it.
/// </summary>
internal static class DimseMessageWriter
{
    private const int HeadersLength = Pdu.HeaderLength + PresentationDataValue.HeaderLength;

    public static async Task WriteAsync(PduChannel channel, byte contextId, DimseCommand command, Stream? dataset, uint maxPduLength, CancellationToken cancellationToken)
    {
        // maxPduLength bounds the PDU's variable field: the PDV header (6 bytes) plus its data.
        var maxData = (int)Math.Min(maxPduLength - PresentationDataValue.HeaderLength, 4 * 1024 * 1024) & ~1;
        using var sendLock = await channel.LockSendAsync(cancellationToken).ConfigureAwait(false);
        await WriteFragmentsAsync(channel, contextId, isCommand: true, new MemoryStream(command.Encode(), writable: false), maxData, cancellationToken).ConfigureAwait(false);
        if (dataset is not null)
        {
            await WriteFragmentsAsync(channel, contextId, isCommand: false, dataset, maxData, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteFragmentsAsync(PduChannel channel, byte contextId, bool isCommand, Stream source, int maxData, CancellationToken cancellationToken)
    {
        var current = ArrayPool<byte>.Shared.Rent(HeadersLength + maxData);
        var next = ArrayPool<byte>.Shared.Rent(HeadersLength + maxData);
        try
        {
            var currentLength = await FillAsync(source, current, maxData, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                // Only a full chunk can have a successor; reading it now tells us whether this one is last.
                var nextLength = currentLength == maxData ? await FillAsync(source, next, maxData, cancellationToken).ConfigureAwait(false) : 0;
                var isLast = nextLength == 0;
                if (isLast && (currentLength & 1) == 1)
                {
                    // Full chunks are even, so only a short last one can be odd, and it has room for the pad.
                    current[HeadersLength + currentLength++] = 0;
                }

                PDataTf.WriteSinglePdvHeaders(current, contextId, isCommand, isLast, currentLength);
                await channel.SendUnlockedAsync(current.AsMemory(0, HeadersLength + currentLength), cancellationToken).ConfigureAwait(false);
                if (isLast)
                {
                    return;
                }

                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, int maxData, CancellationToken cancellationToken) =>
        await source.ReadAtLeastAsync(buffer.AsMemory(HeadersLength, maxData), maxData, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
}
