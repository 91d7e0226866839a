using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Security;

/// <summary>What went wrong, for logs and audit (an IHE ATNA "authentication failure" or "security alert").</summary>
public enum SecurityEventKind
{
    /// <summary>A credential was presented and did not check out: unknown or revoked API key, bad token, wrong passcode.</summary>
    AuthenticationFailed,

    /// <summary>A caller without a credential was refused because credentials are required.</summary>
    AuthenticationRequired,

    /// <summary>A known caller asked for an action, service or destination its roles do not grant.</summary>
    AccessRefused,

    /// <summary>A DIMSE association was rejected for who or where the peer is.</summary>
    AssociationRejected,
}

/// <summary>One refusal: who (as far as known), from where, by which front end, why, and the setting that decides it.</summary>
public sealed record SecurityEvent(SecurityEventKind Kind, string Who, string? RemoteAddress, string Channel, string Reason)
{
    public ArchiveAction? Action { get; init; }

    public string? Resource { get; init; }

    public override string ToString() => $"{Kind}: {Who}{(RemoteAddress is null ? string.Empty : " at " + RemoteAddress)} ({Channel}): {Reason}";
}

/// <summary>Told of every security event (the audit trail registers one).</summary>
public interface ISecurityEventObserver
{
    void OnSecurityEvent(SecurityEvent securityEvent);
}

/// <summary>
/// The one place authentication failures and refusals are raised, whatever the front end: each is logged as a
/// warning and handed to every <see cref="ISecurityEventObserver"/>. An observer that throws is logged and never
/// turns a refusal into a server error.
/// </summary>
public sealed class SecurityEvents(IEnumerable<ISecurityEventObserver> observers, ILogger<SecurityEvents>? logger = null)
{
    private readonly ISecurityEventObserver[] _observers = [.. observers];
    private readonly ILogger _logger = logger ?? NullLogger<SecurityEvents>.Instance;

    public static SecurityEvents None { get; } = new([]);

    public void Raise(SecurityEvent securityEvent)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        _logger.LogWarning("Security: {Kind}: {Who} at {RemoteAddress} ({Channel}): {Reason}", securityEvent.Kind, securityEvent.Who, securityEvent.RemoteAddress ?? "-", securityEvent.Channel, securityEvent.Reason);
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnSecurityEvent(securityEvent);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Security event observer {Observer} failed on {Event}", observer.GetType().Name, securityEvent);
            }
        }
    }
}
