using System.Net;
using DicomHub.Archive;
using DicomHub.Archive.Blobs;
using DicomHub.Archive.Blobs.FileSystem;
using DicomHub.Archive.Deletion;
using DicomHub.Archive.Destinations;
using DicomHub.Archive.Documents;
using DicomHub.Archive.Forwarding;
using DicomHub.Archive.Forwarding.Sqlite;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Archive.Security;
using DicomHub.Network.Scu;
using DicomHub.Server.DicomWeb.Admin;
using DicomHub.Server.DicomWeb.Http;
using DicomHub.Server.DicomWeb.Qido;
using DicomHub.Server.DicomWeb.Stow;
using DicomHub.Server.DicomWeb.Wado;
using DicomHub.Server.DicomWeb.WadoUri;
using DicomHub.Server.Hosting;
using DicomHub.Server.Options;
using DicomHub.Server.Security;
using DicomHub.Server.Viewer;
using DicomHub.Server.WebUi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomHub.Server;

/// <summary>
/// Builds the one DicomHub server process: the archive core, DICOMweb on Kestrel and the DIMSE listener.
/// Configuration: dicomhub.appsettings.json beside the program, then appsettings.json in the working
/// folder, then DICOMHUB_* environment variables (Storage__DataDirectory style), then command-line overrides.
/// </summary>
public static class DicomHubServer
{
    /// <param name="configureServices">Extra registrations after the server's own (tests add ingest observers this way).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        // No reload-on-change of appsettings.json: watching it means a recursive file watcher on the working
        // folder, which crawls every folder under it at start and then gets an event for every blob written
        // when the data folder is inside it (the default, ./dicomhub-data). Settings apply at start.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        var defaults = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "dicomhub.appsettings.json"),
            Optional = true,
            ReloadOnChange = false,
        };
        defaults.ResolveFileProvider();

        // Lowest precedence: the shipped defaults; appsettings.json, environment and arguments override them.
        builder.Configuration.Sources.Insert(0, defaults);
        builder.Configuration.AddEnvironmentVariables("DICOMHUB_");
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Configuration.AddCommandLine(args);
        ConfigureServices(builder);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var web = app.Services.GetRequiredService<IOptions<DicomWebOptions>>().Value;
        if (web.CorsOrigins.Length > 0)
        {
            app.UseCors();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The web UI's static files are served before authentication: the page holds no data, and asks for a
        // credential itself. Every endpoint after this point demands an archive action or says why it is public.
        WebUiEndpoints.UseStaticFiles(app);
        app.UseAuthentication();
        app.UseAuthorization();
        HealthEndpoints.Map(app);
        var viewer = app.Services.GetRequiredService<IOptions<ViewerOptions>>().Value;
        var viewerSite = app.Services.GetRequiredService<ViewerSite>();
        WebUiEndpoints.Map(app, web, viewerSite);
        ViewerEndpoints.Map(app, web, viewer, viewerSite);
        var group = app.MapGroup(web.BasePath);

        // Each feature's routes demand one archive action of the caller, checked before the endpoint runs; the use
        // cases demand it again, whatever the front end. A new feature gets its line here.
        StowEndpoints.Map(Demanding(group, ArchiveAction.Write));
        QidoEndpoints.Map(Demanding(group, ArchiveAction.Read));
        WadoEndpoints.Map(Demanding(group, ArchiveAction.Read));
        WadoUriEndpoint.Map(Demanding(group, ArchiveAction.Read));
        DeleteEndpoints.Map(Demanding(group, ArchiveAction.Delete));
        ManifestEndpoints.Map(Demanding(group, ArchiveAction.Read, ArchiveAction.Write));
        ExportEndpoints.Map(Demanding(group, ArchiveAction.Export));
        return app;
    }

    private static RouteGroupBuilder Demanding(RouteGroupBuilder group, params ArchiveAction[] actions) => group.MapGroup(string.Empty).RequireArchiveAction(actions);

    /// <summary>The HTTP address Kestrel listens on, once started (useful when HttpPort was 0).</summary>
    public static Uri HttpAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return new Uri(addresses.First());
    }

    /// <summary>The DIMSE port bound, once started (null when DIMSE is disabled).</summary>
    public static int? DimsePort(WebApplication app) => app.Services.GetRequiredService<ReadinessState>().DimsePort;

    /// <summary>The outbound queue (in the registry's SQLite file, or a file of its own), its senders and worker, and the forwarding rules as an ingest observer.</summary>
    private static void AddForwarding(IServiceCollection services, IConfiguration configuration, StorageOptions storage, RegistryOptions registry)
    {
        var forwarding = configuration.GetSection(ForwardingOptions.SectionName).Get<ForwardingOptions>() ?? new ForwardingOptions();
        var dimse = configuration.GetSection(DimseOptions.SectionName).Get<DimseOptions>() ?? new DimseOptions();
        services.AddSingleton(forwarding);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TransferQueueSignal>();
        services.AddSingleton<ITransferQueue>(_ => new SqliteTransferQueue(registry.TransferQueuePath(storage)));
        services.AddSingleton<IDestinationSender>(sp => new DimseDestinationSender(dimse.AeTitle.Trim(), forwarding, sp.GetRequiredService<IDatasetTranscoder>(), sp.GetRequiredService<ILogger<DimseDestinationSender>>()));
        services.AddSingleton<IDestinationSender, StowDestinationSender>();
        services.AddSingleton<ForwardingWorker>();
        services.AddSingleton<ExportService>();
        if (forwarding.Rules.Count > 0)
        {
            // Only with rules: an observer makes every commit record the instance's follow-up as owed.
            services.AddSingleton<IIngestObserver, ForwardingRulesObserver>();
        }
    }

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.SectionName));
        services.Configure<DicomWebOptions>(configuration.GetSection(DicomWebOptions.SectionName));
        services.Configure<DimseOptions>(configuration.GetSection(DimseOptions.SectionName));
        services.Configure<ViewerOptions>(configuration.GetSection(ViewerOptions.SectionName));
        services.AddSingleton(sp => ViewerSite.Locate(sp.GetRequiredService<IOptions<ViewerOptions>>().Value, AppContext.BaseDirectory));

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var web = configuration.GetSection(DicomWebOptions.SectionName).Get<DicomWebOptions>() ?? new DicomWebOptions();
        storage.DataDirectory = Path.GetFullPath(storage.DataDirectory);
        Directory.CreateDirectory(storage.DataDirectory);
        if (!string.IsNullOrWhiteSpace(storage.BlobRoot))
        {
            storage.BlobRoot = Path.GetFullPath(storage.BlobRoot);
        }

        services.AddSingleton(storage);
        // NAME = URL, or NAME = { Url, Credentials: { Token | ApiKey | Username, Password (or *File) } }.
        services.AddSingleton(DestinationCatalog.FromEntries(
            configuration.GetSection(DestinationCatalog.SectionName).GetChildren().Select(c => (
                c.Key,
                c.Value ?? c["Url"],
                c.GetSection("Credentials").Exists() ? c.GetSection("Credentials").Get<DestinationCredentials>() : null))));
        var registry = configuration.GetSection(RegistryOptions.SectionName).Get<RegistryOptions>() ?? new RegistryOptions();
        registry.Validate();
        services.AddSingleton<IBlobStore>(sp => new FileSystemBlobStore(
            storage.BlobRootPath, storage.Durable, sp.GetRequiredService<ILogger<FileSystemBlobStore>>(), shared: registry.Provider == RegistryProvider.PostgreSql));
        services.AddSingleton(registry);
        services.AddSingleton<IRegistry>(sp => registry.Create(storage, sp.GetRequiredService<ILoggerFactory>()));
        AddForwarding(services, configuration, storage, registry);
        // The security seam: who a caller is (resolver) and what it may do (authoriser); every use case asks.
        services.AddArchiveSecurity(configuration);
        services.AddSingleton<IngestPipeline>();
        services.AddDicomTranscoding();
        services.AddSingleton<RetrieveService>();
        services.AddSingleton<QueryService>();
        services.AddSingleton<DeleteService>();
        services.AddSingleton<ManifestService>();
        services.AddSingleton<ReadinessState>();
        services.AddSingleton<BlobReconciler>();
        services.AddSingleton<BlobSweepState>();
        services.AddHostedService<ArchiveInitializer>();

        // After the registry (API keys live there), before any listener: refuse to expose an archive nobody guards.
        services.AddHostedService<SecurityStartupCheck>();
        services.AddHostedService<BlobSweepService>();
        services.AddArchiveDimseServices();
        services.AddHostedService<DimseListenerService>();
        services.AddHostedService<ForwardingService>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemCauses.Describe);
        services.AddExceptionHandler(handler => handler.StatusCodeSelector = exception => exception switch
        {
            ArchiveAccessDeniedException denied => ArchiveCaller.StatusOf(denied),
            BadHttpRequestException bad => bad.StatusCode,
            _ => StatusCodes.Status500InternalServerError,
        });
        if (web.CorsOrigins.Length > 0)
        {
            // An explicit allow-list: the web UI and the OHIF viewer are served on the archive's own origin and need
            // none; this is for viewers hosted elsewhere.
            var origins = web.CorsOrigins.Select(CorsOrigin.Normalize).Distinct(StringComparer.Ordinal).ToArray();
            services.AddCors(cors => cors.AddDefaultPolicy(policy =>
            {
                if (origins.Contains(CorsOrigin.Any))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(origins);
                }

                policy.AllowAnyMethod().WithHeaders("Accept", "Content-Type", "Authorization").WithExposedHeaders("Warning", "Content-Location");
            }));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = web.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(web.BindAddress), web.HttpPort);
        });

        // Kestrel's URL configuration would fight the explicit Listen above.
        builder.WebHost.UseUrls();
    }
}
