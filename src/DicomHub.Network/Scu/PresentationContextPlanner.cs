using DicomHub.Dicom.Data;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Scu;

/// <summary>
/// Builds the presentation contexts an SCU proposes for a set of instances: for each SOP class, one
/// context per transfer syntax the files are in (so nothing needs converting when accepted), plus one
/// with Explicit and Implicit VR Little Endian so there is always something to convert to.
/// </summary>
public static class PresentationContextPlanner
{
    /// <summary>PS3.8 9.3.2.2: IDs are odd numbers 1-255, so at most 128 contexts per association.</summary>
    public const int MaxContexts = 128;

    public static IReadOnlyList<TransferSyntax> NativeFallback { get; } = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

    public static List<PresentationContextRequestItem> Plan(IEnumerable<(string SopClassUid, TransferSyntax TransferSyntax)> instances, bool includeVerification = true)
    {
        var contexts = new List<PresentationContextRequestItem>();
        byte id = 1;
        void Add(string sopClass, IEnumerable<string> syntaxes)
        {
            if (contexts.Count >= MaxContexts)
            {
                throw new InvalidOperationException($"More than {MaxContexts} presentation contexts needed (SOP class x transfer syntax); send fewer kinds of objects per run.");
            }

            contexts.Add(new PresentationContextRequestItem(id, sopClass, syntaxes.ToList()));
            id += 2;
        }

        if (includeVerification)
        {
            Add(DicomUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]);
        }

        foreach (var group in instances.Distinct().GroupBy(i => i.SopClassUid, StringComparer.Ordinal))
        {
            var own = group.Select(i => i.TransferSyntax).Distinct().ToList();
            // One context per own syntax, alone: an acceptor that prefers another syntax cannot pick it
            // for these files, so nothing is converted unless the own syntax is refused outright.
            foreach (var syntax in own)
            {
                Add(group.Key, [syntax.Uid]);
            }

            if (!NativeFallback.All(own.Contains))
            {
                Add(group.Key, NativeFallback.Select(s => s.Uid));
            }
        }

        return contexts;
    }
}
