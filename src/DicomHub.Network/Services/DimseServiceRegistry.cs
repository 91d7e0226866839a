using DicomHub.Dicom.Dictionary;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>
/// The services an SCP offers, found by (command field, SOP class) rather than by command field alone, so that
/// several services can answer one command for different SOP classes: Query/Retrieve C-FIND beside Modality
/// Worklist C-FIND, Storage Commitment N-ACTION beside other N-ACTIONs. Two services that would both answer one
/// command for a SOP class the standard defines are a configuration error, refused here rather than left for
/// the last registration to win silently.
/// </summary>
public sealed class DimseServiceRegistry
{
    private readonly Dictionary<DimseCommandField, IDimseService[]> _byField;

    public DimseServiceRegistry(IEnumerable<IDimseService> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = [.. services];
        _byField = Services.GroupBy(s => s.RequestField).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var (field, candidates) in _byField)
        {
            if (candidates.Length > 1)
            {
                RefuseOverlaps(field, candidates);
            }
        }
    }

    public IReadOnlyList<IDimseService> Services { get; }

    /// <summary>The service that answers <paramref name="field"/> for <paramref name="sopClassUid"/>, or null when none does.</summary>
    public IDimseService? Find(DimseCommandField field, string sopClassUid)
    {
        ArgumentNullException.ThrowIfNull(sopClassUid);
        if (!_byField.TryGetValue(field, out var candidates))
        {
            return null;
        }

        foreach (var service in candidates)
        {
            if (service.SupportsSopClass(sopClassUid))
            {
                return service;
            }
        }

        return null;
    }

    /// <summary>Whether any service takes requests for <paramref name="sopClassUid"/> (so a presentation context for it can be accepted).</summary>
    public bool SupportsSopClass(string sopClassUid) => Services.Any(s => s.SupportsSopClass(sopClassUid));

    private static void RefuseOverlaps(DimseCommandField field, IDimseService[] candidates)
    {
        foreach (var uid in DicomUidRegistry.Entries.Where(u => u.Type == DicomUidType.SopClass).Select(u => u.Uid))
        {
            var claimants = candidates.Where(s => s.SupportsSopClass(uid)).ToArray();
            if (claimants.Length > 1)
            {
                throw new InvalidOperationException(
                    $"{field} for SOP class {uid} is claimed by {string.Join(" and ", claimants.Select(c => c.GetType().Name))}: register one service per command and SOP class.");
            }
        }
    }
}
