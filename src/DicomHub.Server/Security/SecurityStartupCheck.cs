using DicomHub.Archive.Security;
using DicomHub.Server.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomHub.Server.Security;

/// <summary>The archive would listen on the network with nobody asked who they are.</summary>
public sealed class InsecureStartException(string message) : InvalidOperationException(message);

/// <summary>
/// Secure by default, checked before any listener opens (after the registry is ready, since API keys live there):
/// a DICOMweb or DIMSE listener on a non-loopback address with no credential configured stops the start, naming
/// the two ways on (configure credentials, or accept anonymous callers explicitly). Security:AllowAnonymous is
/// logged as a warning at every start; the resulting access mode of each listener is logged once.
/// </summary>
internal sealed class SecurityStartupCheck(
    SecurityOptions security,
    AnonymousAccess anonymous,
    IOptions<DicomWebOptions> web,
    IOptions<DimseOptions> dimse,
    ILogger<SecurityStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await anonymous.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var httpExposed = !SecurityOptions.IsLoopback(web.Value.BindAddress);
        var dimseExposed = dimse.Value.Enabled && !SecurityOptions.IsLoopback(dimse.Value.BindAddress);
        if (security.AllowAnonymous)
        {
            logger.LogWarning(
                "ANONYMOUS ACCESS IS ON (Security:AllowAnonymous / --allow-anonymous): callers without a credential get the roles [{Roles}] on DICOMweb ({HttpBind}) and DIMSE ({DimseBind}). Anyone who reaches these addresses can do that. Remove the setting once credentials are in place.",
                string.Join(", ", security.AnonymousRoles), web.Value.BindAddress, dimse.Value.Enabled ? dimse.Value.BindAddress : "disabled");
        }

        var problems = new List<string>();
        if (httpExposed && anonymous.HttpAllowed)
        {
            problems.Add($"DICOMweb would listen on {web.Value.BindAddress}, reachable from the network, and no API key or OpenID Connect provider is configured");
        }

        if (dimseExposed && anonymous.DimseAllowed)
        {
            problems.Add($"DIMSE would listen on {dimse.Value.BindAddress}, reachable from the network, and no peer, API key or OpenID Connect provider is configured");
        }

        if (problems.Count > 0)
        {
            throw new InsecureStartException(
                $"Refusing to start: {string.Join("; ", problems)}, so anyone who reaches the port could read, store and delete every study. Either configure credentials: "
                + "create an API key (dicomhub apikey create --data DIR --name NAME --role read,write), or set Security:Oidc:Authority and Security:Oidc:Audience, "
                + "and list DIMSE peers under Security:Dimse:Peers:AE_TITLE:Roles; or accept anonymous callers explicitly with --allow-anonymous (Security:AllowAnonymous=true). "
                + "Binding 127.0.0.1 (the default) needs neither.");
        }

        logger.LogInformation(
            "Access: DICOMweb {HttpMode}; DIMSE {DimseMode}",
            anonymous.HttpAllowed ? "open to anonymous callers" : "credentials required (API keys" + (security.Oidc.IsConfigured ? ", OpenID Connect tokens)" : ")"),
            !dimse.Value.Enabled ? "disabled" : anonymous.DimseAllowed ? "open to any calling AE title" : $"{security.Dimse.Peers.Count} listed peers and verified user identities only");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
