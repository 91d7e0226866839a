using System.Net;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;

namespace DicomHub.Server.Tests.Conformance;

/// <summary>
/// Issue 15 #6: QIDO-RS with a malformed date, time or date-time answered 200 with an empty list; it answers 400
/// naming the value, as C-FIND answers C000 for the same key (one rule: CFindIdentifier.CheckTemporalValues).
/// </summary>
public sealed class QidoMalformedDateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("studies", "StudyDate=2024-13-45")]
    [InlineData("studies", "StudyDate=20241345")]
    [InlineData("studies", "StudyDate=20240101-2024XX01")]
    [InlineData("studies", "StudyTime=25")]
    [InlineData("instances", "AcquisitionDateTime=2024011")]
    [InlineData("series", "RequestAttributesSequence.ScheduledProcedureStepStartDate=notadate")]
    public async Task A_malformed_temporal_key_is_400_with_the_value_named(string resource, string key)
    {
        await using var server = await ServerFixture.StartAsync();

        var response = await server.Client.GetAsync($"{resource}?{key}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains(key[(key.IndexOf('=') + 1)..], body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StudyDate=20240101")]
    [InlineData("StudyDate=20240101-")]
    [InlineData("StudyDate=-20240101")]
    [InlineData("StudyTime=1010")]
    public async Task Well_formed_temporal_keys_still_answer_200(string key)
    {
        await using var server = await ServerFixture.StartAsync();

        var response = await server.Client.GetAsync($"studies?{key}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_javascript_dicomweb_client_gets_the_400_and_not_an_empty_result()
    {
        await using var server = await ServerFixture.StartAsync();

        var run = await NodeDicomWebClient.RunAsync(server.BaseAddress,
            "client.searchForStudies({ queryParams: { StudyDate: args[0] } }).then(r => console.log('OK ' + JSON.stringify(r))).catch(fail);",
            ["2024-13-45"], Ct);

        Assert.Contains("ERROR status=400", run.StandardOutput, StringComparison.Ordinal);
    }
}
