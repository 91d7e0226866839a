using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.DicomWeb.Client;
using DicomHub.Network;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;
using DicomHub.Network.Scu;
using DicomHub.Network.Services;

namespace DicomHub.Cli.Query;

/// <summary>
/// C-FIND (Study Root) against a DIMSE peer: the same query options as QIDO-RS become an identifier whose
/// empty keys ask for the table's columns; limit and offset are applied to the matches here (C-FIND has neither).
/// </summary>
public sealed class DimseQuerySource(DicomNodeUri peer, string callingAeTitle = DimseQuerySource.DefaultCallingAeTitle) : IQuerySource
{
    public const string DefaultCallingAeTitle = "DICOMHUB_QUERY";

    public async Task<QidoResult> QueryAsync(QidoQuery query, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var identifier = BuildIdentifier(query, warnings);
        PresentationContextRequestItem[] contexts =
        [
            new(1, DicomUids.StudyRootQueryRetrieveInformationModelFind, [TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ImplicitVRLittleEndian.Uid]),
        ];
        var options = new DicomClientOptions { CallingAeTitle = callingAeTitle };
        var matches = new List<DicomDataset>();
        try
        {
            await using var association = await DicomClient.ConnectAsync(peer, contexts, options, null, cancellationToken).ConfigureAwait(false);
            if (association.FindContext(DicomUids.StudyRootQueryRetrieveInformationModelFind, null) is null)
            {
                throw new CliException($"{peer} does not accept Study Root C-FIND ({DicomUids.StudyRootQueryRetrieveInformationModelFind}): it offers no query service.", CliRunner.Failure);
            }

            await foreach (var match in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, identifier, cancellationToken).ConfigureAwait(false))
            {
                matches.Add(match);
            }

            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DimseStatusException e)
        {
            throw new CliException($"C-FIND refused by {peer}: {e.Status}", CliRunner.Failure, e);
        }
        catch (Exception e) when (e is IOException or AssociationRejectedException or AssociationAbortedException or TimeoutException)
        {
            throw new CliException($"C-FIND to {peer} failed: {e.Message}", CliRunner.Failure, e);
        }

        IEnumerable<DicomDataset> page = matches.Skip(query.Offset ?? 0);
        if (query.Limit is { } limit)
        {
            page = page.Take(limit);
        }

        return new QidoResult(page.ToList(), warnings);
    }

    /// <summary>The C-FIND identifier for a QIDO-style query (PS3.4 C.4.1.1.3).</summary>
    public static DicomDataset BuildIdentifier(QidoQuery query, List<string> warnings)
    {
        var identifier = new DicomDataset();
        var values = new Dictionary<DicomTag, string>();
        foreach (var column in QidoQuery.DefaultColumns(query.Level))
        {
            values[column] = string.Empty;
        }

        values[DicomTags.StudyInstanceUID] = query.StudyInstanceUid ?? string.Empty;
        if (query.Level >= DicomWeb.Client.QueryLevel.Series)
        {
            values[DicomTags.SeriesInstanceUID] = query.SeriesInstanceUid ?? string.Empty;
        }

        foreach (var field in query.IncludeFields)
        {
            if (!DicomDictionary.Default.TryParseTag(field, out var tag))
            {
                throw new CliException($"--include {field}: C-FIND needs attribute keywords or tags ('all' is QIDO-RS only).", CliRunner.UsageError);
            }

            values.TryAdd(tag, string.Empty);
        }

        foreach (var (name, value) in query.Keys)
        {
            if (name.Contains('.', StringComparison.Ordinal) || !DicomDictionary.Default.TryParseTag(name, out var tag))
            {
                throw new CliException($"-k {name}: sequence matching is not supported over C-FIND; use a top-level attribute.", CliRunner.UsageError);
            }

            // QIDO separates UID lists with ',', C-FIND with '\'.
            values[tag] = DicomDictionary.Default.DefaultVR(tag) == DicomVR.UI ? value.Replace(',', '\\') : value;
        }

        if (query.FuzzyMatching)
        {
            warnings.Add("--fuzzy is ignored over C-FIND (it is negotiated per association, not asked per query).");
        }

        identifier.AddOrUpdate(DicomTags.QueryRetrieveLevel, DicomVR.CS, query.Level switch
        {
            DicomWeb.Client.QueryLevel.Study => "STUDY",
            DicomWeb.Client.QueryLevel.Series => "SERIES",
            _ => "IMAGE",
        });
        if (values.Values.Any(v => v.Any(c => c > 127)))
        {
            identifier.AddOrUpdate(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        }

        foreach (var (tag, value) in values)
        {
            var vr = DicomDictionary.Default.DefaultVR(tag);
            if (value.Length == 0 || vr == DicomVR.SQ)
            {
                identifier.AddOrUpdate(vr == DicomVR.SQ ? new DicomSequence(tag) : new DicomElement(tag, vr, Array.Empty<byte>()));
            }
            else
            {
                identifier.AddOrUpdate(tag, vr, value);
            }
        }

        return identifier;
    }

    public void Dispose()
    {
    }
}
