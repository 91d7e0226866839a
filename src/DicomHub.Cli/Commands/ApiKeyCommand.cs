using System.CommandLine;
using System.Globalization;
using DicomHub.Archive;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Registry.Sql;
using DicomHub.Archive.Security;
using DicomHub.Archive.Security.ApiKeys;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Cli.Commands;

/// <summary>
/// `dicomhub apikey create|list|revoke`: API keys for modalities, scripts and other archives, kept (hashed) in the
/// registry of the archive in --data (or the shared PostgreSQL registry of --postgres), so a running server and every
/// server sharing that registry see them within Security:ApiKeyCacheDuration. `create` prints the key alone on its
/// last line, once; it is never stored or shown again.
/// </summary>
public sealed class ApiKeyCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("apikey", "Create, list and revoke the archive's API keys (sent as 'Authorization: Bearer KEY').");
        command.Subcommands.Add(Create());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command Create()
    {
        var (data, postgres) = RegistryOptionsOf();
        var name = new Option<string>("--name") { Description = "Who the key is for (a person, a script, a modality, another archive); also the DIMSE user identity name.", Required = true };
        var role = new Option<string>("--role")
        {
            Description = "Roles, comma-separated: read, write, delete, export, admin (or a site role from Security:Roles).",
            Required = true,
        };
        var command = new Command("create", "Create an API key and print it (alone, on the last line).") { data, postgres, name, role };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keyName = parse.GetValue(name)!.Trim();
            if (keyName.Length == 0 || keyName.Length > 64 || keyName.Contains(',', StringComparison.Ordinal))
            {
                throw new CliException($"--name '{keyName}' must be 1 to 64 characters without commas.", CliRunner.UsageError);
            }

            var roles = parse.GetValue(role)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.ToLowerInvariant()).Distinct().ToArray();
            if (roles.Length == 0 || roles.Any(r => !r.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                throw new CliException($"--role '{parse.GetValue(role)}' must name roles separated by commas, e.g. --role read,write.", CliRunner.UsageError);
            }

            using var registry = Open(parse.GetValue(data), parse.GetValue(postgres));
            var service = new ApiKeyService(registry, new SecurityOptions(), TimeProvider.System);
            var (key, secret) = await service.CreateAsync(keyName, roles, cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            var custom = roles.Where(r => !RoleCatalog.BuiltIn.IsKnown(r)).ToList();
            if (custom.Count > 0)
            {
                await output.WriteLineAsync($"Note: {string.Join(", ", custom)} is not a built-in role; the server must define it under Security:Roles, or the key grants nothing for it.").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"Created API key {key.Id} for '{key.Name}' with roles {string.Join(", ", key.Roles)}. It is shown only now: store it safely; send it as 'Authorization: Bearer KEY' (dicomhub verbs: --token KEY or DICOMHUB_TOKEN).").ConfigureAwait(false);
            await output.WriteLineAsync(secret).ConfigureAwait(false);
            return CliRunner.Success;
        });
        return command;
    }

    private static Command List()
    {
        var (data, postgres) = RegistryOptionsOf();
        var command = new Command("list", "List the API keys (ids, names, roles, created, revoked); never the keys themselves.") { data, postgres };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var registry = Open(parse.GetValue(data), parse.GetValue(postgres));
            var keys = await registry.ListApiKeysAsync(cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (keys.Count == 0)
            {
                await output.WriteLineAsync("No API keys. Create one with: dicomhub apikey create --data DIR --name NAME --role read").ConfigureAwait(false);
                return CliRunner.Success;
            }

            await output.WriteLineAsync($"{"ID",-12}  {"NAME",-24}  {"ROLES",-24}  {"CREATED (UTC)",-20}  STATUS").ConfigureAwait(false);
            foreach (var key in keys)
            {
                var status = key.RevokedUtc is { } revoked ? $"revoked {Format(revoked)}" : "active";
                await output.WriteLineAsync($"{key.Id,-12}  {key.Name,-24}  {string.Join(",", key.Roles),-24}  {Format(key.CreatedUtc),-20}  {status}").ConfigureAwait(false);
            }

            return CliRunner.Success;
        });
        return command;
    }

    private static Command Revoke()
    {
        var (data, postgres) = RegistryOptionsOf();
        var which = new Argument<string>("key") { Description = "The key's id (from apikey list) or name (revokes every active key of that name)." };
        var command = new Command("revoke", "Revoke API keys by id or name; servers refuse them within Security:ApiKeyCacheDuration (10 s by default).") { data, postgres, which };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var registry = Open(parse.GetValue(data), parse.GetValue(postgres));
            var revoked = await registry.RevokeApiKeysAsync(parse.GetValue(which)!.Trim(), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            if (revoked.Count == 0)
            {
                throw new CliException($"No active API key has the id or name '{parse.GetValue(which)}': see dicomhub apikey list.");
            }

            foreach (var key in revoked)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"Revoked API key {key.Id} ('{key.Name}').").ConfigureAwait(false);
            }

            return CliRunner.Success;
        });
        return command;
    }

    private static (Option<string?> Data, Option<string?> Postgres) RegistryOptionsOf() =>
        (new Option<string?>("--data") { Description = "The archive's data folder (default ./dicomhub-data), as given to serve --data." },
         new Option<string?>("--postgres") { Description = "The archive's PostgreSQL registry (Npgsql connection string), as given to serve --postgres." });

    /// <summary>
    /// The archive's registry, which keeps the keys (their table is made on first use). A data folder without an archive
    /// yet is fine: keys made before the first start let that start bind a network address with credentials in place.
    /// </summary>
    private static SqlRegistry Open(string? data, string? postgres)
    {
        var storage = new StorageOptions { DataDirectory = Path.GetFullPath(data ?? "dicomhub-data") };
        var options = postgres is null
            ? new RegistryOptions()
            : new RegistryOptions { Provider = RegistryProvider.PostgreSql, ConnectionString = postgres };
        try
        {
            options.Validate();
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message, CliRunner.UsageError, e);
        }

        return (SqlRegistry)options.Create(storage, NullLoggerFactory.Instance);
    }

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
