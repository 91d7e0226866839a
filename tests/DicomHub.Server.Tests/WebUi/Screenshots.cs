using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomHub.Server.Tests.WebUi;

/// <summary>
/// What a screenshot shows: whether a region holds an image (many grey levels spread over the region) rather than a
/// blank, uniform or almost-uniform viewport. With DICOMHUB_SCREENSHOTS=DIR the screenshots are also kept in DIR
/// (how docs/images/ is made).
/// </summary>
internal static class Screenshots
{
    public sealed record Contents(int DistinctLevels, double StandardDeviation)
    {
        /// <summary>An image, not a blank or a flat colour: 16 or more grey levels, spread out.</summary>
        public bool ShowsAnImage => DistinctLevels >= 16 && StandardDeviation >= 10;

        public override string ToString() => $"{DistinctLevels} distinct grey levels, standard deviation {StandardDeviation:0.0}";
    }

    public static Contents Analyse(byte[] png)
    {
        using var image = Image.Load<Rgba32>(png);
        var histogram = new long[256];
        long count = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (var pixel in rows.GetRowSpan(y))
                {
                    histogram[(pixel.R + pixel.G + pixel.B) / 3]++;
                    count++;
                }
            }
        });
        var mean = histogram.Select((n, level) => n * (double)level).Sum() / Math.Max(1, count);
        var variance = histogram.Select((n, level) => n * (level - mean) * (level - mean)).Sum() / Math.Max(1, count);
        return new Contents(histogram.Count(n => n > 0), Math.Sqrt(variance));
    }

    /// <summary>
    /// Screenshots the middle of <paramref name="region"/> (half its width and height, clear of the corner
    /// annotations a viewer draws over the image) until it shows an image, or fails with what it last saw.
    /// </summary>
    public static async Task<byte[]> WaitForImageAsync(IPage page, ILocator region, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var box = await region.BoundingBoxAsync() ?? throw new InvalidOperationException("The viewport is not on the page.");
            var png = await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Clip = new Clip { X = box.X + (box.Width / 4), Y = box.Y + (box.Height / 4), Width = box.Width / 2, Height = box.Height / 2 },
            });
            var contents = Analyse(png);
            if (contents.ShowsAnImage)
            {
                return png;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The viewport shows no image after {timeout.TotalSeconds:0} s: {contents}.");
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Keeps a page screenshot as DIR/<paramref name="name"/>.png when DICOMHUB_SCREENSHOTS=DIR is set.</summary>
    public static async Task KeepAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("DICOMHUB_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
        }
    }
}
