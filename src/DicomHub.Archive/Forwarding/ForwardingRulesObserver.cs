using DicomHub.Archive.Destinations;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;

namespace DicomHub.Archive.Forwarding;

/// <summary>
/// Forwarding on ingest: every instance that matches a rule is queued for the rule's destination, one job
/// per (rule, study) of each committed ingest batch. It only writes to the local queue; the worker sends.
/// </summary>
public sealed class ForwardingRulesObserver : IIngestObserver
{
    private readonly IReadOnlyList<ForwardingRule> _rules;
    private readonly ITransferQueue _queue;
    private readonly TransferQueueSignal _signal;
    private readonly DestinationCatalog _destinations;

    public ForwardingRulesObserver(ForwardingOptions options, DestinationCatalog destinations, ITransferQueue queue, TransferQueueSignal signal)
    {
        Validate(options.Rules, destinations);
        _rules = options.Rules;
        _queue = queue;
        _signal = signal;
        _destinations = destinations;
    }

    /// <summary>Throws naming every rule whose destination is missing or unknown, so a typo stops the server at start.</summary>
    public static void Validate(IReadOnlyList<ForwardingRule> rules, DestinationCatalog destinations)
    {
        var errors = new List<string>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (string.IsNullOrWhiteSpace(rule.Destination))
            {
                errors.Add($"Forwarding:Rules:{i} has no Destination.");
            }
            else if (!destinations.TryGet(rule.Destination, out _))
            {
                errors.Add($"Forwarding:Rules:{i} names destination '{rule.Destination}', which is not in the Destinations section.");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors) + " Fix the rule or add the destination (Destinations__NAME=URL).");
        }
    }

    public static bool Matches(ForwardingRule rule, IngestSource source, InstanceRecord instance)
    {
        if (rule.CallingAeTitle is { Length: > 0 } ae && (source.Protocol != IngestProtocol.Dimse || !string.Equals(source.Peer?.Trim(), ae.Trim(), StringComparison.Ordinal)))
        {
            return false;
        }

        if (rule.Modality is { Length: > 0 } modality &&
            !(instance.Series.Columns.TryGetValue("modality", out var actual) && string.Equals(actual, modality.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return rule.SopClassUid is not { Length: > 0 } sopClass || string.Equals(instance.SopClassUid, sopClass.Trim(), StringComparison.Ordinal);
    }

    public async Task OnStoredAsync(IngestSource source, IReadOnlyList<InstanceRecord> stored, CancellationToken cancellationToken)
    {
        var queued = false;
        for (var i = 0; i < _rules.Count; i++)
        {
            var rule = _rules[i];
            foreach (var study in stored.Where(r => Matches(rule, source, r)).GroupBy(r => r.StudyInstanceUid))
            {
                var instances = study.Select(r => new TransferInstance(r.StudyInstanceUid, r.SeriesInstanceUid, r.SopInstanceUid)).ToList();
                var scope = instances.Count == 1 ? new InstanceScope(study.Key, instances[0].SeriesInstanceUid, instances[0].SopInstanceUid) : new InstanceScope(study.Key);
                var destination = _destinations.TryGet(rule.Destination, out var known) ? known.Name : rule.Destination.Trim();
                await _queue.EnqueueAsync(new TransferRequest(destination, scope, $"rule {i}", instances), cancellationToken).ConfigureAwait(false);
                queued = true;
            }
        }

        if (queued)
        {
            _signal.Notify();
        }
    }
}
