namespace DicomHub.Archive.Registry;

/// <summary>Who sent an instance, as forwarding rules match on it: "Dimse" or "StowRs", and the calling AE title.</summary>
public sealed record IngestOrigin(string Protocol, string? Peer);
