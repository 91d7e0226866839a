using DicomHub.Dicom.Data;
using DicomHub.Dicom.IO;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>
/// The query service (PS3.4 C.4.1): reads the identifier, sends one pending response per match (FF00, or
/// FF01 when optional keys were not matched), then Success; Cancel (FE00) after C-CANCEL-RQ.
/// </summary>
public sealed class CFindService(ICFindHandler handler, IReadOnlySet<string>? sopClasses = null) : IDimseService
{
    /// <summary>The FIND SOP classes of the Patient Root and Study Root Query/Retrieve Information Models.</summary>
    public static IReadOnlySet<string> QueryRetrieveFindSopClasses { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DicomUids.PatientRootQueryRetrieveInformationModelFind, DicomUids.StudyRootQueryRetrieveInformationModelFind,
    };

    public DimseCommandField RequestField => DimseCommandField.CFindRequest;

    public bool SupportsSopClass(string sopClassUid) => (sopClasses ?? QueryRetrieveFindSopClasses).Contains(sopClassUid);

    public async Task HandleAsync(DimseRequest request, IDimseResponder responder, CancellationToken cancellationToken)
    {
        var command = request.Command;
        var final = await RunAsync(request, responder, cancellationToken).ConfigureAwait(false);
        await responder.SendAsync(DimseCommand.CreateResponse(command, final), null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DimseStatus> RunAsync(DimseRequest request, IDimseResponder responder, CancellationToken cancellationToken)
    {
        var command = request.Command;
        if (request.Dataset is null)
        {
            return DimseStatus.DataSetDoesNotMatchSopClass.WithComment("C-FIND-RQ without an identifier");
        }

        DicomDataset identifier;
        try
        {
            identifier = await DicomDatasetReader.ReadAsync(request.Dataset, request.TransferSyntax, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomFormatException e)
        {
            return DimseStatus.CannotUnderstand.WithComment($"Identifier unreadable: {e.Message}");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, request.CancelRequested);
        try
        {
            var find = new CFindRequest(command, request.Context.AbstractSyntax, identifier, request.Association);
            var matches = await handler.FindAsync(find, linked.Token).ConfigureAwait(false);
            var pending = matches.OptionalKeysIgnored ? DimseStatus.PendingOptionalKeysNotSupported : DimseStatus.Pending;
            await foreach (var match in matches.Identifiers.WithCancellation(linked.Token).ConfigureAwait(false))
            {
                var response = DimseCommand.CreateResponse(command, pending);
                response.HasDataset = true;
                using var encoded = new MemoryStream(DicomDatasetWriter.Encode(match, request.TransferSyntax), writable: false);
                await responder.SendAsync(response, encoded, cancellationToken).ConfigureAwait(false);
            }

            return DimseStatus.Success;
        }
        catch (OperationCanceledException) when (request.CancelRequested.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return DimseStatus.Cancel;
        }
        catch (DimseStatusException e)
        {
            return e.Status;
        }
    }
}
