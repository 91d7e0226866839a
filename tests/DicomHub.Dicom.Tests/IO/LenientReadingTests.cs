using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using static DicomHub.Dicom.Tests.IO.RawEncoding;

namespace DicomHub.Dicom.Tests.IO;

/// <summary>Common defects are read with a warning, and no value is changed on the way.</summary>
public class LenientReadingTests
{
    private static readonly string ExplicitLE = TransferSyntax.ExplicitVRLittleEndian.Uid;
    private static readonly string ImplicitLE = TransferSyntax.ImplicitVRLittleEndian.Uid;

    [Fact]
    public async Task An_odd_value_length_is_kept_as_is_with_a_warning()
    {
        var bytes = Part10(Meta(ExplicitLE), [.. Explicit(DicomTags.PatientName, "PN", "Doe^Jon"), .. Explicit(DicomTags.PatientID, "LO", "42")]);
        var callback = new List<string>();

        var file = await ReadAsync(bytes, new DicomReadOptions { Warning = callback.Add });

        var warning = Assert.Single(file.Warnings);
        Assert.Contains("odd length 7", warning, StringComparison.Ordinal);
        Assert.Equal(file.Warnings, callback);
        Assert.Equal("Doe^Jon"u8.ToArray(), file.Dataset.Get<DicomElement>(DicomTags.PatientName)!.Buffer.Memory.ToArray());
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public async Task Garbage_vr_bytes_fall_back_to_the_dictionary_vr()
    {
        // (0028,0010) Rows written implicitly inside an explicit VR data set: bytes 4-7 are a 32-bit length.
        var rows = Implicit(DicomTags.Rows, [0x00, 0x02]);
        var bytes = Part10(Meta(ExplicitLE), [.. Explicit(DicomTags.Modality, "CS", "CT"), .. rows, .. Explicit(DicomTags.Columns, "US", [0x00, 0x01])]);

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains("(0028,0010)", StringComparison.Ordinal) && w.Contains("no valid VR", StringComparison.Ordinal));
        Assert.Equal(DicomVR.US, file.Dataset[DicomTags.Rows]!.VR);
        Assert.Equal(512, file.Dataset.GetInt32(DicomTags.Rows));
        Assert.Equal(256, file.Dataset.GetInt32(DicomTags.Columns));
        Assert.Equal("CT", file.Dataset.GetString(DicomTags.Modality));
    }

