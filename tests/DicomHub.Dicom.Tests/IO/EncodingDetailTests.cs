using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using static DicomHub.Dicom.Tests.IO.RawEncoding;

namespace DicomHub.Dicom.Tests.IO;

/// <summary>Byte-level facts of the encodings: big endian swapping, UN sequences, implicit VR guesses, group lengths.</summary>
public class EncodingDetailTests
{
    [Fact]
    public void Big_endian_swaps_numbers_by_their_size_but_never_bytes_or_text()
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.Rows, DicomVR.US, 0x0102)
            .AddOrUpdate(DicomTags.FrameIncrementPointer, DicomVR.AT, new DicomTag(0x0018, 0x1063).Value)
            .AddOrUpdate(DicomTags.RealWorldValueLUTData, DicomVR.FD, 1.0)
            .AddOrUpdate(DicomTags.PatientID, "AB")
            .AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, new byte[] { 1, 2, 3, 4 }));
        var ob = new DicomDataset().AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OB, new byte[] { 1, 2, 3, 4 }));

        var bytes = DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRBigEndian);
        var obBytes = DicomDatasetWriter.Encode(ob, TransferSyntax.ExplicitVRBigEndian);

        Assert.Equal([0x00, 0x10, 0x00, 0x20, (byte)'L', (byte)'O', 0x00, 0x02, (byte)'A', (byte)'B'], Slice(bytes, [0x00, 0x10, 0x00, 0x20], 10));
        Assert.Equal([0x00, 0x28, 0x00, 0x10, (byte)'U', (byte)'S', 0x00, 0x02, 0x01, 0x02], Slice(bytes, [0x00, 0x28, 0x00, 0x10], 10));
        Assert.Equal([0x00, 0x18, 0x10, 0x63], Slice(bytes, [0x00, 0x28, 0x00, 0x09], 12)[8..]);
        Assert.Equal([0x3F, 0xF0, 0, 0, 0, 0, 0, 0], Slice(bytes, [0x00, 0x40, 0x92, 0x12], 16)[8..]);
        Assert.Equal([2, 1, 4, 3], bytes[^4..]);
        Assert.Equal([1, 2, 3, 4], obBytes[^4..]);
    }

    [Fact]
    public async Task Big_endian_values_are_little_endian_in_memory()
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.Rows, DicomVR.US, 0x0102)
            .AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, new byte[] { 1, 2, 3, 4 }));
        var bytes = DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRBigEndian);

        var read = await DicomDatasetReader.ReadAsync(new MemoryStream(bytes), TransferSyntax.ExplicitVRBigEndian, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0x0102, read.GetInt32(DicomTags.Rows));
        Assert.Equal([1, 2, 3, 4], read.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
    }

    [Fact]
    public async Task UN_of_undefined_length_is_parsed_as_an_implicit_vr_sequence()
    {
        // PS3.5 6.2.2: the contents are Implicit VR Little Endian whatever the transfer syntax says.
        var item = Item(Implicit(DicomTags.CodeValue, "T-D0050 "), undefined: true);
        byte[] data = [.. Explicit(new DicomTag(0x0019, 0x0010), "LO", "ACME"), .. Explicit(new DicomTag(0x0019, 0x1001), "UN", [.. item, .. SequenceDelimiter()], Undefined), .. Explicit(DicomTags.PatientID, "LO", "42")];

        var read = await DicomDatasetReader.ReadAsync(new MemoryStream(data), TransferSyntax.ExplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);

        var sequence = read.Get<DicomSequence>(new DicomTag(0x0019, 0x1001))!;
        Assert.Equal("T-D0050", Assert.Single(sequence.Items).GetString(DicomTags.CodeValue));
        Assert.Equal("42", read.GetString(DicomTags.PatientID));
    }

    [Fact]
    public async Task Implicit_vr_private_sequences_are_found_by_their_undefined_length_and_round_trip()
    {
        var item = Item(Implicit(new DicomTag(0x0019, 0x1002), [1, 2, 3, 4]), undefined: true);
        byte[] data =
        [
            .. Implicit(new DicomTag(0x0019, 0x0010), "ACME"),
            .. Implicit(new DicomTag(0x0019, 0x1001), [.. item, .. SequenceDelimiter()], Undefined),
            .. Implicit(new DicomTag(0x0019, 0x1003), [9, 9]),
            .. Implicit(new DicomTag(0x0021, 0x0000), [99, 0, 0, 0]),
        ];

        var read = await DicomDatasetReader.ReadAsync(new MemoryStream(data), TransferSyntax.ImplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(DicomVR.LO, read[new DicomTag(0x0019, 0x0010)]!.VR);
        var sequence = read.Get<DicomSequence>(new DicomTag(0x0019, 0x1001))!;
        Assert.Equal(DicomVR.UN, sequence.Items[0][new DicomTag(0x0019, 0x1002)]!.VR);
        Assert.Equal(DicomVR.UN, read[new DicomTag(0x0019, 0x1003)]!.VR);
        var encoded = DicomDatasetWriter.Encode(read, TransferSyntax.ImplicitVRLittleEndian);
        Assert.Equal(data[..^12], encoded[..^12]);

        // The (0021,0000) group length is recomputed: the group has no other elements, so it is 0.
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(encoded.Length - 4)));
    }

    [Fact]
    public async Task Private_elements_survive_explicit_vr_byte_for_byte()
    {
        byte[] data =
        [
            .. Explicit(new DicomTag(0x0019, 0x0010), "LO", "ACME"),
            .. Explicit(new DicomTag(0x0019, 0x1001), "DS", "1.5 "),
            .. Explicit(new DicomTag(0x0019, 0x1002), "UN", [1, 2, 3, 4]),
            .. Explicit(new DicomTag(0x0019, 0x1003), "OB", [5, 6]),
            .. Explicit(new DicomTag(0x6001, 0x0010), "US", [0, 2]),
        ];

        var read = await DicomDatasetReader.ReadAsync(new MemoryStream(data), TransferSyntax.ExplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(data, DicomDatasetWriter.Encode(read, TransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public async Task A_command_set_gets_its_group_length_computed()
    {
        var command = new DicomDataset()
            .AddOrUpdate(new DicomElement(new DicomTag(0x0000, 0x0000), DicomVR.UL, new byte[4]))
            .AddOrUpdate(new DicomTag(0x0000, 0x0002), DicomVR.UI, "1.2.840.10008.1.1")
            .AddOrUpdate(new DicomTag(0x0000, 0x0100), DicomVR.US, 0x0030)
            .AddOrUpdate(new DicomTag(0x0000, 0x0110), DicomVR.US, 7)
            .AddOrUpdate(new DicomTag(0x0000, 0x0800), DicomVR.US, 0x0101);

        var bytes = DicomDatasetWriter.Encode(command, TransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal((uint)(bytes.Length - 12), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        var read = await DicomDatasetReader.ReadAsync(new MemoryStream(bytes), TransferSyntax.ImplicitVRLittleEndian, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0x0030, read.GetInt32(new DicomTag(0x0000, 0x0100)));
        Assert.Equal("1.2.840.10008.1.1", read.GetString(new DicomTag(0x0000, 0x0002)));
    }

    [Fact]
    public void Odd_values_are_padded_when_written()
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(new DicomElement(DicomTags.PatientID, DicomVR.LO, "ABC"u8.ToArray()))
            .AddOrUpdate(new DicomElement(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3"u8.ToArray()));

        var bytes = DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal("1.2.3\0"u8.ToArray(), bytes[8..14]);
        Assert.Equal("ABC "u8.ToArray(), bytes[^4..]);
    }

    [Fact]
    public void Values_too_long_for_a_16_bit_length_are_refused_in_explicit_vr()
    {
        var dataset = new DicomDataset().AddOrUpdate(new DicomElement(DicomTags.PatientComments, DicomVR.LO, new byte[70000]));

        var error = Assert.Throws<InvalidOperationException>(() => DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRLittleEndian));

        Assert.Contains(DicomTags.PatientComments.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(70008, DicomDatasetWriter.Encode(dataset, TransferSyntax.ImplicitVRLittleEndian).Length);
    }

    [Fact]
    public void Encapsulated_pixel_data_cannot_be_written_in_a_native_syntax()
    {
        var dataset = SampleDatasets.Encapsulated(SampleDatasets.Image());

        var error = Assert.Throws<InvalidOperationException>(() => DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRLittleEndian));

        Assert.Contains("decompress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_needs_SOP_class_and_instance()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DicomFile.Create(new DicomDataset().AddOrUpdate(DicomTags.PatientID, "1"), TransferSyntax.ExplicitVRLittleEndian));

        Assert.Contains("(0008,0016)", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Slice(byte[] bytes, byte[] start, int length)
    {
        var at = BadInputTests.IndexOf(bytes, start);
        return bytes[at..(at + length)];
    }
}
