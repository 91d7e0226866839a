using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// Turns one data set of STOW-RS metadata (DICOM JSON or XML) into a Part 10 instance: every BulkDataURI is
/// replaced by the bytes of the part it names (left in the spooled file, never loaded), Pixel Data in a compressed
/// media type becomes an encapsulated fragment and sets the transfer syntax, an Encapsulated Document gets its MIME
/// type and length from its part when the metadata leaves them out. The result goes to the ingest pipeline like
/// any received instance; a problem is an <see cref="IngestResult"/> failure naming the element and the fix.
/// </summary>
public static class MetadataInstanceBuilder
{
    public static (DicomFile? File, IngestResult? Failure) Build(DicomDataset metadata, BulkDataParts parts)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(parts);
        string? Get(DicomTag tag) => metadata.GetString(tag)?.Trim();
        IngestResult Fail(ushort status, string message) =>
            IngestResult.Failure(status, message, Get(DicomTags.SOPClassUID), Get(DicomTags.SOPInstanceUID), Get(DicomTags.StudyInstanceUID), Get(DicomTags.SeriesInstanceUID));

        foreach (var (tag, name) in new[] { (DicomTags.SOPClassUID, "SOP Class UID (0008,0016)"), (DicomTags.SOPInstanceUID, "SOP Instance UID (0008,0018)") })
        {
            if (!DicomUid.IsValid(Get(tag)))
            {
                return (null, Fail(StoreStatus.DatasetDoesNotMatchSopClass, $"The metadata has no valid {name}; every instance needs one."));
            }
        }

        var syntax = TransferSyntax.ExplicitVRLittleEndian;
        var error = Resolve(metadata, parts, isTopLevel: true, ref syntax);
        if (error is not null)
        {
            return (null, Fail(StoreStatus.CannotUnderstand, error));
        }

        if (metadata[DicomTags.EncapsulatedDocument] is DicomElement document)
        {
            if (!metadata.Contains(DicomTags.EncapsulatedDocumentLength))
            {
                metadata.AddOrUpdate(DicomTags.EncapsulatedDocumentLength, DicomVR.UL, document.Length);
            }
        }

        return (DicomFile.Create(metadata, syntax), null);
    }

    /// <returns>null when every reference was resolved, else the reason.</returns>
    private static string? Resolve(DicomDataset dataset, BulkDataParts parts, bool isTopLevel, ref TransferSyntax syntax)
    {
        foreach (var item in dataset.ToList())
        {
            if (item is DicomSequence sequence)
            {
                foreach (var nested in sequence.Items)
                {
                    if (Resolve(nested, parts, isTopLevel: false, ref syntax) is { } nestedError)
                    {
                        return nestedError;
                    }
                }

                continue;
            }

            if (item is not DicomElement { Buffer: BulkDataReference reference } element)
            {
                continue;
            }

            var part = parts.Find(reference.Uri);
            if (part is null)
            {
                return $"{DicomDictionary.Default.KeywordOf(element.Tag)} {element.Tag} names the BulkDataURI '{reference.Uri}', but no part of the request has that Content-Location; send the bulk data as a part with Content-Location: {reference.Uri}.";
            }

            var bytes = new RangeByteBuffer(part.Content, 0, part.Length);
            if (isTopLevel && element.Tag == DicomTags.PixelData && IsCompressed(part, out var compressed))
            {
                if (compressed is null)
                {
                    return $"Pixel Data part '{part.Location}' has media type {part.MediaType} without a transfer-syntax parameter; add transfer-syntax=UID to its Content-Type.";
                }

                syntax = compressed;
                dataset.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, MemoryByteBuffer.Empty, [bytes]));
                continue;
            }

            if (isTopLevel && element.Tag == DicomTags.EncapsulatedDocument && !dataset.Contains(DicomTags.MIMETypeOfEncapsulatedDocument))
            {
                dataset.AddOrUpdate(DicomTags.MIMETypeOfEncapsulatedDocument, DicomVR.LO, part.MediaType);
            }

            dataset.AddOrUpdate(new DicomElement(element.Tag, element.VR, bytes));
        }

        return null;
    }

    /// <summary>Pixel Data in an image or video media type (PS3.18 Table 8.7.3-4) is a compressed frame.</summary>
    private static bool IsCompressed(BulkDataPart part, out TransferSyntax? syntax)
    {
        syntax = null;
        var native = part.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            && (part.TransferSyntaxUid is null || part.TransferSyntaxUid == TransferSyntax.ExplicitVRLittleEndian.Uid);
        if (native)
        {
            return false;
        }

        syntax = part.TransferSyntaxUid is { } uid && DicomUid.IsValid(uid) ? TransferSyntax.FromUid(uid) : null;
        return syntax is null || syntax.IsEncapsulated;
    }
}
