using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.Imaging.Codecs;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Testing;

/// <summary>The codecs and transcoder as the server registers them (<see cref="CodecServiceCollectionExtensions.AddDicomCodecs"/>), shared by tests.</summary>
public static class TestCodecs
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddDicomCodecs().BuildServiceProvider();

    public static CodecRegistry Registry => Services.GetRequiredService<CodecRegistry>();

    public static DicomTranscoder Transcoder => Services.GetRequiredService<DicomTranscoder>();

    /// <summary>The registered codec for <paramref name="syntax"/> (a keyword or UID).</summary>
    public static ITransferSyntaxCodec For(string syntax) => Registry.Get(DicomHub.Dicom.Data.TransferSyntax.Parse(syntax));
}
