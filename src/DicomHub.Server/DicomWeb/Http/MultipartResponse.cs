using System.Text;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.DicomWeb.Http;

/// <summary>
/// Writes a multipart/related response part by part straight to the response body: headers, then each
/// part's bytes as they are read from storage. Nothing is buffered beyond the copy buffer.
/// </summary>
internal sealed class MultipartResponse
{
    private readonly HttpResponse _response;
    private readonly string _boundary = "DicomHub-" + Guid.NewGuid().ToString("N");

    public MultipartResponse(HttpResponse response, string type)
    {
        _response = response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"multipart/related; type=\"{type}\"; boundary={_boundary}";
    }

    public async Task WritePartAsync(string contentType, Func<Stream, Task> writeBody, CancellationToken cancellationToken, string? contentLocation = null)
    {
        var header = new StringBuilder();
        header.Append("--").Append(_boundary).Append("\r\nContent-Type: ").Append(contentType).Append("\r\n");
        if (contentLocation is not null)
        {
            header.Append("Content-Location: ").Append(contentLocation).Append("\r\n");
        }

        header.Append("\r\n");
        await _response.Body.WriteAsync(Encoding.ASCII.GetBytes(header.ToString()), cancellationToken).ConfigureAwait(false);
        await writeBody(_response.Body).ConfigureAwait(false);
        await _response.Body.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public Task CompleteAsync(CancellationToken cancellationToken) =>
        _response.Body.WriteAsync(Encoding.ASCII.GetBytes($"--{_boundary}--\r\n"), cancellationToken).AsTask();
}
