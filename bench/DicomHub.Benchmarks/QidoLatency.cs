using System.Diagnostics;
using System.Globalization;
using DicomHub.Archive;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Registry.Postgres;
using DicomHub.Archive.Registry.Sql;
using DicomHub.Archive.Registry.Sqlite;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Server;

namespace DicomHub.Benchmarks;

/// <summary>
/// QIDO-RS study search latency with a large registry, end to end over HTTP (Kestrel, query engine,
/// SQLite, DICOM JSON). The registry is filled directly through IRegistry.CommitAsync with records made
/// by the ingest's own InstanceIndexer (no blobs: QIDO never reads them), then the real server is started
/// on it. Run: dotnet run -c Release --project bench/DicomHub.Benchmarks -- qido [INSTANCES=100000] [REPEATS=200]
/// [--postgres CONNECTION] (an empty PostgreSQL database instead of a SQLite file; the bench fills it).
/// </summary>
internal static class QidoLatency
{
    private static readonly string[] FamilyNames = ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ", "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN", "LEE", "PEREZ", "THOMPSON", "WHITE", "HARRIS"];
    private static readonly string[] GivenNames = ["JAMES", "MARY", "JOHN", "PATRICIA", "ROBERT", "JENNIFER", "MICHAEL", "LINDA", "WILLIAM", "ELIZABETH", "DAVID", "BARBARA", "RICHARD", "SUSAN", "JOSEPH", "JESSICA"];
    private static readonly string[] Modalities = ["CT", "MR", "CR", "US", "DX"];

