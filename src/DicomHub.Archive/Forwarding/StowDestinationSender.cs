using System.Net;
using DicomHub.Archive.Destinations;
using DicomHub.DicomWeb.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Forwarding;

/// <summary>
/// STOW-RS to a DICOMweb destination through <see cref="DicomWebClient"/>: the stored blobs streamed from
/// the blob store in requests of <see cref="ForwardingOptions.StowBatchSize"/> instances. An instance counts as
/// delivered only when the response's ReferencedSOPSequence names it.
/// </summary>
public sealed class StowDestinationSender(ForwardingOptions options, ILogger<StowDestinationSender>? logger = null) : IDestinationSender, IDisposable
{
    /// <summary>0110: the generic "processing failure" a restarting or overloaded archive answers with.</summary>
    private const int ProcessingFailure = 0x0110;

    /// <summary>0111: the server already holds an instance with this SOP Instance UID and refuses duplicates.</summary>
    private const int DuplicateSopInstance = 0x0111;

    private readonly HttpClient _http = DicomWebClient.CreateHttpClient();
    private readonly ILogger<DicomWebClient> _clientLogger = NullLogger<DicomWebClient>.Instance;
    private readonly ILogger _logger = logger ?? NullLogger<StowDestinationSender>.Instance;

    public DestinationProtocol Protocol => DestinationProtocol.DicomWeb;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(Destination destination, IReadOnlyList<OutboundInstance> instances, CancellationToken cancellationToken)
    {
        var client = new DicomWebClient(_http, destination.BaseUrl!, _clientLogger);
        var byPath = instances.ToDictionary(i => i.Content.Name, StringComparer.Ordinal);
        var sources = instances.Select(i => new StowSource(i.Content.Name, ct => i.Content.OpenRangeAsync(0, i.Length, ct))).ToList();
        var result = await client.StoreAsync(sources, new StowOptions { BatchSize = Math.Max(1, options.StowBatchSize) }, cancellationToken).ConfigureAwait(false);

        var outcomes = new Dictionary<long, SendOutcome>();
        foreach (var request in result.Requests)
        {
            foreach (var answer in request.Instances)
            {
                if (answer.File is null || !byPath.TryGetValue(answer.File, out var instance))
                {
                    continue;
                }

                var kind = Classify(answer, request.HttpStatus);
                var message = kind == SendOutcomeKind.Acknowledged && answer.Status == StowInstanceStatus.Stored
                    ? null
                    : $"STOW-RS to {destination.Name} ({destination}): {answer.Reason ?? request.Error ?? "no reason given"}";
                outcomes[instance.ItemId] = new SendOutcome(instance.ItemId, kind, message);
            }
        }

        // Anything the client could not tie to an answer was not acknowledged: send it again later.
        foreach (var instance in instances.Where(i => !outcomes.ContainsKey(i.ItemId)))
        {
            outcomes[instance.ItemId] = new SendOutcome(instance.ItemId, SendOutcomeKind.Transient, $"STOW-RS to {destination.Name}: no answer for the instance");
        }

        var failed = outcomes.Values.Count(o => o.Kind != SendOutcomeKind.Acknowledged);
        if (failed > 0)
        {
            _logger.LogWarning("STOW-RS to {Destination}: {Failed} of {Count} instances not stored", destination.Name, failed, instances.Count);
        }

        return [.. instances.Select(i => outcomes[i.ItemId])];
    }

    /// <summary>
    /// Stored or stored with a warning: delivered. A FailedSOPSequence reason, or a 4xx refusal of the request
    /// (409 Conflict, 400, 415...), is the server's answer about these instances: final. No response, a 5xx,
    /// 408 or 429: the server was not able to answer; try again.
    /// </summary>
    internal static SendOutcomeKind Classify(StowInstanceResult answer, int? httpStatus)
    {
        if (answer.Status != StowInstanceStatus.Failed)
        {
            return SendOutcomeKind.Acknowledged;
        }

        if (httpStatus is null or >= 500 or (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests)
        {
            return SendOutcomeKind.Transient;
        }

        if (answer.ReasonCode == ProcessingFailure)
        {
            return SendOutcomeKind.Transient;
        }

        if (answer.ReasonCode == DuplicateSopInstance)
        {
            return SendOutcomeKind.Duplicate;
        }

        return answer.ReasonCode is not null || httpStatus is >= 400 and < 500 ? SendOutcomeKind.Permanent : SendOutcomeKind.Transient;
    }

    public void Dispose() => _http.Dispose();
}
