using DicomHub.Archive.Security;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.Security;

/// <summary>The archive actions a route demands (all of them), checked before the endpoint runs (so an anonymous STOW-RS is refused before its body is read).</summary>
public sealed record ArchiveActionMetadata(IReadOnlyList<ArchiveAction> Actions);

/// <summary>A route anyone may call, with the reason it is safe (the route-policy test requires one or the other on every route).</summary>
public sealed record PublicEndpointMetadata(string Reason);

/// <summary>
/// HTTP authorisation: one policy per <see cref="ArchiveAction"/>, met when the caller's archive principal
/// (<see cref="ArchiveCaller"/>) may do it. A caller without a credential is challenged (401), one whose roles are
/// too few is forbidden (403), and a refused credential is always challenged, never taken as anonymous. A route
/// that names no policy needs Admin (the fallback), so a route added without thought is closed, not open.
/// </summary>
public static class ArchiveAuthorization
{
    /// <summary>HttpContext.Items key with the reason of a 403, for the problem body.</summary>
    internal const string RefusalKey = "dicomhub:refusal";

    public static string PolicyName(ArchiveAction action) => $"archive:{action}";

    /// <summary>The route demands each of <paramref name="actions"/> of its caller (a manifest both reads a study and writes one).</summary>
    public static TBuilder RequireArchiveAction<TBuilder>(this TBuilder builder, params ArchiveAction[] actions)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization([.. actions.Select(PolicyName)]).WithMetadata(new ArchiveActionMetadata(actions));

    /// <summary>The route is open to anyone; <paramref name="reason"/> says why that is safe.</summary>
    public static TBuilder AllowAnyCaller<TBuilder>(this TBuilder builder, string reason)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new PublicEndpointMetadata(reason));

    internal static void AddPolicies(AuthorizationOptions options)
    {
        foreach (var action in Enum.GetValues<ArchiveAction>())
        {
            options.AddPolicy(PolicyName(action), policy => policy.AddRequirements(new ArchiveActionRequirement(action)));
        }

        options.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new ArchiveActionRequirement(ArchiveAction.Admin)).Build();
    }
}

internal sealed record ArchiveActionRequirement(ArchiveAction Action) : IAuthorizationRequirement;

/// <summary>Meets an <see cref="ArchiveActionRequirement"/> when the request's archive principal may do the action; raises the refusal as a security event.</summary>
internal sealed class ArchiveActionHandler(SecurityEvents events) : AuthorizationHandler<ArchiveActionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ArchiveActionRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return Task.CompletedTask;
        }

        if (http.Items.ContainsKey(BearerCredential.FailureKey))
        {
            // The credential was refused (and raised) already: never fall back to the anonymous roles.
            context.Fail();
            return Task.CompletedTask;
        }

        var principal = http.Principal();
        if (principal.Can(requirement.Action))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var anonymous = principal.Kind == PrincipalKind.Anonymous;
        var resource = $"{http.Request.Method} {http.Request.Path}";
        var reason = anonymous
            ? $"no credential for {resource}, which needs the {requirement.Action} role"
            : $"{principal} may not {requirement.Action.ToString().ToLowerInvariant()}: {resource} needs the {requirement.Action} role (or a site role that includes it; see Security:Roles).";
        http.Items[ArchiveAuthorization.RefusalKey] = reason;
        events.Raise(new SecurityEvent(anonymous ? SecurityEventKind.AuthenticationRequired : SecurityEventKind.AccessRefused, principal.Name, principal.RemoteAddress, principal.Channel ?? "DICOMweb", reason)
        {
            Action = requirement.Action,
            Resource = resource,
        });
        context.Fail();
        return Task.CompletedTask;
    }
}

/// <summary>
/// 401 or 403 by the archive principal, as the exception handler decides for a use case's refusal: a caller without a
/// credential (or with a refused one) is challenged, a known caller whose roles are too few is forbidden.
/// </summary>
internal sealed class ArchiveAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (context.Items.ContainsKey(BearerCredential.FailureKey) || context.Principal().Kind == PrincipalKind.Anonymous)
        {
            await context.ChallengeAsync().ConfigureAwait(false);
        }
        else
        {
            await context.ForbidAsync().ConfigureAwait(false);
        }
    }
}
