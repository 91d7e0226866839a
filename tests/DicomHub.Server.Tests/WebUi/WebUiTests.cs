using System.Net;
using DicomHub.Server.Tests.Support;
using DicomHub.Testing;
using Microsoft.Playwright;

namespace DicomHub.Server.Tests.WebUi;

/// <summary>The browser UI in a real headless chromium against a real server: search, open, store, delete, export.</summary>
public sealed class WebUiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stored_study_is_listed_and_opens_with_a_rendered_series_thumbnail()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"), await TestFiles.InstanceAsync("2.2"));
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "/").ToString());

        Assert.EndsWith("/ui/", page.Url, StringComparison.Ordinal);
        var row = page.Locator("#studies tbody tr", new() { HasText = "DOE^JOHN" });
        await row.WaitForAsync();
        Assert.Equal(["DOE^JOHN", "PID1", "2020-01-15", "CT", "", "ACC1", "1", "2"], (await row.Locator("td").AllInnerTextsAsync()).Take(8).Select(t => t.Trim()));
        Assert.Equal("1 study", await page.Locator("#status").InnerTextAsync());

        await row.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        var card = page.Locator("#series figure[data-series='1.2.3.1.1']");
        await card.WaitForAsync();
        Assert.Contains("CT #1", await card.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("(2 images)", await card.InnerTextAsync(), StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#series img'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.Equal("1.2.3.1", await page.Locator("#study-uid").InnerTextAsync());
    }

    [Fact]
    public async Task The_viewer_steps_through_a_series_in_instance_number_order()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(
            server,
            await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.9", instanceNumber: "2"))),
            await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.5", instanceNumber: "1"))),
            await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("2.7", instanceNumber: "3"))));
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/ui/").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        await page.Locator("#series img").ClickAsync();

        await page.Locator("#position-label", new() { HasText = "1 / 3" }).WaitForAsync();
        Assert.Equal(["2.5", "2.9", "2.7"], await VisitAsync(page));
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Locator("#position-label", new() { HasText = "2 / 3" }).WaitForAsync();
        Assert.Equal("2.9", await page.Locator("#frame").GetAttributeAsync("data-instance"));
    }

    /// <summary>Each image from the first to the last by the Next button, once it has loaded and decoded.</summary>
    private static async Task<List<string>> VisitAsync(IPage page)
    {
        var seen = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            await page.Locator("#position-label", new() { HasText = $"{i} / 3" }).WaitForAsync();
            await page.WaitForFunctionAsync("() => { const f = document.querySelector('#frame'); return f.complete && f.naturalWidth === 4; }");
            seen.Add((await page.Locator("#frame").GetAttributeAsync("data-instance"))!);
            if (i < 3)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Next image" }).ClickAsync();
            }
        }

        return seen;
    }

    [Fact]
    public async Task Search_fields_become_QIDO_RS_matching_keys()
    {
        await using var server = await ServerFixture.StartAsync();
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));
        await WadoTests.StoreAsync(server, await TestFiles.Part10Async(TestFiles.WithPixels(TestDatasets.Dataset("3.1", study: "3.3", series: "3.3.1", patientName: "SMITH^ANNA", patientId: "PID2", modality: "MR"))));
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/ui/").ToString());
        await page.Locator("#status", new() { HasText = "2 studies" }).WaitForAsync();

        await page.GetByLabel("Patient name").FillAsync("smi*");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.Locator("#status", new() { HasText = "1 study" }).WaitForAsync();
        Assert.Equal(["SMITH^ANNA"], (await page.Locator("#studies tbody tr td:first-child").AllInnerTextsAsync()).Select(t => t.Trim()));

        await page.GetByLabel("Patient name").FillAsync(string.Empty);
        await page.GetByLabel("Modality").FillAsync("CT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.Locator("#status", new() { HasText = "1 study" }).WaitForAsync();
        Assert.Equal(["DOE^JOHN"], (await page.Locator("#studies tbody tr td:first-child").AllInnerTextsAsync()).Select(t => t.Trim()));
    }

    [Fact]
    public async Task Files_chosen_in_the_page_are_stored_by_STOW_RS_and_a_file_that_is_not_DICOM_is_reported_failed()
    {
        await using var server = await ServerFixture.StartAsync();
        using var folder = new TempDirectory("dicomhub-webui-upload");
        var good = folder.Combine("good.dcm");
        await File.WriteAllBytesAsync(good, await TestFiles.InstanceAsync("4.1", study: "4.4", series: "4.4.1"), Ct);
        var bad = folder.Combine("notes.dcm");
        await File.WriteAllTextAsync(bad, "these are not DICOM bytes", Ct);
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/ui/").ToString());
        await page.Locator("#status", new() { HasText = "0 studies" }).WaitForAsync();

        await page.Locator("#files").SetInputFilesAsync([good, bad]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Store by STOW-RS" }).ClickAsync();

        var status = page.Locator("#upload-status", new() { HasText = "1 stored, 1 failed" });
        await status.WaitForAsync();
        Assert.Contains("HTTP 202", await status.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#status", new() { HasText = "1 study" }).WaitForAsync();
        using var stored = await server.Client.GetAsync("studies/4.4/series/4.4.1/instances/4.1/metadata", Ct);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    [Fact]
    public async Task Export_queues_a_job_for_a_configured_destination_and_delete_asks_then_removes_the_study()
    {
        await using var server = await ServerFixture.StartAsync(new Dictionary<string, string?> { ["Destinations:PACS2"] = "dicom://PACS2@127.0.0.1:1" });
        await WadoTests.StoreAsync(server, await TestFiles.InstanceAsync("2.1"));
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/ui/").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await page.Locator("#series figure").WaitForAsync();

        Assert.Equal("PACS2 (dicom://PACS2@127.0.0.1:1)", await page.Locator("#destination option").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Export" }).ClickAsync();
        await page.Locator("#study-status", new() { HasText = "queued for PACS2: 1 instances" }).WaitForAsync();

        string? question = null;
        page.Dialog += (_, dialog) =>
        {
            question = dialog.Message;
            _ = dialog.AcceptAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete study" }).ClickAsync();
        await page.Locator("#status", new() { HasText = "0 studies" }).WaitForAsync();
        Assert.Equal("Delete study 1.2.3.1 and all its instances from this archive?", question);
        Assert.True(await page.Locator("#study").IsHiddenAsync());
        Assert.Empty(server.BlobFiles());
    }
}
