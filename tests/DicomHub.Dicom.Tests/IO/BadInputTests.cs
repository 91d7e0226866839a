using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;

namespace DicomHub.Dicom.Tests.IO;

/// <summary>Malformed input ends in a DicomFormatException naming the byte offset: no crash, no hang, bounded memory.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_truncated_inside_pixel_data_names_the_offset(bool seekable)
    {
        var bytes = await WriteAsync(SampleDatasets.Image(rows: 32, columns: 32), TransferSyntax.ExplicitVRLittleEndian);
        var truncated = bytes[..^100];

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => ReadAsync(truncated, seekable));

        Assert.Contains("(7FE0,0010)", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Offset, bytes.Length - 2048 - 12, truncated.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_truncated_inside_a_sequence_names_the_offset(bool seekable)
    {
        var bytes = await WriteAsync(SampleDatasets.Image(), TransferSyntax.ExplicitVRLittleEndian);
        var sequenceStart = IndexOf(bytes, [0x08, 0x00, 0x40, 0x11]);
        var truncated = bytes[..(sequenceStart + 40)];

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => ReadAsync(truncated, seekable));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.True(error.Offset > sequenceStart && error.Offset <= truncated.Length, $"offset {error.Offset}");
    }

    [Theory]
    [InlineData(0xFFFFFFF0u, false)]
    [InlineData(0xFFFFFFF0u, true)]
    [InlineData(0x70000000u, false)]
    [InlineData(0x70000000u, true)]
    public async Task A_huge_length_in_a_small_file_fails_without_allocating_it(uint length, bool seekable)
    {
        // A 1 KB explicit VR file whose Patient Comments (LT... here UT, 32-bit length) claims gigabytes.
        var bytes = await WriteAsync(new DicomDataset()
            .AddOrUpdate(DicomTags.SOPClassUID, SampleDatasets.SopClassCt)
            .AddOrUpdate(DicomTags.SOPInstanceUID, SampleDatasets.SopInstance)
            .AddOrUpdate(new DicomElement(new DicomTag(0x0040, 0x1400), DicomVR.UT, new byte[700])), TransferSyntax.ExplicitVRLittleEndian);
        var at = IndexOf(bytes, [0x40, 0x00, 0x00, 0x14, (byte)'U', (byte)'T']);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), length);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => ReadAsync(bytes, seekable));

        Assert.Equal(at, error.Offset, tolerance: seekable ? 0 : bytes.Length);
        Assert.Contains("(0040,1400)", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024, "the reader allocated for the claimed length");
    }

    [Fact]
    public async Task A_sequence_length_beyond_the_end_of_the_file_is_refused()
    {
        var bytes = await WriteAsync(SampleDatasets.Image(sequencesUndefined: false), TransferSyntax.ExplicitVRLittleEndian);
        var at = IndexOf(bytes, [0x08, 0x00, 0x40, 0x11, (byte)'S', (byte)'Q']);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), 0x7FFF0000);

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => ReadAsync(bytes, seekable: true));

        Assert.Equal(at, error.Offset);
        Assert.Contains("(0008,1140)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sequences_nested_100_levels_deep_are_read_and_written_back(bool undefinedLength)
    {
        var dataset = Nested(100, undefinedLength);
        var bytes = await WriteAsync(dataset, TransferSyntax.ExplicitVRLittleEndian);

        var file = await ReadAsync(bytes, seekable: true);

        var depth = 0;
        var current = file.Dataset;
        while (current.Get<DicomSequence>(DicomTags.ContentSequence) is { } sequence)
        {
            depth++;
            current = sequence.Items[0];
        }

        Assert.Equal(100, depth);
        Assert.Equal("leaf", current.GetString(DicomTags.TextValue));
        Assert.Equal(bytes, await WriteAsync(file.Dataset, TransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public async Task Nesting_beyond_the_limit_is_refused_with_the_offset_not_a_stack_overflow()
    {
        var bytes = await WriteAsync(Nested(300, undefinedLength: true), TransferSyntax.ImplicitVRLittleEndian);

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => ReadAsync(bytes, seekable: false));

        Assert.Contains("nested 257 levels", error.Message, StringComparison.Ordinal);
        Assert.True(error.Offset > 0);
    }

    [Fact]
    public async Task Hostile_deep_nesting_in_a_stream_is_refused()
    {
        // 100,000 bare "sequence, item" headers with undefined lengths, never closed: 1.6 MB of nesting.
        var header = new byte[] { 0x40, 0x00, 0x30, 0xA7, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF };
        var bytes = new byte[header.Length * 100_000];
        for (var i = 0; i < 100_000; i++)
        {
            header.CopyTo(bytes, i * header.Length);
        }

        var error = await Assert.ThrowsAsync<DicomFormatException>(() =>
            DicomDatasetReader.ReadAsync(new NonSeekableStream(bytes), TransferSyntax.ImplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(256 * header.Length, error.Offset);
    }

    [Fact]
    public async Task An_empty_stream_is_not_a_dicom_file()
    {
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => ReadAsync([], seekable: true));

        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public async Task An_item_tag_where_an_element_belongs_is_refused()
    {
        byte[] bytes = [0x08, 0x00, 0x60, 0x00, 0x02, 0x00, 0x00, 0x00, (byte)'C', (byte)'T', 0xFE, 0xFF, 0x00, 0xE0, 0x00, 0x00, 0x00, 0x00];

        var error = await Assert.ThrowsAsync<DicomFormatException>(() =>
            DicomDatasetReader.ReadAsync(new MemoryStream(bytes), TransferSyntax.ImplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(10, error.Offset);
    }

    internal static DicomDataset Nested(int levels, bool undefinedLength)
    {
        var leaf = new DicomDataset().AddOrUpdate(DicomTags.TextValue, "leaf");
        for (var i = 0; i < levels; i++)
        {
            leaf = new DicomDataset().AddOrUpdate(new DicomSequence(DicomTags.ContentSequence, [leaf]) { UndefinedLength = undefinedLength, ItemsUndefinedLength = undefinedLength });
        }

        return leaf.AddOrUpdate(DicomTags.SOPClassUID, SampleDatasets.SopClassCt).AddOrUpdate(DicomTags.SOPInstanceUID, SampleDatasets.SopInstance);
    }

    internal static async Task<byte[]> WriteAsync(DicomDataset dataset, TransferSyntax syntax)
    {
        using var memory = new MemoryStream();
        await DicomFile.Create(dataset, syntax).WriteAsync(memory, TestContext.Current.CancellationToken);
        return memory.ToArray();
    }

    internal static Task<DicomFile> ReadAsync(byte[] bytes, bool seekable, DicomReadOptions? options = null) =>
        DicomFile.ReadAsync(seekable ? new MemoryStream(bytes) : new NonSeekableStream(bytes), options, TestContext.Current.CancellationToken);

    internal static int IndexOf(byte[] haystack, byte[] needle)
    {
        var at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "pattern not found in the encoded test file");
        return at;
    }
}
