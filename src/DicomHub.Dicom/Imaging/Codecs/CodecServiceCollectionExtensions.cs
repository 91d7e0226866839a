using DicomHub.Dicom.Data;
using DicomHub.Dicom.Imaging.Codecs.Jpeg2000;
using DicomHub.Dicom.Imaging.Codecs.JpegLossless;
using DicomHub.Dicom.Imaging.Codecs.JpegLs;
using DicomHub.Dicom.Imaging.Codecs.Rle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DicomHub.Dicom.Imaging.Codecs;

/// <summary>
/// The one list of pixel data codecs: the server and the CLI both call <see cref="AddDicomCodecs"/>, so they
/// decode and encode exactly the same syntaxes. A host may register another <see cref="ITransferSyntaxCodec"/>
/// after this call; the registry keeps the last codec registered for a syntax.
/// </summary>
public static class CodecServiceCollectionExtensions
{
    public static IServiceCollection AddDicomCodecs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(CodecRegistry)))
        {
            return services;
        }

        services.AddSingleton<ITransferSyntaxCodec, RleCodec>();
        services.AddSingleton<ITransferSyntaxCodec>(_ => new JpegLosslessCodec(TransferSyntax.JPEGLosslessSV1));
        services.AddSingleton<ITransferSyntaxCodec>(_ => new JpegLosslessCodec(TransferSyntax.JPEGLossless));
        services.AddSingleton<ITransferSyntaxCodec, EncapsulatedUncompressedCodec>();
        services.AddSingleton<ITransferSyntaxCodec>(_ => new JpegLsCodec(TransferSyntax.JPEGLSLossless));
        services.AddSingleton<ITransferSyntaxCodec>(_ => new JpegLsCodec(TransferSyntax.JPEGLSNearLossless));
        foreach (var syntax in new[] { TransferSyntax.JPEG2000Lossless, TransferSyntax.JPEG2000, TransferSyntax.HTJ2KLossless, TransferSyntax.HTJ2KLosslessRPCL, TransferSyntax.HTJ2K })
        {
            services.AddSingleton<ITransferSyntaxCodec>(_ => new Jpeg2000Codec(syntax));
        }

        services.AddSingleton(sp => new CodecRegistry(sp.GetServices<ITransferSyntaxCodec>()));
        services.TryAddSingleton<DicomTranscoder>();
        return services;
    }
}
