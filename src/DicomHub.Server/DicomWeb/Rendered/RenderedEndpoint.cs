using System.Globalization;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Server.DicomWeb.Http;
using DicomHub.Server.DicomWeb.Wado;
using Microsoft.AspNetCore.Http;
using SixLabors.ImageSharp;

namespace DicomHub.Server.DicomWeb.Rendered;

/// <summary>
/// /rendered and /thumbnail (PS3.18 10.4.1.1.3, 10.4.1.1.4): one frame windowed to 8 bits and encoded as JPEG
/// (default) or PNG per Accept; query parameters window=center,width[,function], viewport=width,height (a
/// source region after them is not supported and ignored) and quality=1..100 for JPEG. A study or series
/// thumbnail shows the middle instance of its scope; an instance's /rendered shows its first frame.
/// </summary>
internal static class RenderedEndpoint
{
    private const int ThumbnailSize = 128;

    public static async Task<IResult> RenderAsync(HttpContext context, RetrieveService retrieve, InstanceScope scope, int frameNumber, bool thumbnail)
    {
        var cancellationToken = context.RequestAborted;
        if (ChooseFormat(context.Request.Headers.Accept.ToString()) is not { } png)
        {
            return DicomWebHttp.Problem(406, "Not acceptable", $"Rendered images are sent as image/jpeg or image/png; the request accepts only '{context.Request.Headers.Accept}'.");
        }

        var query = context.Request.Query;
        if (ParseWindow(query["window"].ToString(), out var window) is { } windowError)
        {
            return windowError;
        }

        Size viewport = default;
        if (query["viewport"].ToString() is { Length: > 0 } viewportText && !TryParseSize(viewportText, out viewport))
        {
            return DicomWebHttp.Problem(400, "Invalid viewport", $"viewport={viewportText}: write viewport=width,height with positive whole numbers.");
        }

        var quality = 90;
        if (query["quality"].ToString() is { Length: > 0 } qualityText
            && (!int.TryParse(qualityText, NumberStyles.None, CultureInfo.InvariantCulture, out quality) || quality is < 1 or > 100))
        {
            return DicomWebHttp.Problem(400, "Invalid quality", $"quality={qualityText}: write a whole number from 1 to 100.");
        }

        var instances = await retrieve.ResolveAsync(context.Principal(), scope, cancellationToken).ConfigureAwait(false);
        if (instances.Count == 0)
        {
            return WadoEndpoints.NotFound(scope);
        }

        // One instance for an instance URL; for a study or series thumbnail the middle one stands for all.
        var instance = instances[instances.Count / 2];
        var file = await retrieve.OpenAsync(instance, cancellationToken).ConfigureAwait(false);
        var box = thumbnail && viewport == default ? new Size(ThumbnailSize, ThumbnailSize) : viewport;
        return await RenderedImages.RenderAsync(retrieve, instance, file, new RenderOptions(frameNumber, window, box, png, quality), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>true for PNG, false for JPEG, null when Accept allows neither; the first acceptable type in Accept wins.</summary>
    internal static bool? ChooseFormat(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return false;
        }

        foreach (var item in accept.Split(','))
        {
            var type = item.Split(';')[0].Trim();
            if (type.Equals("image/png", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (type.Equals("image/jpeg", StringComparison.OrdinalIgnoreCase) || type is "*/*" || type.Equals("image/*", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return null;
    }

    /// <summary>Parses window=center,width[,function]; returns the 400 response when it is malformed.</summary>
    private static IResult? ParseWindow(string text, out WindowLevel? window)
    {
        window = null;
        if (text.Length == 0)
        {
            return null;
        }

        var parts = text.Split(',');
        if (parts.Length < 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var center)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var width) || width <= 0)
        {
            return DicomWebHttp.Problem(400, "Invalid window", $"window={text}: write window=center,width[,linear] with a positive width.");
        }

        if (parts.Length > 2 && !parts[2].Trim().Equals("linear", StringComparison.OrdinalIgnoreCase))
        {
            return DicomWebHttp.Problem(400, "Invalid window", $"window={text}: only the linear VOI LUT function is supported.");
        }

        window = new WindowLevel(center, width);
        return null;
    }

    internal static bool TryParseSize(string text, out Size size)
    {
        size = default;
        var parts = text.Split(',');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width < 1 || height < 1)
        {
            return false;
        }

        size = new Size(width, height);
        return true;
    }
}
