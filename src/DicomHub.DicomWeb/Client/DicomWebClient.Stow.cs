using System.Net.Http.Headers;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.DicomWeb.Json;
using Microsoft.Extensions.Logging;

namespace DicomHub.DicomWeb.Client;

/// <summary>STOW-RS (PS3.18 10.5): store Part 10 files, streamed from disk.</summary>
public sealed partial class DicomWebClient
{
    /// <summary>
    /// Stores <paramref name="files"/>: by default in one streamed request, or in batches over parallel requests.
    /// Never throws for a refused instance or request: each outcome is in the result.
    /// </summary>
    public Task<StowResult> StoreAsync(IReadOnlyList<string> files, StowOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return StoreAsync([.. files.Select(StowSource.FromFile)], options, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="files"/> (files or blobs, each opened while the request is written); results name
    /// each by its <see cref="StowSource.Name"/>. Never throws for a refused instance or request.
    /// </summary>
    public async Task<StowResult> StoreAsync(IReadOnlyList<StowSource> files, StowOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new StowOptions();
        var batchSize = options.BatchSize > 0 ? options.BatchSize : Math.Max(1, files.Count);
        var batches = files.Chunk(batchSize).ToList();
        var results = new StowRequestResult[batches.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batches.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            async (index, ct) => results[index] = await StoreBatchAsync(batches[index], options, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new StowResult(results);
    }

    private async Task<StowRequestResult> StoreBatchAsync(IReadOnlyList<StowSource> files, StowOptions options, CancellationToken cancellationToken)
    {
        using var content = new StowContent(files, options.FileSent);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.StudyInstanceUid is null ? Resource("studies") : Resource("studies", options.StudyInstanceUid))
        {
            Content = content,
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DicomJson));

        HttpResponseMessage response;
        try
        {
            response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomWebException e)
        {
            _logger.LogWarning(e, "STOW-RS request with {Count} files failed", files.Count);
            return Unanswered(content, files, null, e.Message);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            DicomDataset? answer = null;
            string? error = null;
            if (IsJson(response.Content.Headers))
            {
                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    answer = (await DicomJsonBody.ReadAsync(body, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                }
                catch (JsonException e)
                {
                    error = $"the STOW-RS response is not valid DICOM JSON ({e.Message})";
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                var detail = answer is null ? await ReadErrorDetailAsync(response, cancellationToken).ConfigureAwait(false) : string.Empty;
                error = $"HTTP {status} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : string.Empty)}";
            }

            return answer is null
                ? Unanswered(content, files, status, error ?? $"HTTP {status} without a DICOM JSON response naming the stored instances")
                : Match(content, status, answer, error);
        }
    }

    /// <summary>No per-instance answer: every file of the request failed for the request's reason.</summary>
    private static StowRequestResult Unanswered(StowContent content, IReadOnlyList<StowSource> files, int? status, string error)
    {
        var sent = content.Sent.Select(s => new StowInstanceResult(s.File, s.Header.SopClassUid, s.Header.SopInstanceUid, StowInstanceStatus.Failed, null, error));
        var unsent = content.Sent.Count + content.Skipped.Count < files.Count
            ? files.Select(f => f.Name).Except(content.Sent.Select(s => s.File)).Except(content.Skipped.Select(s => s.File!)).Select(f => new StowInstanceResult(f, null, null, StowInstanceStatus.Failed, null, error))
            : [];
        return new StowRequestResult(files.Count, content.BytesWritten, status, error, [.. sent, .. unsent, .. content.Skipped]);
    }

    /// <summary>Ties ReferencedSOPSequence and FailedSOPSequence items to the files sent, by SOP Instance UID.</summary>
    private static StowRequestResult Match(StowContent content, int status, DicomDataset answer, string? error)
    {
        var pending = content.Sent.GroupBy(s => s.Header.SopInstanceUid ?? string.Empty).ToDictionary(g => g.Key, g => new Queue<(string File, Part10Info Header, long Length)>(g));
        var results = new List<StowInstanceResult>();

        string? TakeFile(string? uid) =>
            uid is not null && pending.TryGetValue(uid, out var queue) && queue.TryDequeue(out var entry) ? entry.File : null;

        foreach (var item in Items(answer, DicomTags.ReferencedSOPSequence))
        {
            var uid = item.GetString(DicomTags.ReferencedSOPInstanceUID);
            var warning = DicomJsonBody.GetInteger(item, DicomTags.WarningReason);
            results.Add(new StowInstanceResult(
                TakeFile(uid),
                item.GetString(DicomTags.ReferencedSOPClassUID),
                uid,
                warning is null ? StowInstanceStatus.Stored : StowInstanceStatus.StoredWithWarning,
                warning,
                warning is { } w ? StowStatusCodes.Describe(w) : null,
                item.GetString(DicomTags.RetrieveURL)));
        }

        foreach (var item in Items(answer, DicomTags.FailedSOPSequence))
        {
            var uid = item.GetString(DicomTags.ReferencedSOPInstanceUID);
            var reason = DicomJsonBody.GetInteger(item, DicomTags.FailureReason);
            results.Add(new StowInstanceResult(
                TakeFile(uid),
                item.GetString(DicomTags.ReferencedSOPClassUID),
                uid,
                StowInstanceStatus.Failed,
                reason,
                reason is { } r ? StowStatusCodes.Describe(r) : "failed without a FailureReason"));
        }

        // Files the server neither stored nor refused by name: not acknowledged means not stored.
        foreach (var (file, header, _) in pending.Values.SelectMany(q => q))
        {
            results.Add(new StowInstanceResult(file, header.SopClassUid, header.SopInstanceUid, StowInstanceStatus.Failed, null, error ?? $"not acknowledged in the STOW-RS response (HTTP {status})"));
        }

        results.AddRange(content.Skipped);
        return new StowRequestResult(content.Sent.Count + content.Skipped.Count, content.BytesWritten, status, error, results);
    }

    private static IEnumerable<DicomDataset> Items(DicomDataset dataset, DicomTag sequence) =>
        dataset[sequence] is DicomSequence { Items: var items } ? items : [];
}
