using System.Text;
using DicomHub.DicomWeb.Multipart;

namespace DicomHub.DicomWeb.Tests.Multipart;

/// <summary>Reads whole multipart bodies into (headers, bytes) lists for assertions.</summary>
internal static class MultipartTestBodies
{
    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static async Task<List<(MultipartPart Part, byte[] Body)>> ReadAllAsync(Stream body, string boundary, bool useCopyTo = false)
    {
        await using var reader = new MultipartRelatedReader(body, boundary);
        return await ReadAllAsync(reader, useCopyTo);
    }

    public static async Task<List<(MultipartPart Part, byte[] Body)>> ReadAllAsync(MultipartRelatedReader reader, bool useCopyTo = false)
    {
        var parts = new List<(MultipartPart, byte[])>();
        while (await reader.ReadNextPartAsync(TestContext.Current.CancellationToken) is { } part)
        {
            var bytes = new MemoryStream();
            if (useCopyTo)
            {
                await part.Body.CopyToAsync(bytes, TestContext.Current.CancellationToken);
            }
            else
            {
                // Odd-sized reads so that the part stream's own bookkeeping is exercised too.
                var chunk = new byte[7];
                int read;
                while ((read = await part.Body.ReadAsync(chunk, TestContext.Current.CancellationToken)) > 0)
                {
                    bytes.Write(chunk, 0, read);
                }
            }

            parts.Add((part, bytes.ToArray()));
        }

        return parts;
    }

    /// <summary>Parts whose content tempts a naive parser: CRLFs, dashes, the boundary without its CRLF, a trailing CR.</summary>
    public static byte[][] TrickyContents(string boundary) =>
    [
        Ascii("plain"),
        [],
        Ascii("\r\n"),
        Ascii($"x--{boundary} is not a delimiter without a CRLF before it"),
        Ascii($"\r\n-{boundary}\r\n--{boundary[..^1]}\r\n"),
        Ascii("ends with CR\r"),
        Ascii("ends with CRLF-\r\n-"),
        RandomBytes(100_000, seed: 7),
    ];

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<byte[]> WriteAsync(string boundary, IEnumerable<byte[]> contents, string contentType = "application/dicom")
    {
        var output = new MemoryStream();
        var writer = new MultipartRelatedWriter(output, boundary);
        foreach (var content in contents)
        {
            await writer.WritePartAsync(contentType, content, cancellationToken: TestContext.Current.CancellationToken);
        }

        await writer.CompleteAsync(TestContext.Current.CancellationToken);
        return output.ToArray();
    }
}
