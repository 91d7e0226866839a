using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>
/// The sub-operation counts of one C-MOVE or C-GET (PS3.7 9.3.3.2, 9.3.4.2) and the responses built from
/// them: pending responses carry all four counts, the final one the completed/failed/warning counts and,
/// when something failed, the Failed SOP Instance UID List (0008,0058) as its identifier (PS3.4 C.4.2.1.5).
/// </summary>
internal sealed class SubOperationProgress(DimseCommand request, int total)
{
    /// <summary>UI values have a 16-bit length in explicit VR: the failed list is cut to fit.</summary>
    private const int MaxFailedListBytes = 65534;

    private readonly List<string> _failed = [];

    public int Total { get; } = total;

    public int Remaining { get; private set; } = total;

    public int Completed { get; private set; }

    public int Failed { get; private set; }

    public int Warning { get; private set; }

    public IReadOnlyList<string> FailedSopInstanceUids => _failed;

    public void Record(string sopInstanceUid, DimseStatus status)
    {
        Remaining--;
        if (status.IsSuccess)
        {
            Completed++;
        }
        else if (status.IsWarning)
        {
            Warning++;
        }
        else
        {
            Failed++;
            _failed.Add(sopInstanceUid);
        }
    }

    /// <summary>Counts every sub-operation not yet performed as failed (the destination went away).</summary>
    public void FailRemaining(IEnumerable<string> sopInstanceUids)
    {
        foreach (var uid in sopInstanceUids)
        {
            Record(uid, DimseStatus.ProcessingFailure);
        }
    }

    public DimseCommand Pending()
    {
        var response = DimseCommand.CreateResponse(request, DimseStatus.Pending);
        SetCounts(response, includeRemaining: true);
        return response;
    }

    /// <summary>
    /// The final status: Cancel after C-CANCEL; Success when every sub-operation succeeded; A702 when none
    /// did; B000 "sub-operations complete, one or more failures or warnings" otherwise.
    /// </summary>
    public DimseStatus FinalStatus(bool cancelled, string? failureCause)
    {
        if (cancelled)
        {
            return DimseStatus.Cancel;
        }

        if (Failed == 0 && Warning == 0)
        {
            return DimseStatus.Success;
        }

        var cause = failureCause is null ? string.Empty : ": " + failureCause;
        return Completed == 0 && Warning == 0
            ? DimseStatus.OutOfResourcesSubOperations.WithComment($"all {Failed} sub-operations failed{cause}")
            : DimseStatus.SubOperationsCompleteWithFailures.WithComment($"{Failed} of {Total} sub-operations failed{cause}");
    }

    /// <summary>The final response and, when instances failed (or were not sent after Cancel), its identifier.</summary>
    public (DimseCommand Response, byte[]? Identifier) Final(DimseStatus status, TransferSyntax syntax)
    {
        var response = DimseCommand.CreateResponse(request, status);
        SetCounts(response, includeRemaining: status.Category == DimseStatusCategory.Cancel);
        if (_failed.Count == 0 || status.IsSuccess)
        {
            return (response, null);
        }

        var listed = new List<string>();
        var bytes = 0;
        foreach (var uid in _failed)
        {
            if (bytes + uid.Length + 1 > MaxFailedListBytes)
            {
                break;
            }

            listed.Add(uid);
            bytes += uid.Length + 1;
        }

        var identifier = new DicomDataset();
        identifier.AddOrUpdate(DicomTags.FailedSOPInstanceUIDList, DicomVR.UI, string.Join('\\', listed));
        response.HasDataset = true;
        return (response, DicomDatasetWriter.Encode(identifier, syntax));
    }

    private void SetCounts(DimseCommand response, bool includeRemaining)
    {
        if (includeRemaining)
        {
            response.RemainingSubOperations = Clamp(Remaining);
        }

        response.CompletedSubOperations = Clamp(Completed);
        response.FailedSubOperations = Clamp(Failed);
        response.WarningSubOperations = Clamp(Warning);
    }

    private static ushort Clamp(int value) => (ushort)Math.Clamp(value, 0, ushort.MaxValue);
}
