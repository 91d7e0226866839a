using DicomHub.Archive.Retrieve;
using DicomHub.Archive.Security;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;
using DicomHub.Server.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomHub.Server.DicomWeb.Http;

/// <summary>
/// Fills in the detail of problem responses the endpoints did not write themselves (unhandled exceptions,
/// unmatched routes, wrong methods), so every error body names its cause and what to do about it.
/// </summary>
internal static class ProblemCauses
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        if (context.Exception is { } exception)
        {
            (problem.Title, problem.Detail) = exception switch
            {
                ArchiveAccessDeniedException denied => (ArchiveCaller.StatusOf(denied) == StatusCodes.Status401Unauthorized ? "Authentication required" : "Forbidden", denied.Message),
                BlobMissingException missing => ("Stored file missing", missing.Message),
                DicomFormatException format => ("Stored instance is malformed", $"A stored instance could not be read ({format.Message}); the blob store holds a damaged file. The server log names it."),
                DicomImagingException imaging => ("Pixel data error", $"The stored pixel data could not be processed: {imaging.Message}"),
                TranscodingNotPossibleException transcoding => ("Transfer syntax not available", transcoding.Message),
                BadHttpRequestException bad => ("Bad request", bad.Message),
                _ => ("Internal server error", $"An unexpected {exception.GetType().Name} stopped this request: {exception.Message} The server log has the details (trace {http.TraceIdentifier})."),
            };
            return;
        }

        if (problem.Detail is not null)
        {
            return;
        }

        var request = http.Request;
        var basePath = http.RequestServices.GetRequiredService<IOptions<DicomWebOptions>>().Value.BasePath;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"No resource at {request.Path}. DICOMweb resources live under {basePath}/studies, {basePath}/series, {basePath}/instances (QIDO-RS, WADO-RS, STOW-RS) and {basePath}/wado (WADO-URI); /healthz reports readiness.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not supported on {request.Path}; QIDO-RS and WADO-RS use GET, STOW-RS uses POST on /studies, DELETE removes a study, series or instance.",
            StatusCodes.Status400BadRequest => $"The request to {request.Path} could not be read: check its route values, query parameters and headers.",
            StatusCodes.Status413PayloadTooLarge => $"The request body is larger than DicomWeb:MaxRequestBodyBytes allows; send fewer instances per request or raise the limit.",
            _ => $"The request to {request.Path} ended with status {problem.Status}.",
        };
    }
}
