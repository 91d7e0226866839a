using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.DicomWeb.Client;

/// <summary>
/// A DICOMweb client (PS3.18) for one service root, e.g. http://host:8042/dicom-web/: STOW-RS, QIDO-RS and
/// WADO-RS. Bodies are streamed both ways; nothing holds a whole study in memory.
/// </summary>
public sealed partial class DicomWebClient
{
    public const string DicomJson = "application/dicom+json";

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly HttpCredentials? _credentials;

    /// <param name="credentials">Sent with every request (so one HttpClient can serve destinations with different credentials).</param>
    public DicomWebClient(HttpClient http, Uri serviceRoot, ILogger<DicomWebClient>? logger = null, HttpCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(serviceRoot);
        if (!serviceRoot.IsAbsoluteUri || serviceRoot.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{serviceRoot}' is not an http(s) URL of a DICOMweb service root.", nameof(serviceRoot));
        }

        _http = http;
        _logger = logger ?? NullLogger<DicomWebClient>.Instance;
        _credentials = credentials;

        // Relative resources ("studies") resolve under the root only when it ends with a slash.
        ServiceRoot = serviceRoot.AbsoluteUri.EndsWith('/') ? serviceRoot : new Uri(serviceRoot.AbsoluteUri + "/");
    }

    public Uri ServiceRoot { get; }

    /// <summary>An HttpClient fit for DICOMweb: no overall timeout (a study upload can take long), no Expect: 100-continue.</summary>
    public static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.None,
        };
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.ExpectContinue = false;
        return http;
    }

    internal Uri Resource(params string?[] segments) =>
        new(ServiceRoot, string.Join('/', segments.Where(s => s is not null).Select(s => Uri.EscapeDataString(s!))));

    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        request.Headers.ExpectContinue = false;
        _credentials?.Apply(request);
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DicomWebException($"{request.Method} {request.RequestUri} failed: {e.Message}. Check that the DICOMweb server is running and the URL is right.", e.StatusCode, e);
        }
    }

    /// <summary>Throws a <see cref="DicomWebException"/> naming the status and the server's explanation.</summary>
    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await ReadErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
        var request = response.RequestMessage;
        throw new DicomWebException(
            $"{request?.Method} {request?.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : string.Empty)}",
            response.StatusCode);
    }

    /// <summary>The first few hundred characters of an error body, on one line.</summary>
    internal static async Task<string> ReadErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
            return text.Length > 300 ? text[..300] + "..." : text;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    internal static bool IsJson(HttpContentHeaders headers) =>
        headers.ContentType?.MediaType is { } type && type.EndsWith("json", StringComparison.OrdinalIgnoreCase);
}
