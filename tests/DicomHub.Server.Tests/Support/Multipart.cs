using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DicomHub.Server.Tests.Support;

/// <summary>Builds STOW-RS request bodies and reads multipart/related responses.</summary>
internal static class Multipart
{
    public const string Boundary = "test-boundary-1234";

    public static byte[] Body(IEnumerable<(string ContentType, byte[] Bytes)> parts, string boundary = Boundary, bool close = true)
    {
        using var body = new MemoryStream();
        foreach (var (contentType, bytes) in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: {contentType}\r\n\r\n"));
            body.Write(bytes);
            body.Write("\r\n"u8);
        }

        if (close)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        }

        return body.ToArray();
    }

    public static HttpContent Content(byte[] body, string boundary = Boundary, bool quote = true)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", quote
            ? $"multipart/related; type=\"application/dicom\"; boundary=\"{boundary}\""
            : $"multipart/related; type=application/dicom; boundary={boundary}");
        return content;
    }

    public static HttpContent Dicom(params byte[][] instances) =>
        Content(Body(instances.Select(i => ("application/dicom", i))));

    /// <summary>The parts of a multipart/related response: their Content-Type and bytes.</summary>
    public static async Task<List<(string ContentType, byte[] Bytes)>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(response.Content.Headers.ContentType!.ToString()).Boundary).ToString();
        var reader = new MultipartReader(boundary, await response.Content.ReadAsStreamAsync(cancellationToken));
        var parts = new List<(string, byte[])>();
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer, cancellationToken);
            parts.Add((section.ContentType ?? string.Empty, buffer.ToArray()));
        }

        return parts;
    }

    public static MediaTypeWithQualityHeaderValue Accept(string value) => MediaTypeWithQualityHeaderValue.Parse(value);
}
