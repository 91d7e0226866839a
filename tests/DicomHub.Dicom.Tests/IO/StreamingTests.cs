using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.IO;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.IO;

/// <summary>Stopping before pixel data, leaving large values in the file, and reading from forward-only streams.</summary>
public class StreamingTests
{
    [Fact]
    public async Task StopBeforePixelData_reads_everything_up_to_pixel_data_and_nothing_after()
    {
        var dataset = SampleDatasets.Image(rows: 256, columns: 256);
        dataset.AddOrUpdate(new DicomElement(DicomTags.DataSetTrailingPadding, DicomVR.OB, new byte[8]));
        var bytes = await BadInputTests.WriteAsync(dataset, TransferSyntax.ExplicitVRLittleEndian);
        var stream = new MemoryStream(bytes);

        var file = await DicomFile.ReadAsync(stream, new DicomReadOptions { StopBeforePixelData = true }, TestContext.Current.CancellationToken);

        Assert.False(file.Dataset.Contains(DicomTags.PixelData));
        Assert.False(file.Dataset.Contains(DicomTags.DataSetTrailingPadding));
        Assert.Equal("Doe^John", file.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal([1.5, -2.25], file.Dataset.GetDoubles(DicomTags.RealWorldValueLUTData));
        Assert.True(stream.Position < 80 * 1024, $"read {stream.Position} of {bytes.Length} bytes");
    }

    [Fact]
    public async Task StopBeforePixelData_stops_only_at_the_top_level()
    {
        // An icon image inside a sequence has its own Pixel Data; it must be read.
        var icon = new DicomDataset().AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OB, new byte[] { 1, 2, 3, 4 }));
        var dataset = SampleDatasets.Image().AddOrUpdate(new DicomSequence(DicomTags.IconImageSequence, [icon]));
        var bytes = await BadInputTests.WriteAsync(dataset, TransferSyntax.ExplicitVRLittleEndian);

        var file = await BadInputTests.ReadAsync(bytes, seekable: false, new DicomReadOptions { StopBeforePixelData = true });

        Assert.False(file.Dataset.Contains(DicomTags.PixelData));
        Assert.Equal([1, 2, 3, 4], file.Dataset.Get<DicomSequence>(DicomTags.IconImageSequence)!.Items[0].Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
    }

