using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Imaging;

public class PixelDataTests
{
    [Fact]
    public async Task Native_frames_are_slices_of_the_value()
    {
        var description = TestImages.Mono(10, 12, 16, 12, frames: 3);
        var frames = Enumerable.Range(0, 3).Select(f => TestImages.Frame(description, 5, f)).ToArray();
        var dataset = Dataset(description);
        dataset.AddOrUpdate(PixelDataBuilder.CreateNative(description, frames.Select(f => (ReadOnlyMemory<byte>)f)));

        var pixelData = DicomPixelData.FromDataset(dataset);

        Assert.False(pixelData.IsEncapsulated);
        Assert.Equal(3, pixelData.FrameCount);
        Assert.Equal(DicomVR.OW, dataset[DicomTags.PixelData]!.VR);
        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(frames[f], (await pixelData.ReadFrameAsync(f, TestContext.Current.CancellationToken)).ToArray());
        }
    }

    [Fact]
    public async Task Native_frames_left_on_disk_are_read_one_at_a_time()
    {
        using var temp = new TempDirectory();
        var description = TestImages.Mono(8, 8, 8, 8, frames: 4);
        var all = TestImages.Frames(description, 3);
        var path = temp.Combine("pixels.raw");
        await File.WriteAllBytesAsync(path, [.. new byte[100], .. all], TestContext.Current.CancellationToken);
        var buffer = new FileByteBuffer(path, 100, all.Length);
        var dataset = Dataset(description).AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OB, buffer));

        var frame = await DicomPixelData.FromDataset(dataset).ReadFrameAsync(2, TestContext.Current.CancellationToken);

        Assert.Equal(all.AsSpan(128, 64).ToArray(), frame.ToArray());
        Assert.False(buffer.IsInMemory);
    }

    [Fact]
    public async Task One_bit_frames_that_do_not_start_on_a_byte_are_realigned()
    {
        // 3 x 5 pixels = 15 bits a frame: frame 1 starts at bit 15.
        var description = TestImages.Mono(3, 5, 1, 1, frames: 3);
        var pattern = new[] { 0b0101_0011_0110_101, 0b1111_0000_1111_000, 0b0000_0000_0000_001 };
        var frames = pattern.Select(p => (ReadOnlyMemory<byte>)BitConverter.GetBytes((ushort)p)).ToArray();
        var dataset = Dataset(description).AddOrUpdate(PixelDataBuilder.CreateNative(description, frames));

        Assert.Equal(6, dataset.Get<DicomElement>(DicomTags.PixelData)!.Length); // 45 bits -> 6 bytes, even
        var pixelData = DicomPixelData.FromDataset(dataset);
        for (var f = 0; f < 3; f++)
        {
            var frame = await pixelData.ReadFrameAsync(f, TestContext.Current.CancellationToken);
            Assert.Equal(pattern[f], BinaryPrimitives.ReadUInt16LittleEndian(frame.Span));
        }
    }

    [Fact]
    public void Short_native_value_is_a_clear_error()
    {
        var description = TestImages.Mono(10, 10, 16, 16, frames: 2);
        var dataset = Dataset(description).AddOrUpdate(new DicomElement(DicomTags.PixelData, DicomVR.OW, new byte[300]));

        var error = Assert.Throws<DicomImagingException>(() => DicomPixelData.FromDataset(dataset));
        Assert.Contains("need 400", error.Message);
    }

    [Fact]
    public async Task Encapsulated_frames_follow_the_basic_offset_table()
    {
        var description = TestImages.Mono(4, 4, 8, 8, frames: 2);
        var dataset = Dataset(description);

        // Frame 0 in two fragments, frame 1 in one: offsets count the 8-byte item headers, so frame 1 is at 2 x (8 + 4).
        var sequence = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, Offsets(0, 24), [Buffer(1, 2, 3, 4), Buffer(5, 6, 7, 8), Buffer(9, 10)]);
        dataset.AddOrUpdate(sequence);

        var pixelData = DicomPixelData.FromDataset(dataset);

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, (await pixelData.ReadFrameAsync(0, TestContext.Current.CancellationToken)).ToArray());
        Assert.Equal(new byte[] { 9, 10 }, (await pixelData.ReadFrameAsync(1, TestContext.Current.CancellationToken)).ToArray());
    }

    [Fact]
    public async Task Encapsulated_frames_follow_the_extended_offset_table_and_trim_to_its_lengths()
    {
        var description = TestImages.Mono(4, 4, 8, 8, frames: 2);
        var dataset = Dataset(description);
        dataset.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, MemoryByteBuffer.Empty, [Buffer(1, 2, 3, 0), Buffer(5, 6)]));
        dataset.AddOrUpdate(new DicomElement(DicomTags.ExtendedOffsetTable, DicomVR.OV, ExtendedOffsetTable.Write([0, 12])));
        dataset.AddOrUpdate(new DicomElement(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, ExtendedOffsetTable.Write([3, 2])));

        var pixelData = DicomPixelData.FromDataset(dataset);

        Assert.Equal(new byte[] { 1, 2, 3 }, (await pixelData.ReadFrameAsync(0, TestContext.Current.CancellationToken)).ToArray());
        Assert.Equal(new byte[] { 5, 6 }, (await pixelData.ReadFrameAsync(1, TestContext.Current.CancellationToken)).ToArray());
    }

    [Fact]
    public async Task Without_offset_tables_fragments_map_one_to_one_or_all_to_a_single_frame()
    {
        var twoFrames = Dataset(TestImages.Mono(4, 4, 8, 8, frames: 2));
        twoFrames.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, MemoryByteBuffer.Empty, [Buffer(1, 2), Buffer(3, 4)]));
        var oneFrame = Dataset(TestImages.Mono(4, 4, 8, 8));
        oneFrame.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, MemoryByteBuffer.Empty, [Buffer(1, 2), Buffer(3, 4)]));

        Assert.Equal(new byte[] { 3, 4 }, (await DicomPixelData.FromDataset(twoFrames).ReadFrameAsync(1, TestContext.Current.CancellationToken)).ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, (await DicomPixelData.FromDataset(oneFrame).ReadFrameAsync(0, TestContext.Current.CancellationToken)).ToArray());
    }

    [Fact]
    public async Task Without_offset_tables_JPEG_start_markers_split_the_fragments_into_frames()
    {
        var dataset = Dataset(TestImages.Mono(4, 4, 8, 8, frames: 2));
        dataset.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, MemoryByteBuffer.Empty,
            [Buffer(0xFF, 0xD8, 0xFF, 0xC3), Buffer(1, 2, 0xFF, 0xD9), Buffer(0xFF, 0xD8, 0xFF, 0xC3), Buffer(3, 4, 0xFF, 0xD9), Buffer(5, 6)]));

        var pixelData = DicomPixelData.FromDataset(dataset);

        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xC3, 1, 2, 0xFF, 0xD9 }, (await pixelData.ReadFrameAsync(0, TestContext.Current.CancellationToken)).ToArray());
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xC3, 3, 4, 0xFF, 0xD9, 5, 6 }, (await pixelData.ReadFrameAsync(1, TestContext.Current.CancellationToken)).ToArray());
    }

    [Fact]
    public void Unmappable_fragments_are_a_clear_error()
    {
        var dataset = Dataset(TestImages.Mono(4, 4, 8, 8, frames: 2));
        dataset.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, MemoryByteBuffer.Empty, [Buffer(1, 2), Buffer(3, 4), Buffer(5, 6)]));

        var error = Assert.Throws<DicomImagingException>(() => DicomPixelData.FromDataset(dataset));
        Assert.Contains("3 fragments", error.Message);
    }

    [Fact]
    public async Task Built_encapsulated_pixel_data_pads_fragments_and_writes_a_basic_offset_table()
    {
        var description = TestImages.Mono(4, 4, 8, 8, frames: 3);
        var dataset = Dataset(description);
        PixelDataBuilder.SetEncapsulated(dataset, [new byte[] { 1, 2, 3 }, new byte[] { 4, 5 }, new byte[] { 6 }]);

        var sequence = dataset.Get<DicomFragmentSequence>(DicomTags.PixelData)!;
        Assert.Equal([0u, 12u, 22u], sequence.ReadOffsets());
        Assert.All(sequence.Fragments, f => Assert.Equal(0, f.Length % 2));
        var pixelData = DicomPixelData.FromDataset(dataset);
        Assert.Equal(new byte[] { 4, 5 }, (await pixelData.ReadFrameAsync(1, TestContext.Current.CancellationToken)).ToArray());
        Assert.Equal(new byte[] { 6, 0 }, (await pixelData.ReadFrameAsync(2, TestContext.Current.CancellationToken)).ToArray());
        Assert.False(dataset.Contains(DicomTags.ExtendedOffsetTable));
    }

    [Fact]
    public void Image_description_reads_the_image_pixel_module()
    {
        var dataset = new DicomDataset();
        TestImages.Rgb(20, 30, planarConfiguration: 1, frames: 5).ApplyTo(dataset);

        var description = ImageDescription.FromDataset(dataset);

        Assert.Equal(TestImages.Rgb(20, 30, planarConfiguration: 1, frames: 5), description);
        Assert.Equal(20 * 30 * 3, description.FrameLength);
    }

    [Fact]
    public void Missing_rows_is_a_clear_error()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, 8);

        var error = Assert.Throws<DicomImagingException>(() => ImageDescription.FromDataset(dataset));
        Assert.Contains("Rows", error.Message);
    }

    private static DicomDataset Dataset(ImageDescription description)
    {
        var dataset = new DicomDataset();
        description.ApplyTo(dataset);
        return dataset;
    }

    private static MemoryByteBuffer Buffer(params byte[] bytes) => new(bytes);

    private static MemoryByteBuffer Offsets(params uint[] offsets)
    {
        var bytes = new byte[offsets.Length * 4];
        for (var i = 0; i < offsets.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), offsets[i]);
        }

        return new MemoryByteBuffer(bytes);
    }
}
