using System.Buffers.Binary;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Imaging.Conformance;

/// <summary>
/// OpenJPEG's and OpenJPH's command-line tools as reference codecs. They read and write bare codestreams and raw
/// samples, so the frames are taken out of (or put into) DICOM here: raw files are little-endian, colour by
/// plane, one byte per sample up to 8 bits and two above.
/// </summary>
internal static class Jpeg2000Tools
{
    /// <summary>opj_decompress on each frame's codestream; the samples come back in the description of our decode (RGB after the MCT).</summary>
    public static async Task<DecodedImage> OpjDecodeAsync(string compressed, TempDirectory temp)
    {
        var file = await ReferenceTools.ReadAsync(compressed);
        var description = ImageDescription.FromDataset(file.Dataset);
        var frames = new List<byte[]>();
        var pixels = DicomPixelData.FromDataset(file.Dataset);
        for (var f = 0; f < pixels.FrameCount; f++)
        {
            var codestream = temp.Combine($"frame{f}-{Guid.NewGuid():N}.j2k");
            await File.WriteAllBytesAsync(codestream, (await pixels.ReadFrameAsync(f, TestContext.Current.CancellationToken)).ToArray(), TestContext.Current.CancellationToken);
            var raw = Path.ChangeExtension(codestream, ".rawl");
            await ReferenceTools.RunAsync("opj_decompress", "libopenjp2-tools", "-quiet", "-i", codestream, "-o", raw);
            frames.Add(FromRaw(await File.ReadAllBytesAsync(raw, TestContext.Current.CancellationToken), description));
        }

        var output = description with
        {
            PhotometricInterpretation = description.PhotometricInterpretation is "YBR_RCT" or "YBR_ICT" ? "RGB" : description.PhotometricInterpretation,
            PlanarConfiguration = 1,
        };
        return new DecodedImage(output, [.. frames.SelectMany(f => f)]);
    }

    /// <summary>Encodes the native file's frames with <paramref name="program"/> and wraps the codestreams in a copy of its data set.</summary>
    public static async Task EncodeFramesAsync(string native, string compressed, TransferSyntax syntax, string photometric, Func<string, string, ImageDescription, string[]> arguments, string program, string package)
    {
        var temp = Path.GetDirectoryName(compressed)!;
        var file = await ReferenceTools.ReadAsync(native);
        var description = ImageDescription.FromDataset(file.Dataset);
        var pixels = DicomPixelData.FromDataset(file.Dataset);
        var codestreams = new List<ReadOnlyMemory<byte>>();
        for (var f = 0; f < pixels.FrameCount; f++)
        {
            var raw = Path.Combine(temp, $"in{f}-{Guid.NewGuid():N}.raw");
            var output = Path.ChangeExtension(raw, ".j2c"); // a bare codestream for opj_compress and ojph_compress alike
            await File.WriteAllBytesAsync(raw, ToRaw((await pixels.ReadFrameAsync(f, TestContext.Current.CancellationToken)).ToArray(), description), TestContext.Current.CancellationToken);
            await ReferenceTools.RunAsync(program, package, arguments(raw, output, description));
            codestreams.Add(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
        }

        var dataset = file.Dataset.Clone();
        PixelDataBuilder.SetEncapsulated(dataset, codestreams);
        dataset.AddOrUpdate(DicomTags.PhotometricInterpretation, photometric);
        if (description.SamplesPerPixel > 1)
        {
            dataset.AddOrUpdate(DicomTags.PlanarConfiguration, DicomVR.US, 0);
        }

        await DicomHub.Dicom.IO.DicomFile.Create(dataset, syntax).SaveAsync(compressed, TestContext.Current.CancellationToken);
    }

    /// <summary>A native frame as raw samples colour-by-plane: one byte each up to 8 bits stored, else two, little-endian.</summary>
    public static byte[] ToRaw(byte[] frame, ImageDescription description)
    {
        var samples = new DecodedImage(description with { NumberOfFrames = 1 }, frame).Samples();
        var bytes = description.BitsStored <= 8 ? 1 : 2;
        var pixels = description.PixelsPerFrame;
        var spp = description.SamplesPerPixel;
        var raw = new byte[samples.Length * bytes];
        for (var c = 0; c < spp; c++)
        {
            for (var i = 0; i < pixels; i++)
            {
                var value = samples[(i * spp) + c];
                var at = ((c * pixels) + i) * bytes;
                if (bytes == 1)
                {
                    raw[at] = (byte)value;
                }
                else
                {
                    BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(at), (short)value);
                }
            }
        }

        return raw;
    }

    /// <summary>Raw samples colour-by-plane (as <see cref="ToRaw"/> writes them) into a native frame colour-by-plane.</summary>
    private static byte[] FromRaw(byte[] raw, ImageDescription description)
    {
        var count = description.PixelsPerFrame * description.SamplesPerPixel;
        var bytes = raw.Length / count;
        var frame = new byte[description.FrameLength];
        for (var i = 0; i < count; i++)
        {
            int value = bytes == 1 ? raw[i] : BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2));
            if (description.IsSigned)
            {
                // opj_decompress writes the precision's two's complement pattern; values are what is compared.
                var shift = 32 - description.BitsStored;
                value = (value << shift) >> shift;
            }

            if (description.BytesPerSample == 1)
            {
                frame[i] = (byte)value;
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(i * 2), (short)value);
            }
        }

        return frame;
    }
}