    [Fact]
    public async Task An_unknown_vr_of_capital_letters_is_read_as_UN_with_a_32_bit_length()
    {
        var bytes = Part10(Meta(ExplicitLE), [.. Explicit(new DicomTag(0x0011, 0x1010), "ZZ", [1, 2, 3, 4]), .. Explicit(DicomTags.PatientID, "LO", "42")]);

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains("unknown VR 'ZZ'", StringComparison.Ordinal));
        var element = file.Dataset.Get<DicomElement>(new DicomTag(0x0011, 0x1010))!;
        Assert.Equal(DicomVR.UN, element.VR);
        Assert.Equal([1, 2, 3, 4], element.Buffer.Memory.ToArray());
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public async Task A_meta_group_written_in_implicit_vr_is_read_with_warnings()
    {
        byte[] meta =
        [
            .. Implicit(new DicomTag(0x0002, 0x0002), Padded(SampleDatasets.SopClassCt)),
            .. Implicit(new DicomTag(0x0002, 0x0010), Padded(ImplicitLE)),
        ];
        var bytes = Part10(meta, Implicit(DicomTags.PatientID, "42"));

        var file = await ReadAsync(bytes);

        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(SampleDatasets.SopClassCt, file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID));
        Assert.Equal(2, file.Warnings.Count(w => w.Contains("no valid VR", StringComparison.Ordinal)));
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Theory]
    [InlineData(12u)]
    [InlineData(5000u)]
    public async Task A_wrong_meta_group_length_is_reported_and_the_real_elements_are_read(uint groupLength)
    {
        var bytes = Part10(Meta(ExplicitLE), Explicit(DicomTags.PatientID, "LO", "42"), groupLength: groupLength);

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains($"says {groupLength} bytes", StringComparison.Ordinal));
        Assert.Equal(ExplicitLE, file.FileMetaInformation.GetString(DicomTags.TransferSyntaxUID));
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public async Task A_missing_meta_group_length_is_reported()
    {
        byte[] bytes = [.. new byte[128], .. "DICM"u8, .. Meta(ExplicitLE), .. Explicit(DicomTags.PatientID, "LO", "42")];

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains("no valid group length", StringComparison.Ordinal));
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public async Task A_file_without_preamble_starts_with_its_meta()
    {
        var bytes = Part10(Meta(ImplicitLE), Implicit(DicomTags.PatientID, "42"), preamble: false);

        var file = await ReadAsync(bytes, seekable: false);

        Assert.Contains(file.Warnings, w => w.Contains("no 128-byte preamble", StringComparison.Ordinal));
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_bare_data_set_without_meta_is_read_in_the_encoding_it_shows(bool explicitVR)
    {
        var dataset = SampleDatasets.Image();
        var syntax = explicitVR ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
        var bytes = DicomDatasetWriter.Encode(dataset, syntax);

        var file = await ReadAsync(bytes, seekable: false);

        Assert.Contains(file.Warnings, w => w.Contains("no file meta information", StringComparison.Ordinal));
        Assert.Equal(syntax, file.TransferSyntax);
        Assert.Equal("Doe^John", file.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(SampleDatasets.SopInstance, file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID));
        Assert.Equal(bytes, DicomDatasetWriter.Encode(file.Dataset, syntax));
    }

    [Fact]
    public async Task A_bare_big_endian_data_set_is_recognised()
    {
        var bytes = DicomDatasetWriter.Encode(SampleDatasets.Image(), TransferSyntax.ExplicitVRBigEndian);

        var file = await ReadAsync(bytes);

        Assert.Equal(TransferSyntax.ExplicitVRBigEndian, file.TransferSyntax);
        Assert.Equal(4, file.Dataset.GetInt32(DicomTags.Rows));
    }

    [Fact]
    public async Task A_data_set_declared_explicit_but_encoded_implicit_is_read_as_implicit()
    {
        var bytes = Part10(Meta(ExplicitLE), DicomDatasetWriter.Encode(SampleDatasets.Image(), TransferSyntax.ImplicitVRLittleEndian));

        var file = await ReadAsync(bytes);

        var warning = Assert.Single(file.Warnings);
        Assert.Contains("declared explicit", warning, StringComparison.Ordinal);
        Assert.Equal("Doe^John", file.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(4, file.Dataset.GetInt32(DicomTags.Columns));
    }

    [Fact]
    public async Task An_undefined_length_item_in_a_defined_length_sequence_is_read()
    {
        // Legal per PS3.5 7.5 (items and their sequence choose lengths independently), and easy to get wrong.
        var item = Item(Explicit(DicomTags.CodeValue, "SH", "T-D0050 "), undefined: true);
        byte[] bytes = Part10(Meta(ExplicitLE), [.. Explicit(DicomTags.ProcedureCodeSequence, "SQ", item), .. Explicit(DicomTags.PatientID, "LO", "42")]);

        var file = await ReadAsync(bytes);

        Assert.Empty(file.Warnings);
        var sequence = file.Dataset.Get<DicomSequence>(DicomTags.ProcedureCodeSequence)!;
        Assert.False(sequence.UndefinedLength);
        Assert.True(sequence.ItemsUndefinedLength);
        Assert.Equal("T-D0050", Assert.Single(sequence.Items).GetString(DicomTags.CodeValue));
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public async Task An_item_running_past_its_defined_length_sequence_is_reported()
    {
        var content = Explicit(DicomTags.CodeValue, "SH", "T-D0050 ");
        var item = Item(content, undefined: false);
        byte[] sequence = [.. Explicit(DicomTags.ProcedureCodeSequence, "SQ", item, length: (uint)item.Length - 4)];
        byte[] bytes = Part10(Meta(ExplicitLE), [.. sequence, .. Explicit(DicomTags.PatientID, "LO", "42")]);

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains("runs past the end of its sequence", StringComparison.Ordinal));
        Assert.Equal("T-D0050", file.Dataset.Get<DicomSequence>(DicomTags.ProcedureCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public async Task A_missing_item_delimiter_before_the_sequence_delimiter_is_reported()
    {
        byte[] items = [.. Implicit(DicomTag.Item, [], Undefined), .. Explicit(DicomTags.CodeValue, "SH", "T-D0050 "), .. SequenceDelimiter()];
        byte[] bytes = Part10(Meta(ExplicitLE), [.. Explicit(DicomTags.ProcedureCodeSequence, "SQ", items, Undefined), .. Explicit(DicomTags.PatientID, "LO", "42")]);

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains("not closed", StringComparison.Ordinal));
        Assert.Equal("42", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public async Task A_duplicate_tag_is_reported()
    {
        var bytes = Part10(Meta(ExplicitLE), [.. Explicit(DicomTags.PatientID, "LO", "41"), .. Explicit(DicomTags.PatientID, "LO", "42")]);

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains("occurs twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_transfer_syntax_is_read_as_explicit_little_endian_encapsulated()
    {
        byte[] pixel = [.. Explicit(DicomTags.PixelData, "OB", [], Undefined), .. Implicit(DicomTag.Item, []), .. Implicit(DicomTag.Item, [9, 8, 7, 6]), .. SequenceDelimiter()];
        var bytes = Part10(Meta("1.2.3.999.1"), [.. Explicit(DicomTags.PatientID, "LO", "42"), .. pixel]);

        var file = await ReadAsync(bytes);

        Assert.True(file.TransferSyntax.IsEncapsulated);
        Assert.Contains(file.Warnings, w => w.Contains("Unknown transfer syntax 1.2.3.999.1", StringComparison.Ordinal));
        Assert.Equal([9, 8, 7, 6], Assert.Single(file.Dataset.Get<DicomFragmentSequence>(DicomTags.PixelData)!.Fragments).Memory.ToArray());
    }

    [Fact]
    public async Task Trailing_zero_padding_is_ignored_with_a_warning()
    {
        var bytes = Part10(Meta(ExplicitLE), [.. Explicit(DicomTags.PatientID, "LO", "42"), .. new byte[40]]);

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains("trailing padding", StringComparison.Ordinal));
        Assert.Equal([DicomTags.PatientID], file.Dataset.Select(i => i.Tag));
    }

    [Fact]
    public async Task A_big_endian_meta_group_is_read_with_a_warning()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTags.SOPClassUID, SampleDatasets.SopClassCt).AddOrUpdate(DicomTags.SOPInstanceUID, SampleDatasets.SopInstance).AddOrUpdate(DicomTags.Rows, DicomVR.US, 258);
        var meta = DicomFileMetaInformation.Build(dataset, TransferSyntax.ExplicitVRBigEndian);
        byte[] bytes = [.. new byte[128], .. "DICM"u8, .. DicomDatasetWriter.Encode(meta, TransferSyntax.ExplicitVRBigEndian), .. DicomDatasetWriter.Encode(dataset, TransferSyntax.ExplicitVRBigEndian)];

        var file = await ReadAsync(bytes);

        Assert.Contains(file.Warnings, w => w.Contains("meta information is encoded in big endian", StringComparison.Ordinal));
        Assert.Equal(TransferSyntax.ExplicitVRBigEndian, file.TransferSyntax);
        Assert.Equal(258, file.Dataset.GetInt32(DicomTags.Rows));
    }

    [Fact]
    public async Task A_flood_of_defects_keeps_the_first_hundred_warnings()
    {
        var elements = Enumerable.Range(1, 300).SelectMany(i => Explicit(new DicomTag(0x0011, (ushort)(0x1000 + i)), "UN", [1, 2, 3])).ToArray();
        var seen = 0;

        var file = await ReadAsync(Part10(Meta(ExplicitLE), elements), new DicomReadOptions { Warning = _ => seen++ });

        Assert.Equal(101, file.Warnings.Count);
        Assert.Equal("200 further warnings suppressed.", file.Warnings[^1]);
        Assert.Equal(101, seen);
        Assert.Equal(300, file.Dataset.Count);
    }

    private static Task<DicomFile> ReadAsync(byte[] bytes, DicomReadOptions? options = null, bool seekable = true) =>
        BadInputTests.ReadAsync(bytes, seekable, options);
}
