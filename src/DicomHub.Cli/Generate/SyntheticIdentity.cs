using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DicomHub.Dicom.Data;

namespace DicomHub.Cli.Generate;

/// <summary>
/// Everything a generation run derives from its seed: UIDs (<see cref="DicomUid.Derive"/>), patient
/// demographics, dates and noise seeds. The same seed gives byte-identical files; without --seed each run
/// takes a random seed, so UIDs differ between runs.
/// </summary>
public sealed class SyntheticIdentity
{
    private static readonly string[] FamilyNames =
        ["SMITH", "GARCIA", "MUELLER", "ROSSI", "DUBOIS", "KOWALSKI", "NIELSEN", "SILVA", "TANAKA", "OKAFOR", "MARTIN", "HANSEN"];

    private static readonly string[] GivenNames =
        ["ANNA", "JOHN", "MARIA", "LUCAS", "SOFIA", "DAVID", "ELENA", "OMAR", "KATE", "PEDRO", "INGRID", "YUKI"];

    public SyntheticIdentity(string profile, string seed, DateOnly? referenceDate = null)
    {
        Profile = profile;
        Seed = seed;
        // A fixed seed fixes the dates too, so two runs produce the same bytes.
        ReferenceDate = referenceDate ?? new DateOnly(2024, 1, 1).AddDays((int)(Hash("date") % 365));
    }

    public string Profile { get; }

    public string Seed { get; }

    /// <summary>The date of the most recent study.</summary>
    public DateOnly ReferenceDate { get; }

    public static string RandomSeed() => RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture);

    public string StudyInstanceUid(int study) => Uid($"study/{study}");

    public string SeriesInstanceUid(int study, int series) => Uid($"study/{study}/series/{series}");

    public string SopInstanceUid(int study, int series, int instance) => Uid($"study/{study}/series/{series}/instance/{instance}");

    public string FrameOfReferenceUid(int study, int series) => Uid($"study/{study}/series/{series}/frame-of-reference");

    public string PatientName(int patient) =>
        $"{FamilyNames[Hash($"patient/{patient}/family") % (ulong)FamilyNames.Length]}^{GivenNames[Hash($"patient/{patient}/given") % (ulong)GivenNames.Length]}";

    public string PatientId(int patient) => $"DH{Hash($"patient/{patient}/id") % 100_000_000:D8}";

    public string PatientSex(int patient) => Hash($"patient/{patient}/sex") % 2 == 0 ? "F" : "M";

    public DateOnly PatientBirthDate(int patient) => ReferenceDate.AddYears(-25 - (int)(Hash($"patient/{patient}/age") % 55)).AddDays(-(int)(Hash($"patient/{patient}/birthday") % 365));

    /// <summary>0..1, a per-patient change of body size.</summary>
    public double PatientBuild(int patient) => (Hash($"patient/{patient}/build") % 1000) / 1000.0;

    public DateOnly StudyDate(int study) => ReferenceDate.AddDays(-7 * study);

    public string AccessionNumber(int study) => $"A{Hash($"study/{study}/accession") % 10_000_000:D7}";

    public ulong NoiseSeed(int ordinal) => Hash($"noise/{ordinal}");

    public ulong Hash(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}\n{Profile}\n{name}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    private string Uid(string name) => DicomUid.Derive(Seed, $"{Profile}/{name}");
}
