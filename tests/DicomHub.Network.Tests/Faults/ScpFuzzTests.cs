using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Tests.Faults;

/// <summary>
/// Throws a few thousand random and mutated PDUs (seeded, bounded in time) at the SCP, a handful per
/// connection, then checks it still completes a normal C-STORE and left no partial file.
/// </summary>
public sealed class ScpFuzzTests
{
    [Fact]
    public async Task SCP_survives_random_and_mutated_PDUs_and_then_stores_normally()
    {
        var network = new DicomNetworkOptions { ArtimTimeout = TimeSpan.FromSeconds(1), NetworkTimeout = TimeSpan.FromSeconds(1), DimseTimeout = TimeSpan.FromSeconds(2), MaxPduLength = 16384 };
        await using var server = await LoopbackServer.StartAsync(network: network);
        var random = new Random(20261125);
        var templates = Templates();
        var sent = 0;
        var budget = System.Diagnostics.Stopwatch.StartNew();
        while (sent < 3000 && budget.Elapsed < TimeSpan.FromSeconds(40))
        {
            await using var peer = await RawPeer.ConnectAsync(server.Port);
            try
            {
                // Often start with a valid request so the fuzz reaches the data transfer state.
                if (random.Next(3) > 0)
                {
                    await peer.SendAsync(RawPeer.Request());
                    sent++;
                }

                for (var i = random.Next(1, 6); i > 0; i--, sent++)
                {
                    await peer.SendAsync(Mutate(templates[random.Next(templates.Count)], random));
                }
            }
            catch (IOException)
            {
                // The SCP closed on us mid-way: that is an allowed reaction.
            }

            peer.Close();
        }

        Assert.True(sent >= 1000, $"only {sent} PDUs sent in the time budget");
        await ScpFaultTests.AssertStillServesAsync(server);
        for (var i = 0; i < 100 && server.AllFiles().Any(f => f.EndsWith(".partial", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(server.AllFiles(), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    private static List<byte[]> Templates()
    {
        var uid = TestData.NewUid();
        var command = DimseCommand.CreateStoreRequest(1, DicomUids.CTImageStorage, uid).Encode();
        var dataset = TestData.Dataset(uid, 2000);
        return
        [
            RawPeer.Request().Encode(),
            RawPeer.Data(3, command: true, last: true, command),
            RawPeer.Data(3, command: false, last: false, dataset.AsSpan(0, 1000)),
            RawPeer.Data(3, command: false, last: true, dataset),
            RawPeer.Data(1, command: true, last: true, DimseCommand.CreateEchoRequest(2).Encode()),
            new AReleaseRq().Encode(),
            new AReleaseRp().Encode(),
            new AAbort().Encode(),
            new AAssociateRj(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.UserNoReason).Encode(),
        ];
    }

    private static byte[] Mutate(byte[] template, Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                // Pure noise with a plausible header.
                var noise = new byte[random.Next(6, 300)];
                random.NextBytes(noise);
                noise[0] = (byte)random.Next(0, 9);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(noise.AsSpan(2), (uint)(noise.Length - 6));
                return noise;
            case 1:
                // Truncated.
                return template[..random.Next(1, template.Length)];
            case 2:
                // A lying length field.
                var lying = template.ToArray();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(lying.AsSpan(2), (uint)random.Next());
                return lying;
            case 3:
                return template;
            default:
                // A few flipped bytes anywhere, lengths included.
                var flipped = template.ToArray();
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                }

                return flipped;
        }
    }
}
