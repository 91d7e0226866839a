using DicomHub.Archive.Dimse;
using DicomHub.Network.Scu;
using DicomHub.Network.Services;
using DicomHub.Server.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomHub.Server.Hosting;

/// <summary>
/// The DIMSE services the archive's SCP offers, registered as <see cref="IDimseService"/>s: a new service (a
/// worklist C-FIND, storage commitment) is one more registration here, found by command field and SOP class.
/// </summary>
internal static class ArchiveDimseServices
{
    public static IServiceCollection AddArchiveDimseServices(this IServiceCollection services)
    {
        services.AddSingleton<ArchiveStoreHandler>();
        services.AddSingleton<ArchiveFindHandler>();
        services.AddSingleton<ArchiveRetrieveHandler>();
        services.AddSingleton<IDimseService>(_ => new CEchoService(new SuccessEchoHandler()));
        services.AddSingleton<IDimseService>(sp => new CStoreService(sp.GetRequiredService<ArchiveStoreHandler>()));
        services.AddSingleton<IDimseService>(sp => new CFindService(sp.GetRequiredService<ArchiveFindHandler>()));
        services.AddSingleton<IDimseService>(sp => new CMoveService(
            sp.GetRequiredService<ArchiveRetrieveHandler>(),
            transcoder: sp.GetRequiredService<IDatasetTranscoder>(),
            logger: sp.GetRequiredService<ILogger<CMoveService>>(),
            asyncOperationsWindow: sp.GetRequiredService<IOptions<DimseOptions>>().Value.MoveAsyncWindow));
        services.AddSingleton<IDimseService>(sp => new CGetService(sp.GetRequiredService<ArchiveRetrieveHandler>(), sp.GetRequiredService<IDatasetTranscoder>(), logger: sp.GetRequiredService<ILogger<CGetService>>()));
        return services;
    }
}
