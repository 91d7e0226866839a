using System.Globalization;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Dicom.Documents;

/// <summary>
/// Wraps a PDF as an Encapsulated PDF Storage instance (PS3.3 A.45.1): the Patient and General Study modules
/// copied from the study it reports on, a new Encapsulated Document Series (Modality DOC), SC Equipment
/// (conversion type WSD: made on a workstation) and the Encapsulated Document module holding the PDF bytes.
/// </summary>
public static class EncapsulatedPdf
{
    public const string MimeType = "application/pdf";

    /// <summary>Every PDF file starts with this header (ISO 32000-1 7.5.2).</summary>
    private static readonly byte[] Signature = "%PDF-"u8.ToArray();

    /// <summary>True when <paramref name="start"/> (the first bytes of a file) is a PDF header.</summary>
    public static bool HasPdfSignature(ReadOnlySpan<byte> start) => start.StartsWith(Signature);

    /// <summary>True when the file at <paramref name="path"/> starts with "%PDF-".</summary>
    public static async Task<bool> IsPdfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var head = new byte[Signature.Length];
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return HasPdfSignature(head.AsSpan(0, read));
        }
    }

    /// <summary>Wraps the PDF file at <paramref name="path"/>; its bytes stay in the file until the data set is written.</summary>
    public static async Task<DicomDataset> FromFileAsync(string path, DicomDataset study, string documentTitle, NewInstanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!await IsPdfFileAsync(path, cancellationToken).ConfigureAwait(false))
        {
            throw new DicomDocumentException($"'{path}' is not a PDF: it does not start with '%PDF-'. Only PDF documents can be wrapped as Encapsulated PDF.");
        }

        return Create(new FileByteBuffer(path, 0, new FileInfo(path).Length), study, documentTitle, options);
    }

    /// <summary>Wraps PDF bytes (checked for the "%PDF-" header) as a new instance of <paramref name="study"/>.</summary>
    public static DicomDataset Create(IByteBuffer pdf, DicomDataset study, string documentTitle, NewInstanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(documentTitle);
        if (!StartsWithSignature(pdf))
        {
            throw new DicomDocumentException("The document is not a PDF: it does not start with '%PDF-'. Only PDF documents can be wrapped as Encapsulated PDF.");
        }

        if (pdf.Length > uint.MaxValue - 1)
        {
            throw new DicomDocumentException($"The PDF is {pdf.Length} bytes; an Encapsulated Document value holds at most 4 GB.");
        }

        options ??= new NewInstanceOptions();
        var now = options.LocalNow;
        var dataset = new DicomDataset();
        StudyAttributes.CopyTo(study, dataset);
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = now.ToString("HHmmss", CultureInfo.InvariantCulture);

        // SOP Common
        dataset.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.EncapsulatedPDFStorage);
        dataset.AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, options.NewSopUid());
        dataset.AddOrUpdate(DicomTags.InstanceCreationDate, DicomVR.DA, date);
        dataset.AddOrUpdate(DicomTags.InstanceCreationTime, DicomVR.TM, time);

        // Encapsulated Document Series, General Equipment, SC Equipment
        dataset.AddOrUpdate(DicomTags.Modality, DicomVR.CS, "DOC");
        dataset.AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, options.NewSeriesUid());
        dataset.AddOrUpdate(DicomTags.SeriesNumber, DicomVR.IS, options.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        if (options.SeriesDescription is { Length: > 0 } description)
        {
            dataset.AddOrUpdate(DicomTags.SeriesDescription, DicomVR.LO, description);
        }

        dataset.AddOrUpdate(DicomTags.Manufacturer, DicomVR.LO, "DicomHub");
        dataset.AddOrUpdate(DicomTags.ConversionType, DicomVR.CS, "WSD");

        // Encapsulated Document (PS3.3 C.24.2)
        dataset.AddOrUpdate(DicomTags.InstanceNumber, DicomVR.IS, options.InstanceNumber.ToString(CultureInfo.InvariantCulture));
        dataset.AddOrUpdate(DicomTags.ContentDate, DicomVR.DA, date);
        dataset.AddOrUpdate(DicomTags.ContentTime, DicomVR.TM, time);
        dataset.AddOrUpdate(DicomTags.AcquisitionDateTime, DicomVR.DT, date + time);

        // A report names the patient in its text: declare it, so de-identification knows to look.
        dataset.AddOrUpdate(DicomTags.BurnedInAnnotation, DicomVR.CS, "YES");
        dataset.AddOrUpdate(DicomTags.DocumentTitle, DicomVR.ST, documentTitle);
        dataset.AddOrUpdate(new DicomSequence(DicomTags.ConceptNameCodeSequence));
        dataset.AddOrUpdate(DicomTags.MIMETypeOfEncapsulatedDocument, DicomVR.LO, MimeType);
        dataset.AddOrUpdate(new DicomElement(DicomTags.EncapsulatedDocument, DicomVR.OB, pdf));

        // The value is padded to even length on write; this says where the PDF really ends.
        dataset.AddOrUpdate(DicomTags.EncapsulatedDocumentLength, DicomVR.UL, pdf.Length);
        return dataset;
    }

    private static bool StartsWithSignature(IByteBuffer pdf)
    {
        Span<byte> head = stackalloc byte[Signature.Length];
        using var stream = pdf.OpenRead();
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return HasPdfSignature(head[..read]);
    }

    /// <summary>The PDF bytes of an Encapsulated Document value without the even-length padding.</summary>
    public static long DocumentLength(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var stored = dataset[DicomTags.EncapsulatedDocument] is DicomElement element ? element.Length : 0;
        return dataset.GetDouble(DicomTags.EncapsulatedDocumentLength) is double declared && declared >= 0 && declared <= stored ? (long)declared : stored;
    }
}
