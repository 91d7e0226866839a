using System.CommandLine;
using DicomHub.DicomWeb.Client;

namespace DicomHub.Cli.Commands;

/// <summary>
/// --token (alias --api-key) for verbs that talk to http(s) targets: a DicomHub API key or an OAuth 2.0 access
/// token, sent as "Authorization: Bearer ..."; without it the DICOMHUB_TOKEN environment variable (which keeps the
/// secret out of the shell history and the process list). dicom:// targets do not use it.
/// </summary>
internal sealed class AccessTokenOption
{
    public const string EnvironmentVariable = "DICOMHUB_TOKEN";

    public Option<string?> Option { get; } = new("--token", "--api-key")
    {
        Description = $"For http(s) targets: a DicomHub API key or an OAuth 2.0 access token, sent as 'Authorization: Bearer ...' (default: the {EnvironmentVariable} environment variable).",
    };

    public void AddTo(Command command) => command.Options.Add(Option);

    /// <summary>The bearer credentials from --token or DICOMHUB_TOKEN; null when neither is set.</summary>
    public HttpCredentials? Read(ParseResult parse)
    {
        var token = parse.GetValue(Option);
        if (string.IsNullOrWhiteSpace(token))
        {
            token = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        return string.IsNullOrWhiteSpace(token) ? null : HttpCredentials.Bearer(token);
    }
}
