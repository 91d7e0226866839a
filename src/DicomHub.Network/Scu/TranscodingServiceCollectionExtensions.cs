using DicomHub.Dicom.Imaging.Codecs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DicomHub.Network.Scu;

/// <summary>The toolkit's codecs and transcoder plus the network layer's <see cref="IDatasetTranscoder"/> built on them (server and CLI alike).</summary>
public static class TranscodingServiceCollectionExtensions
{
    public static IServiceCollection AddDicomTranscoding(this IServiceCollection services)
    {
        services.AddDicomCodecs();
        services.TryAddSingleton<IDatasetTranscoder, ToolkitDatasetTranscoder>();
        return services;
    }
}
