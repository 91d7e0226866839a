using System.Globalization;
using DicomHub.Archive.Retrieve;
using DicomHub.Dicom.Data;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.DicomWeb.WadoUri;

/// <summary>
/// Validates WADO-URI query parameters (PS3.18 9.1.2, names case-sensitive as the standard writes them).
/// Every refusal is a 400 naming the parameter and what to write instead, or a 406 when no requested
/// content type can be produced.
/// </summary>
internal static class WadoUriParser
{
    private static readonly string[] ImageOnly = ["windowCenter", "windowWidth", "rows", "columns", "frameNumber", "imageQuality"];

    public static (WadoUriRequest? Request, IResult? Error) Parse(IQueryCollection query)
    {
        var requestType = query["requestType"].ToString();
        if (requestType.Length == 0)
        {
            return Fail("Missing requestType", "WADO-URI requests need requestType=WADO.");
        }

        if (requestType != "WADO")
        {
            return Fail("Invalid requestType", $"requestType={requestType} is not supported; WADO-URI requests use requestType=WADO.");
        }

        var missing = new[] { "studyUID", "seriesUID", "objectUID" }.Where(name => query[name].ToString().Length == 0).ToList();
        if (missing.Count > 0)
        {
            return Fail("Missing parameter", $"WADO-URI needs studyUID, seriesUID and objectUID; this request lacks {string.Join(", ", missing)}.");
        }

        var study = query["studyUID"].ToString();
        var series = query["seriesUID"].ToString();
        var instance = query["objectUID"].ToString();
        foreach (var (name, value) in new[] { ("studyUID", study), ("seriesUID", series), ("objectUID", instance) })
        {
            if (!DicomUid.IsValid(value))
            {
                return Fail("Invalid UID", $"{name}={value} is not a valid UID (digits and dots, at most 64 characters).");
            }
        }

        foreach (var unsupported in new[] { "anonymize", "region", "presentationUID", "presentationSeriesUID" })
        {
            if (query.ContainsKey(unsupported))
            {
                return Fail("Unsupported parameter", $"WADO-URI parameter '{unsupported}' is not supported by this archive; leave it out.");
            }
        }

        var syntaxText = query["transferSyntax"].ToString();
        var contentType = WadoUriContentType.Default;
        if (query["contentType"].ToString() is { Length: > 0 } contentTypes)
        {
            if (ChooseContentType(contentTypes) is not { } chosen)
            {
                return (null, DicomWebHttp.Problem(406, "Not acceptable",
                    $"contentType={contentTypes}: this archive sends application/dicom, image/jpeg or image/png."));
            }

            contentType = chosen;
        }
        else if (syntaxText.Length > 0)
        {
            contentType = WadoUriContentType.Dicom;
        }

        TransferSyntax? syntax = null;
        if (syntaxText.Length > 0)
        {
            if (contentType != WadoUriContentType.Dicom)
            {
                return Fail("Invalid parameter combination", $"transferSyntax applies to contentType=application/dicom only; leave it out for rendered images.");
            }

            if (!DicomUid.IsValid(syntaxText))
            {
                return Fail("Invalid transferSyntax", $"transferSyntax={syntaxText} is not a UID; write a transfer syntax UID such as 1.2.840.10008.1.2.1.");
            }

            syntax = TransferSyntax.FromUid(syntaxText);
        }

        if (contentType == WadoUriContentType.Dicom && ImageOnly.FirstOrDefault(query.ContainsKey) is { } imageParameter)
        {
            return Fail("Invalid parameter combination", $"{imageParameter} applies to rendered images (image/jpeg, image/png) only; leave it out for contentType=application/dicom.");
        }

        var center = query["windowCenter"].ToString();
        var width = query["windowWidth"].ToString();
        WindowLevel? window = null;
        if (center.Length > 0 || width.Length > 0)
        {
            if (center.Length == 0 || width.Length == 0)
            {
                return Fail("Invalid window", "windowCenter and windowWidth go together; give both or neither.");
            }

            if (!double.TryParse(center, NumberStyles.Float, CultureInfo.InvariantCulture, out var c)
                || !double.TryParse(width, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || w <= 0)
            {
                return Fail("Invalid window", $"windowCenter={center}, windowWidth={width}: write decimal numbers, the width positive.");
            }

            window = new WindowLevel(c, w);
        }

        if (!TryPositive(query, "rows", out var rows, out var error)
            || !TryPositive(query, "columns", out var columns, out error)
            || !TryPositive(query, "frameNumber", out var frame, out error)
            || !TryPositive(query, "imageQuality", out var quality, out error))
        {
            return (null, error);
        }

        if (quality > 100)
        {
            return Fail("Invalid imageQuality", $"imageQuality={quality}: write a whole number from 1 to 100.");
        }

        return (new WadoUriRequest(study, series, instance, contentType, syntax, window, rows, columns, frame ?? 1, quality ?? 90), null);
    }

    /// <summary>The first supported type in a comma-separated contentType list (parameters and q ignored).</summary>
    private static WadoUriContentType? ChooseContentType(string list)
    {
        foreach (var item in list.Split(','))
        {
            var type = item.Split(';')[0].Trim().ToLowerInvariant();
            switch (type)
            {
                case "application/dicom":
                    return WadoUriContentType.Dicom;
                case "image/jpeg" or "image/*" or "*/*":
                    return WadoUriContentType.Jpeg;
                case "image/png":
                    return WadoUriContentType.Png;
            }
        }

        return null;
    }

    private static bool TryPositive(IQueryCollection query, string name, out int? value, out IResult? error)
    {
        value = null;
        error = null;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            error = DicomWebHttp.Problem(400, $"Invalid {name}", $"{name}={text}: write a whole number of at least 1.");
            return false;
        }

        value = parsed;
        return true;
    }

    private static (WadoUriRequest?, IResult?) Fail(string title, string detail) => (null, DicomWebHttp.Problem(400, title, detail));
}
