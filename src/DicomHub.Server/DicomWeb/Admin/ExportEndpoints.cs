using DicomHub.Archive.Forwarding;
using DicomHub.Archive.Registry;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomHub.Server.DicomWeb.Admin;

/// <summary>
/// Sharing between archives: POST .../export?to=NAME queues a study, series or instance for a configured
/// destination and answers 202 with the job's status URL; GET /exports/{id} shows its progress.
/// </summary>
internal static class ExportEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/studies/{study}/export", (HttpContext c, ExportService e, string study, string? to) => ExportAsync(c, e, to, new InstanceScope(study)));
        group.MapPost("/studies/{study}/series/{series}/export", (HttpContext c, ExportService e, string study, string series, string? to) => ExportAsync(c, e, to, new InstanceScope(study, series)));
        group.MapPost("/studies/{study}/series/{series}/instances/{instance}/export", (HttpContext c, ExportService e, string study, string series, string instance, string? to) => ExportAsync(c, e, to, new InstanceScope(study, series, instance)));
        group.MapGet("/exports/{id}", StatusAsync);
        group.MapGet("/exports", RecentAsync);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, ExportService exports, string? to, InstanceScope scope)
    {
        var result = await exports.ExportAsync(context.Principal(), to, scope, "export", context.RequestAborted).ConfigureAwait(false);
        switch (result.Error)
        {
            case ExportError.MissingDestination:
            case ExportError.UnknownDestination:
                return DicomWebHttp.Problem(StatusCodes.Status400BadRequest, "Unknown destination", result.Message);
            case ExportError.NotFound:
                return DicomWebHttp.Problem(StatusCodes.Status404NotFound, "Not found", result.Message);
        }

        var statusUrl = $"{DicomWebHttp.BaseUrl(context)}/exports/{result.JobId}";
        return Results.Accepted(statusUrl, new ExportAccepted(result.JobId, statusUrl, result.Destination!.Name, result.Destination.ToString(), result.InstanceCount, result.Message));
    }

    private static async Task<IResult> StatusAsync(HttpContext context, ITransferQueue queue, string id)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var jobId))
        {
            return DicomWebHttp.Problem(StatusCodes.Status400BadRequest, "Bad export id", $"'{id}' is not an export id: use the number from the export's 202 response.");
        }

        var job = await queue.GetJobAsync(jobId, context.RequestAborted).ConfigureAwait(false);
        return job is null
            ? DicomWebHttp.Problem(StatusCodes.Status404NotFound, "Not found", $"There is no export {jobId} in this archive.")
            : Results.Json(ExportStatus.From(job, DicomWebHttp.BaseUrl(context)), contentType: "application/json");
    }

    private static async Task<IResult> RecentAsync(HttpContext context, ITransferQueue queue, int? limit)
    {
        var jobs = await queue.RecentJobsAsync(Math.Clamp(limit ?? 100, 1, 1000), context.RequestAborted).ConfigureAwait(false);
        var baseUrl = DicomWebHttp.BaseUrl(context);
        return Results.Json(jobs.Select(j => ExportStatus.From(j, baseUrl)).ToList(), contentType: "application/json");
    }
}

/// <summary>The 202 body of an export: where to follow it.</summary>
internal sealed record ExportAccepted(long Id, string StatusUrl, string Destination, string DestinationUrl, int Instances, string Message);

/// <summary>An export's progress (GET /exports/{id}).</summary>
internal sealed record ExportStatus(
    long Id,
    string StatusUrl,
    string State,
    string Destination,
    string Origin,
    string StudyInstanceUid,
    string? SeriesInstanceUid,
    string? SopInstanceUid,
    DateTimeOffset Created,
    int Total,
    int Done,
    int Failed,
    int Pending,
    int Attempts,
    string? LastError,
    IReadOnlyList<TransferFailure> Failures)
{
    public static ExportStatus From(TransferJobStatus job, string baseUrl) => new(
        job.Id,
        $"{baseUrl}/exports/{job.Id}",
        job.State,
        job.Destination,
        job.Origin,
        job.Scope.StudyInstanceUid,
        job.Scope.SeriesInstanceUid,
        job.Scope.SopInstanceUid,
        job.Created,
        job.Total,
        job.Done,
        job.Failed,
        job.Pending,
        job.Attempts,
        job.LastError,
        job.Failures);
}
