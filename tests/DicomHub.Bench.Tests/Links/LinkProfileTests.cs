using DicomHub.Bench.Links;

namespace DicomHub.Bench.Tests.Links;

public sealed class LinkProfileTests
{
    [Fact]
    public void The_window_is_twice_the_bandwidth_delay_product_within_linux_bounds()
    {
        Assert.Equal(500_000, LinkProfile.Wan100.BandwidthDelayProductBytes);
        Assert.Equal(1_000_000, LinkProfile.Wan100.WindowBytes);
        Assert.Equal(LinkProfile.MinimumWindowBytes, LinkProfile.Lan100.WindowBytes);
        Assert.Equal(LinkProfile.MaximumWindowBytes, new LinkProfile("fat", 10_000_000_000, TimeSpan.FromMilliseconds(100)).WindowBytes);
    }

    [Fact]
    public void Names_parse_case_insensitively_and_unknown_names_say_what_exists()
    {
        Assert.Same(LinkProfile.Lan100, LinkProfile.Parse(" LAN100 "));
        Assert.False(LinkProfile.Parse("loopback").IsShaped);
        var error = Assert.Throws<ArgumentException>(() => LinkProfile.Parse("wan10"));
        Assert.Contains("loopback, lan100, wan100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_emulator_refuses_an_unshaped_profile()
    {
        var error = Assert.Throws<ArgumentException>(() => LinkEmulator.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), LinkProfile.Loopback));
        Assert.Contains("directly", error.Message, StringComparison.Ordinal);
    }
}
