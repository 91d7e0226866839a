using DicomHub.Server.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomHub.Server.DicomWeb.Http;

/// <summary>Small HTTP helpers every DICOMweb endpoint shares.</summary>
internal static class DicomWebHttp
{
    public const string DicomJson = "application/dicom+json";
    public const string DicomXml = "application/dicom+xml";
    public const string Dicom = "application/dicom";
    public const string OctetStream = "application/octet-stream";

    /// <summary>The service's base URL as clients see it: configured, else scheme://host{base path} of the request.</summary>
    public static string BaseUrl(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<DicomWebOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return options.PublicBaseUrl.TrimEnd('/');
        }

        var request = context.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}{options.BasePath}".TrimEnd('/');
    }

    /// <summary>A problem-details response whose detail names the cause and what to do.</summary>
    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>True when the Accept header asks for XML before JSON.</summary>
    public static bool PrefersXml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        var xml = accept.IndexOf(DicomXml, StringComparison.OrdinalIgnoreCase);
        var json = accept.IndexOf(DicomJson, StringComparison.OrdinalIgnoreCase);
        return xml >= 0 && (json < 0 || xml < json);
    }
}
