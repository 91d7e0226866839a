namespace DicomHub.Dicom.Data.Buffers;

/// <summary>
/// A value that lives elsewhere, at a BulkDataURI (PS3.18 F.2.6/PS3.19 A.1.5): what the DICOM JSON and XML readers
/// put in an element whose value was given by reference. Its bytes are not here: <see cref="Memory"/> and
/// <see cref="OpenRead"/> throw, naming the URI, so that nothing silently writes an empty value in its place;
/// fetch the bytes (WADO-RS bulk data) and replace the element's buffer first. The JSON and XML writers write the
/// reference back unchanged.
/// </summary>
public sealed class BulkDataReference(string uri, long length = 0) : IByteBuffer
{
    public string Uri { get; } = uri;

    /// <summary>The length when the referrer said it (0 when unknown).</summary>
    public long Length { get; } = length;

    public bool IsInMemory => false;

    public ReadOnlyMemory<byte> Memory => throw NotHere();

    public ValueTask CopyToAsync(Stream destination, CancellationToken cancellationToken = default) => throw NotHere();

    public Stream OpenRead() => throw NotHere();

    public override string ToString() => $"BulkDataURI {Uri}";

    private InvalidOperationException NotHere() =>
        new($"The value is only referenced by the BulkDataURI '{Uri}': retrieve it (WADO-RS bulk data) and replace the element's buffer before reading or writing its bytes.");
}
