using DicomHub.Network.Scu;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Cli;

/// <summary>
/// The services a verb needs from the toolkit, registered by the same functions the server calls
/// (<see cref="TranscodingServiceCollectionExtensions.AddDicomTranscoding"/>): `convert`, `generate` and the
/// DIMSE senders decode and encode exactly what the archive does. A verb builds one provider per run.
/// </summary>
public static class CliServices
{
    public static ServiceProvider Create() =>
        new ServiceCollection().AddDicomTranscoding().BuildServiceProvider();
}