    public static async Task<int> RunAsync(string[] args)
    {
        var postgresAt = Array.IndexOf(args, "--postgres");
        var postgres = postgresAt >= 0 && postgresAt + 1 < args.Length ? args[postgresAt + 1] : null;
        var positional = postgresAt >= 0 ? [.. args[..postgresAt], .. args[(postgresAt + 2)..]] : args;
        var instances = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 100_000;
        var repeats = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 200;
        var folder = Directory.CreateTempSubdirectory("dicomhub-qido-").FullName;
        try
        {
            var fill = Stopwatch.StartNew();
            var storage = new StorageOptions { DataDirectory = folder };
            int studies;
            using (SqlRegistry registry = postgres is null ? new SqliteRegistry(storage.RegistryPath) : new PostgresRegistry(postgres))
            {
                studies = await FillAsync(registry, instances);
            }

            Console.WriteLine($"registry ({(postgres is null ? "SQLite" : "PostgreSQL")}): {instances} instances in {studies} studies, filled in {fill.Elapsed.TotalSeconds:0.0} s");

            var app = DicomHubServer.Build([], new Dictionary<string, string?>
            {
                ["Registry:Provider"] = postgres is null ? "Sqlite" : "PostgreSql",
                ["Registry:ConnectionString"] = postgres,
                ["Storage:DataDirectory"] = folder,
                ["DicomWeb:HttpPort"] = "0",
                ["Dimse:Enabled"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",

                // The registry's blobs are deliberately absent (QIDO never reads them): no line per instance.
                ["Logging:LogLevel:DicomHub.Archive.Blobs.BlobReconciler"] = "None",
            });
            await app.StartAsync();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(DicomHubServer.HttpAddress(app), "/dicomweb/") };
                string[] queries =
                [
                    "studies?PatientID=PID000123",
                    "studies?PatientName=SMITH%5EJAMES",
                    "studies?PatientName=SMI*",
                    "studies?PatientName=*SON*",
                    "studies?PatientName=smith&fuzzymatching=true",
                    "studies?StudyDate=20200101-20200131",
                    "studies?ModalitiesInStudy=MR&StudyDate=20210101-20210630",
                    "studies?limit=100",
                    "studies?StudyInstanceUID=" + StudyUid(studies / 2),
                ];
                Console.WriteLine("| query | results | median ms | p90 ms |");
                Console.WriteLine("|---|---|---|---|");
                foreach (var query in queries)
                {
                    var times = new List<double>(repeats);
                    var count = 0;
                    for (var i = 0; i < repeats + 20; i++)
                    {
                        var clock = Stopwatch.StartNew();
                        using var response = await http.GetAsync(query);
                        var body = await response.Content.ReadAsStringAsync();
                        clock.Stop();
                        if (!response.IsSuccessStatusCode)
                        {
                            throw new InvalidOperationException($"{query}: HTTP {(int)response.StatusCode} {body}");
                        }

                        count = body.Length <= 2 ? 0 : body.Split("\"0020000D\"").Length - 1;
                        if (i >= 20)
                        {
                            times.Add(clock.Elapsed.TotalMilliseconds);
                        }
                    }

                    times.Sort();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{query}` | {count} | {times[times.Count / 2]:0.00} | {times[(int)(times.Count * 0.9)]:0.00} |"));
                }
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static string StudyUid(int study) => $"1.2.826.0.1.3680043.10.2.{study + 1}";

    /// <summary>Patients with 1-4 studies of 2-5 series of ~20 instances, deterministic (seed 1).</summary>
    private static async Task<int> FillAsync(IRegistry registry, int instances)
    {
        await registry.InitializeAsync();
        var random = new Random(1);
        var batch = new List<InstanceRecord>(1000);
        var made = 0;
        var study = 0;
        var patient = 0;
        while (made < instances)
        {
            var name = $"{FamilyNames[random.Next(FamilyNames.Length)]}^{GivenNames[random.Next(GivenNames.Length)]}";
            var patientId = $"PID{patient++:000000}";
            for (var s = random.Next(1, 5); s > 0 && made < instances; s--, study++)
            {
                var date = new DateOnly(2018, 1, 1).AddDays(random.Next(6 * 365)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                var modality = Modalities[random.Next(Modalities.Length)];
                for (var se = random.Next(2, 6); se > 0 && made < instances; se--)
                {
                    var seriesUid = $"{StudyUid(study)}.{se}";
                    for (var i = 1; i <= 20 && made < instances; i++, made++)
                    {
                        var dataset = new DicomDataset();
                        dataset.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.CTImageStorage);
                        dataset.AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, $"{seriesUid}.{i}");
                        dataset.AddOrUpdate(DicomTags.StudyDate, DicomVR.DA, date);
                        dataset.AddOrUpdate(DicomTags.StudyTime, DicomVR.TM, "101500");
                        dataset.AddOrUpdate(DicomTags.AccessionNumber, DicomVR.SH, $"ACC{study:000000}");
                        dataset.AddOrUpdate(DicomTags.Modality, DicomVR.CS, modality);
                        dataset.AddOrUpdate(DicomTags.ReferringPhysicianName, DicomVR.PN, "REF^DOCTOR");
                        dataset.AddOrUpdate(DicomTags.StudyDescription, DicomVR.LO, $"{modality} STUDY");
                        dataset.AddOrUpdate(DicomTags.PatientName, DicomVR.PN, name);
                        dataset.AddOrUpdate(DicomTags.PatientID, DicomVR.LO, patientId);
                        dataset.AddOrUpdate(DicomTags.PatientBirthDate, DicomVR.DA, "19600101");
                        dataset.AddOrUpdate(DicomTags.PatientSex, DicomVR.CS, "O");
                        dataset.AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, StudyUid(study));
                        dataset.AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, seriesUid);
                        dataset.AddOrUpdate(DicomTags.StudyID, DicomVR.SH, "1");
                        dataset.AddOrUpdate(DicomTags.SeriesNumber, DicomVR.IS, se.ToString(CultureInfo.InvariantCulture));
                        dataset.AddOrUpdate(DicomTags.InstanceNumber, DicomVR.IS, i.ToString(CultureInfo.InvariantCulture));
                        batch.Add(InstanceIndexer.Index(dataset, TransferSyntax.ExplicitVRLittleEndian, $"xx/{study}-{se}-{i}.dcm", 1024));
                        if (batch.Count == 1000)
                        {
                            await registry.CommitAsync(batch, DuplicatePolicy.Reject);
                            batch.Clear();
                        }
                    }
                }
            }
        }

        await registry.CommitAsync(batch, DuplicatePolicy.Reject);
        return study;
    }
}
