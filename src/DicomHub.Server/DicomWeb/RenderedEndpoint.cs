using System.Globalization;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Dicom.Imaging;
using Microsoft.AspNetCore.Http;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DicomHub.Server.DicomWeb;

/// <summary>
/// /rendered and /thumbnail (PS3.18 10.4.1.1.3): one frame windowed to 8 bits and encoded as JPEG (default)
/// or PNG per Accept; query parameters window=center,width[,linear] and viewport=width,height.
/// </summary>
internal static class RenderedEndpoint
{
    private const int ThumbnailSize = 128;

    public static async Task<IResult> RenderAsync(HttpContext context, RetrieveService retrieve, InstanceScope scope, int frameNumber, bool thumbnail)
    {
        var cancellationToken = context.RequestAborted;
        var accept = context.Request.Headers.Accept.ToString();
        var png = accept.Contains("image/png", StringComparison.OrdinalIgnoreCase) && !(accept.IndexOf("image/jpeg", StringComparison.OrdinalIgnoreCase) is >= 0 and var j && j < accept.IndexOf("image/png", StringComparison.OrdinalIgnoreCase));
        if (accept.Length > 0 && !png && !accept.Contains("image/jpeg", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal) && !accept.Contains("image/*", StringComparison.OrdinalIgnoreCase))
        {
            return DicomWebHttp.Problem(406, "Not acceptable", $"Rendered images are sent as image/jpeg or image/png; the request accepts only '{accept}'.");
        }

        WindowLevel? window = null;
        if (context.Request.Query["window"].ToString() is { Length: > 0 } windowText)
        {
            var parts = windowText.Split(',');
            if (parts.Length < 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var center)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var width) || width <= 0)
            {
                return DicomWebHttp.Problem(400, "Invalid window", $"window={windowText}: write window=center,width[,linear] with a positive width.");
            }

            window = new WindowLevel(center, width);
        }

        var (instance, file, error) = await FrameEndpoints.OpenAsync(retrieve, scope, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        RenderedFrame rendered;
        try
        {
            var pixels = DicomPixelData.FromDataset(file!.Dataset);
            if (pixels.IsEncapsulated)
            {
                return DicomWebHttp.Problem(406, "Cannot render", $"Instance {instance!.SopInstanceUid} is stored compressed ({file.TransferSyntax.Name}); rendering needs a decoder this archive does not have yet.");
            }

            if (frameNumber < 1 || frameNumber > pixels.FrameCount)
            {
                return DicomWebHttp.Problem(404, "No such frame", $"Frame {frameNumber} was asked for; the instance has {pixels.FrameCount}.");
            }

            var frame = await pixels.ReadFrameAsync(frameNumber - 1, cancellationToken).ConfigureAwait(false);
            rendered = FrameRenderer.Render(file.Dataset, frame, window);
        }
        catch (DicomImagingException e)
        {
            return DicomWebHttp.Problem(400, "Cannot render", $"Instance {instance!.SopInstanceUid}: {e.Message}");
        }

        using var image = rendered.IsColor
            ? (Image)Image.LoadPixelData<Rgb24>(rendered.Pixels, rendered.Width, rendered.Height)
            : Image.LoadPixelData<L8>(rendered.Pixels, rendered.Width, rendered.Height);
        var viewport = Viewport(context.Request.Query["viewport"].ToString());
        var box = thumbnail ? new Size(ThumbnailSize, ThumbnailSize) : viewport;
        if (box is { Width: > 0, Height: > 0 })
        {
            image.Mutate(x => x.Resize(new ResizeOptions { Size = box, Mode = ResizeMode.Max }));
        }

        using var buffer = new MemoryStream();
        IImageEncoder encoder = png ? new PngEncoder() : new JpegEncoder { Quality = 90 };
        await image.SaveAsync(buffer, encoder, cancellationToken).ConfigureAwait(false);
        return Results.Bytes(buffer.ToArray(), png ? "image/png" : "image/jpeg");
    }

    private static Size Viewport(string text)
    {
        var parts = text.Split(',');
        return parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            ? new Size(w, h) : default;
    }
}
