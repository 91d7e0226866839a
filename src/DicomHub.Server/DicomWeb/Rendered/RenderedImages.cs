using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Http;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DicomHub.Server.DicomWeb.Rendered;

/// <summary>What to render: a 1-based frame, an optional window, a box to fit in (0 = native size), PNG or JPEG.</summary>
internal sealed record RenderOptions(int FrameNumber, WindowLevel? Window, Size Box, bool Png, int JpegQuality = 90);

/// <summary>
/// One frame of a stored instance as a JPEG or PNG, shared by WADO-RS /rendered and /thumbnail and by
/// WADO-URI: native frames are read as stored, compressed ones (RLE, JPEG Lossless) decoded frame by frame
/// by the toolkit's codecs, then windowed by <see cref="FrameRenderer"/> and fitted into the box.
/// </summary>
internal static class RenderedImages
{
    public static async Task<IResult> RenderAsync(RetrieveService retrieve, StoredInstance instance, DicomFile file, RenderOptions options, CancellationToken cancellationToken)
    {
        if (file.Dataset[DicomTags.PixelData] is null)
        {
            return DicomWebHttp.Problem(406, "Cannot render",
                $"Instance {instance.SopInstanceUid} (SOP class {instance.SopClassUid}) has no Pixel Data, so there is no image to render; retrieve it as application/dicom instead.");
        }

        RenderedFrame rendered;
        try
        {
            var frameCount = ImageDescription.FromDataset(file.Dataset).NumberOfFrames;
            if (options.FrameNumber < 1 || options.FrameNumber > frameCount)
            {
                return DicomWebHttp.Problem(404, "No such frame", $"Frame {options.FrameNumber} of instance {instance.SopInstanceUid} was asked for; it has {frameCount} frame(s), numbered from 1.");
            }

            var frame = await retrieve.ReadNativeFrameAsync(file, options.FrameNumber - 1, cancellationToken).ConfigureAwait(false);
            rendered = FrameRenderer.Render(file.Dataset, frame, options.Window);
        }
        catch (TranscodingNotPossibleException)
        {
            return DicomWebHttp.Problem(406, "Cannot render",
                $"Instance {instance.SopInstanceUid} is stored as {file.TransferSyntax.Name}, which this archive cannot decode (it decodes the native syntaxes, RLE Lossless and JPEG Lossless); retrieve it as application/dicom with transfer-syntax=* instead.");
        }
        catch (DicomImagingException e)
        {
            return DicomWebHttp.Problem(406, "Cannot render", $"Instance {instance.SopInstanceUid} cannot be rendered: {e.Message}");
        }

        using var image = rendered.IsColor
            ? (Image)Image.LoadPixelData<Rgb24>(rendered.Pixels, rendered.Width, rendered.Height)
            : Image.LoadPixelData<L8>(rendered.Pixels, rendered.Width, rendered.Height);
        if (options.Box is { Width: > 0, Height: > 0 } box)
        {
            // Fit inside the box keeping the aspect ratio (PS3.18 viewport; WADO-URI rows/columns).
            image.Mutate(x => x.Resize(new ResizeOptions { Size = box, Mode = ResizeMode.Max }));
        }

        using var buffer = new MemoryStream();
        IImageEncoder encoder = options.Png
            ? new PngEncoder { ColorType = rendered.IsColor ? PngColorType.Rgb : PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 }
            : new JpegEncoder { Quality = options.JpegQuality };
        await image.SaveAsync(buffer, encoder, cancellationToken).ConfigureAwait(false);
        return Results.Bytes(buffer.ToArray(), options.Png ? "image/png" : "image/jpeg");
    }
}
