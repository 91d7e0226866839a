using System.CommandLine;
using DicomHub.Cli.Query;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;
using DicomHub.DicomWeb.Client;
using Spectre.Console;

namespace DicomHub.Cli.Commands;

/// <summary>`dicomhub query --from URL [--level L] [-k Keyword=Value ...] [--json]`: QIDO-RS search as a table or DICOM JSON.</summary>
public sealed class QueryCommand : ICliCommand
{
    public Command Build()
    {
        var from = new Option<string>("--from") { Description = "Where to search: http(s)://host:port/dicomweb (QIDO-RS) or dicom://AE@host:port (C-FIND, Study Root).", Required = true };
        var level = new Option<QueryLevel>("--level") { Description = "study, series or instance.", DefaultValueFactory = _ => QueryLevel.Study };
        var keys = new Option<string[]>("--key", "-k") { Description = "Matching key Keyword=Value (wildcards * ?, ranges a-b, UID lists); repeat for more.", AllowMultipleArgumentsPerToken = false };
        var study = new Option<string?>("--study") { Description = "Search within this study (series or instance level)." };
        var series = new Option<string?>("--series") { Description = "Search within this series (instance level; needs --study)." };
        var include = new Option<string[]>("--include") { Description = "Extra attributes to return (keyword or 'all')." };
        var limit = new Option<int?>("--limit") { Description = "At most N matches." };
        var offset = new Option<int?>("--offset") { Description = "Skip the first N matches." };
        var fuzzy = new Option<bool>("--fuzzy") { Description = "Ask for fuzzy person-name matching." };
        var json = new Option<bool>("--json") { Description = "Print the matches as DICOM JSON instead of a table." };
        var command = new Command("query", "Search a DICOMweb server (QIDO-RS) or a DICOM archive (C-FIND) for studies, series or instances.\n" + CliRunner.ExitCodeHelp)
        {
            from, level, keys, study, series, include, limit, offset, fuzzy, json,
        };
        var token = new AccessTokenOption();
        token.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            QidoQuery query;
            try
            {
                query = new QidoQuery
                {
                    Level = parse.GetValue(level),
                    StudyInstanceUid = parse.GetValue(study),
                    SeriesInstanceUid = parse.GetValue(series),
                    Keys = (parse.GetValue(keys) ?? []).Select(QidoQuery.ParseKey).ToList(),
                    IncludeFields = parse.GetValue(include) ?? [],
                    Limit = parse.GetValue(limit),
                    Offset = parse.GetValue(offset),
                    FuzzyMatching = parse.GetValue(fuzzy),
                };
                query.ResourcePath();
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new CliException(e.Message, CliRunner.UsageError, e);
            }

            using var source = QuerySources.Create(parse.GetRequiredValue(from), token.Read(parse));
            var result = await source.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            foreach (var warning in result.Warnings)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"server warning: {warning}").ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(DicomJsonWriter.SerializeArray(result.Matches)).ConfigureAwait(false);
                return CliRunner.Success;
            }

            PrintTable(query, result.Matches, output);
            return CliRunner.Success;
        });
        return command;
    }

    private static void PrintTable(QidoQuery query, IReadOnlyList<DicomDataset> matches, TextWriter output)
    {
        var columns = QidoQuery.DefaultColumns(query.Level).ToList();
        foreach (var key in query.Keys.Select(k => k.Key).Concat(query.IncludeFields))
        {
            if (!key.Contains('.', StringComparison.Ordinal) && DicomDictionary.Default.TryParseTag(key, out var tag) && !columns.Contains(tag))
            {
                columns.Add(tag);
            }
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var tag in columns)
        {
            table.AddColumn(Markup.Escape(DicomDictionary.Default.KeywordOf(tag)));
        }

        foreach (var match in matches)
        {
            table.AddRow(columns.Select(tag => Markup.Escape(QueryCells.Text(match, tag))).ToArray());
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

        // UIDs are long: a pipe or file gets a wide table instead of one wrapped to 80 columns.
        console.Profile.Width = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? Console.WindowWidth : 250;
        console.Write(table);
        var noun = (query.Level, matches.Count == 1) switch
        {
            (QueryLevel.Study, true) => "study",
            (QueryLevel.Study, false) => "studies",
            (QueryLevel.Series, _) => "series",
            (_, true) => "instance",
            _ => "instances",
        };
        console.WriteLine($"{matches.Count} {noun}");
    }
}