    [Fact]
    public async Task Large_values_in_a_file_stay_there_and_are_written_back_unchanged()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("large.dcm");
        var copy = temp.Combine("copy.dcm");
        var dataset = SampleDatasets.Image(rows: 128, columns: 128);
        await DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian).SaveAsync(path, TestContext.Current.CancellationToken);

        var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 1024 }, TestContext.Current.CancellationToken);

        var pixels = Assert.IsType<FileByteBuffer>(file.Dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer);
        Assert.Equal(128 * 128 * 2, pixels.Length);
        Assert.Equal(new FileInfo(path).Length - pixels.Length, pixels.Offset);
        Assert.False(pixels.IsInMemory);
        Assert.IsType<MemoryByteBuffer>(file.Dataset.Get<DicomElement>(DicomTags.PatientName)!.Buffer);
        await file.SaveAsync(copy, TestContext.Current.CancellationToken);
        Assert.Equal(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(copy, TestContext.Current.CancellationToken));

        // Saving over the file the lazy values point into must still work (it goes through a temporary file).
        await file.SaveAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(await File.ReadAllBytesAsync(copy, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_stream_backed_by_a_file_leaves_large_values_in_that_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("backed.dcm");
        await DicomFile.Create(SampleDatasets.Image(rows: 128, columns: 128), TransferSyntax.ExplicitVRLittleEndian).SaveAsync(path, TestContext.Current.CancellationToken);
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);

        // Not a FileStream, so only the path given says where the bytes can be found again.
        var file = await DicomFile.ReadWithBackingFileAsync(new MemoryStream(bytes), path, new DicomReadOptions { LargeValueThreshold = 1024 }, TestContext.Current.CancellationToken);

        var pixels = Assert.IsType<FileByteBuffer>(file.Dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer);
        Assert.Equal(path, pixels.Path);
        Assert.Equal(bytes.Length - (128 * 128 * 2), pixels.Offset);
        Assert.Equal(bytes.AsSpan((int)pixels.Offset).ToArray(), pixels.Memory.ToArray());
        Assert.IsType<MemoryByteBuffer>(file.Dataset.Get<DicomElement>(DicomTags.PatientName)!.Buffer);
    }

    [Fact]
    public async Task Large_fragments_stay_in_the_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("fragments.dcm");
        var dataset = SampleDatasets.Image();
        var fragments = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB);
        fragments.Fragments.Add(new MemoryByteBuffer(new byte[10]));
        fragments.Fragments.Add(new MemoryByteBuffer(Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray()));
        dataset.AddOrUpdate(fragments);
        await DicomFile.Create(dataset, TransferSyntax.RLELossless).SaveAsync(path, TestContext.Current.CancellationToken);

        var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 100 }, TestContext.Current.CancellationToken);

        var read = file.Dataset.Get<DicomFragmentSequence>(DicomTags.PixelData)!;
        Assert.IsType<MemoryByteBuffer>(read.Fragments[0]);
        var large = Assert.IsType<FileByteBuffer>(read.Fragments[1]);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (byte)i), large.Memory.ToArray());
    }

    [Fact]
    public async Task Large_values_are_read_into_memory_from_streams_that_are_not_files()
    {
        var bytes = await BadInputTests.WriteAsync(SampleDatasets.Image(rows: 64, columns: 64), TransferSyntax.ExplicitVRLittleEndian);

        var file = await BadInputTests.ReadAsync(bytes, seekable: false, new DicomReadOptions { LargeValueThreshold = 16 });

        Assert.IsType<MemoryByteBuffer>(file.Dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.2")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    public async Task A_forward_only_stream_with_short_reads_gives_the_same_data_set(string uid)
    {
        var syntax = TransferSyntax.FromUid(uid);
        var bytes = await BadInputTests.WriteAsync(SampleDatasets.Image(rows: 300, columns: 300), syntax);

        var fromMemory = await BadInputTests.ReadAsync(bytes, seekable: true);
        var fromStream = await DicomFile.ReadAsync(new NonSeekableStream(bytes, maxRead: 7), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(SampleDatasets.Canonical(fromMemory.Dataset), SampleDatasets.Canonical(fromStream.Dataset));
        Assert.Empty(fromStream.Warnings);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.2")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    public async Task A_bare_data_set_round_trips_through_the_dataset_reader_and_writer(string uid)
    {
        var syntax = TransferSyntax.FromUid(uid);
        var dataset = SampleDatasets.Image();
        using var memory = new MemoryStream();
        await DicomDatasetWriter.WriteAsync(memory, dataset, syntax, TestContext.Current.CancellationToken);

        var read = await DicomDatasetReader.ReadAsync(new NonSeekableStream(memory.ToArray()), syntax, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(memory.ToArray(), DicomDatasetWriter.Encode(read, syntax));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.2")]
    public async Task Lazy_values_are_written_by_the_synchronous_writer_too(string uid)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("lazy.dcm");
        var syntax = TransferSyntax.FromUid(uid);
        await DicomFile.Create(SampleDatasets.Image(rows: 200, columns: 200), TransferSyntax.ExplicitVRLittleEndian).SaveAsync(path, TestContext.Current.CancellationToken);
        var lazy = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 1000 }, TestContext.Current.CancellationToken);
        var loaded = await DicomFile.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.IsType<FileByteBuffer>(lazy.Dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer);

        var fromLazy = DicomDatasetWriter.Encode(lazy.Dataset, syntax);

        Assert.Equal(DicomDatasetWriter.Encode(loaded.Dataset, syntax), fromLazy);
        var back = await DicomDatasetReader.ReadAsync(new MemoryStream(fromLazy), syntax, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(loaded.Dataset.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray(), back.Get<DicomElement>(DicomTags.PixelData)!.Buffer.Memory.ToArray());
    }
}
