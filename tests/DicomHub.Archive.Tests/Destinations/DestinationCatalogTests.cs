using DicomHub.Archive.Destinations;

namespace DicomHub.Archive.Tests.Destinations;

public sealed class DestinationCatalogTests
{
    [Fact]
    public void Parses_dimse_and_dicomweb_destinations_by_name()
    {
        var catalog = DestinationCatalog.FromPairs(
        [
            KeyValuePair.Create("PACS", (string?)"dicom://PACS@10.0.0.5:104"),
            KeyValuePair.Create("ORTHANC", (string?)"http://localhost:8042/dicom-web"),
        ]);

        Assert.True(catalog.TryGet("PACS", out var pacs));
        Assert.Equal(DestinationProtocol.Dimse, pacs.Protocol);
        Assert.Equal(("PACS", "10.0.0.5", 104), (pacs.Node!.AeTitle, pacs.Node.Host, pacs.Node.Port));
        Assert.True(catalog.TryGet("orthanc", out var orthanc));
        Assert.Equal(DestinationProtocol.DicomWeb, orthanc.Protocol);
        Assert.Equal("http://localhost:8042/dicom-web", orthanc.BaseUrl!.ToString());
        Assert.False(catalog.TryGet("NOWHERE", out _));
    }

    [Fact]
    public void Bad_addresses_are_reported_together_with_the_fix()
    {
        var error = Assert.Throws<FormatException>(() => DestinationCatalog.FromPairs(
        [
            KeyValuePair.Create("A", (string?)"ftp://x"),
            KeyValuePair.Create("B", (string?)"dicom://@host:1"),
        ]));
        Assert.Contains("'A'", error.Message);
        Assert.Contains("'B'", error.Message);
        Assert.Contains("Destinations", error.Message);
    }
}
