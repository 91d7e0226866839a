using System.Buffers;

namespace DicomHub.Server.DicomWeb.Http;

/// <summary>Reads a small body (a JSON request, STOW-RS metadata) into memory, refusing more than a limit.</summary>
internal static class BoundedBody
{
    /// <exception cref="FormatException">The body is longer than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAsync(Stream body, int maxBytes, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new FormatException($"{what} is larger than {maxBytes / (1024 * 1024)} MB; send bulk data as separate parts and keep the JSON small.");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
