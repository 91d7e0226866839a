using System.Net;
using System.Net.Http.Headers;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.DicomWeb.Multipart;
using Microsoft.Extensions.Logging;

namespace DicomHub.DicomWeb.Client;

/// <summary>A study, a series of it, or one instance: what a WADO-RS retrieve asks for.</summary>
public sealed record WadoTarget(string StudyInstanceUid, string? SeriesInstanceUid = null, string? SopInstanceUid = null)
{
    internal string?[] Segments()
    {
        if (SopInstanceUid is not null && SeriesInstanceUid is null)
        {
            throw new ArgumentException("Retrieving one instance needs its series too: set SeriesInstanceUid.");
        }

        return ["studies", StudyInstanceUid, SeriesInstanceUid is null ? null : "series", SeriesInstanceUid, SopInstanceUid is null ? null : "instances", SopInstanceUid];
    }

    public override string ToString() =>
        $"study {StudyInstanceUid}{(SeriesInstanceUid is null ? string.Empty : $", series {SeriesInstanceUid}")}{(SopInstanceUid is null ? string.Empty : $", instance {SopInstanceUid}")}";
}

/// <summary>One instance written to disk by a WADO-RS retrieve.</summary>
public sealed record RetrievedInstance(string Path, string? SopInstanceUid, long Length);

/// <summary>WADO-RS (PS3.18 10.4): instances as Part 10 files, and metadata.</summary>
public sealed partial class DicomWebClient
{
    /// <summary>Asks for the instances as stored; "*" lets the server send its stored transfer syntax (8.7.3.5.2).</summary>
    private const string AcceptDicomAsStored = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    /// <summary>
    /// Retrieves <paramref name="target"/> into <paramref name="outputDirectory"/> as one Part 10 file per instance,
    /// named {SOPInstanceUID}.dcm. Each part streams to a temporary file that is renamed once complete, so an
    /// interrupted retrieve never leaves a partial file under a final name.
    /// </summary>
    public async Task<IReadOnlyList<RetrievedInstance>> RetrieveAsync(WadoTarget target, string outputDirectory, Action<RetrievedInstance>? instanceReceived = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        Directory.CreateDirectory(outputDirectory);
        using var request = new HttpRequestMessage(HttpMethod.Get, Resource(target.Segments()));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(AcceptDicomAsStored));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new DicomWebException($"{request.RequestUri} answered 404: the archive has no {target}.", response.StatusCode);
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var contentType = response.Content.Headers.ContentType?.ToString();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var retrieved = new List<RetrievedInstance>();

        // A single instance may come as a bare application/dicom body instead of a one-part multipart.
        if (response.Content.Headers.ContentType?.MediaType is "application/dicom")
        {
            retrieved.Add(await SaveInstanceAsync(body, outputDirectory, 1, cancellationToken).ConfigureAwait(false));
            instanceReceived?.Invoke(retrieved[^1]);
            return retrieved;
        }

        MultipartRelatedReader reader;
        try
        {
            reader = MultipartRelatedReader.Create(body, contentType);
        }
        catch (MultipartException e)
        {
            throw new DicomWebException($"{request.RequestUri} answered with Content-Type '{contentType}', not multipart/related DICOM: {e.Message}", response.StatusCode, e);
        }

        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadNextPartAsync(cancellationToken).ConfigureAwait(false) is { } part)
            {
                if (part.ContentType is { } partType && !partType.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase))
                {
                    throw new DicomWebException($"Part {part.Number} of the WADO-RS answer from {request.RequestUri} is '{partType}', not application/dicom.", response.StatusCode);
                }

                var instance = await SaveInstanceAsync(part.Body, outputDirectory, part.Number, cancellationToken).ConfigureAwait(false);
                retrieved.Add(instance);
                instanceReceived?.Invoke(instance);
            }
        }

        _logger.LogInformation("Retrieved {Count} instances of {Target}", retrieved.Count, target);
        return retrieved;
    }

    /// <summary>The DICOM JSON metadata of every instance of <paramref name="target"/> (bulk data left out).</summary>
    public async Task<IReadOnlyList<DicomDataset>> RetrieveMetadataAsync(WadoTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var request = new HttpRequestMessage(HttpMethod.Get, Resource([.. target.Segments(), "metadata"]));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DicomJson));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await ReadJsonDatasetsAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RetrievedInstance> SaveInstanceAsync(Stream source, string directory, int partNumber, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(directory, $".retrieve-{Guid.NewGuid():N}.partial");
        try
        {
            long length;
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                length = file.Length;
                file.Position = 0;
                var header = await Part10Header.TryReadAsync(file, cancellationToken).ConfigureAwait(false)
                    ?? throw new DicomWebException($"Part {partNumber} of the WADO-RS answer is not a DICOM Part 10 file (no 'DICM' after the 128-byte preamble).");
                var uid = header.SopInstanceUid;
                var name = uid is { Length: > 0 } && uid.All(c => char.IsAsciiDigit(c) || c == '.') ? uid : $"instance-{partNumber}";
                var path = Path.Combine(directory, name + ".dcm");
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Close();
                File.Move(temporary, path, overwrite: true);
                return new RetrievedInstance(path, uid, length);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
