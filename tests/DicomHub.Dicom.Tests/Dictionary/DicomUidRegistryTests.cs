using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Testing;

namespace DicomHub.Dicom.Tests.Dictionary;

public class DicomUidRegistryTests
{
    // Pseudo transfer syntaxes that only ever named HL7 CDA documents in a DICOMDIR (PS3.5 A.6/A.7, retired):
    // never used to encode a data set, so TransferSyntax does not offer them.
    private static readonly string[] PseudoTransferSyntaxes = [DicomUids.RFC2557MIMEEncapsulation, DicomUids.XMLEncoding];

    [Fact]
    public void Keywords_follow_the_standard()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomUids.CTImageStorage);
        Assert.Equal("1.2.840.10008.1.1", DicomUids.Verification);
        Assert.Equal("1.2.840.10008.5.1.4.1.2.2.1", DicomUids.StudyRootQueryRetrieveInformationModelFind);
        Assert.Equal("1.2.840.10008.5.1.4.1.2.2.2", DicomUids.StudyRootQueryRetrieveInformationModelMove);
        Assert.Equal("1.2.840.10008.5.1.4.1.2.1.3", DicomUids.PatientRootQueryRetrieveInformationModelGet);
        Assert.Equal("1.2.840.10008.1.20.1", DicomUids.StorageCommitmentPushModel);
        Assert.Equal("1.2.840.10008.1.20.1.1", DicomUids.StorageCommitmentPushModelInstance);
        Assert.Equal("1.2.840.10008.3.1.1.1", DicomUids.DICOMApplicationContext);
        Assert.Equal("1.2.840.10008.1.2.4.70", DicomUids.JPEGLosslessSV1);
    }

    [Fact]
    public void Find_returns_name_type_and_retired_flag()
    {
        var ct = DicomUidRegistry.Find("1.2.840.10008.5.1.4.1.1.2");
        Assert.NotNull(ct);
        Assert.Equal("CT Image Storage", ct.Name);
        Assert.Equal(DicomUidType.SopClass, ct.Type);
        Assert.False(ct.IsRetired);

        var bigEndian = DicomUidRegistry.Find("1.2.840.10008.1.2.2\0");
        Assert.Equal(DicomUidType.TransferSyntax, bigEndian!.Type);
        Assert.Equal("Explicit VR Big Endian", bigEndian.Name);
        Assert.True(bigEndian.IsRetired);

        Assert.Equal(DicomUidType.WellKnownFrameOfReference, DicomUidRegistry.Find(DicomUids.TalairachBrainAtlasFrameOfReference)!.Type);
        Assert.Equal(DicomUidType.MetaSopClass, DicomUidRegistry.Find(DicomUids.BasicGrayscalePrintManagementMeta)!.Type);
        Assert.Equal(DicomUidType.ApplicationContextName, DicomUidRegistry.Find(DicomUids.DICOMApplicationContext)!.Type);
        Assert.Equal(DicomUidType.CodingScheme, DicomUidRegistry.Find("1.2.840.10008.2.16.4")!.Type);
        Assert.Equal("Study Root Query/Retrieve Information Model - FIND", DicomUidRegistry.Find(DicomUids.StudyRootQueryRetrieveInformationModelFind)!.Name);
        Assert.Null(DicomUidRegistry.Find("1.2.3.4"));
        Assert.Null(DicomUidRegistry.Find(null));
    }

    [Fact]
    public void A_retired_uid_whose_keyword_was_reused_gets_the_Retired_suffix()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.6.1", DicomUids.UltrasoundImageStorage);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.6", DicomUids.UltrasoundImageStorageRetired);
        Assert.True(DicomUidRegistry.Find(DicomUids.UltrasoundImageStorageRetired)!.IsRetired);
        Assert.Equal(DicomUids.NuclearMedicineImageStorage, DicomUidRegistry.FindByKeyword("nuclearmedicineimagestorage")!.Uid);
    }

    [Fact]
    public void Storage_sop_classes_are_exactly_the_storage_ones()
    {
        Assert.True(DicomUidRegistry.IsStorageSopClass(DicomUids.CTImageStorage));
        Assert.True(DicomUidRegistry.IsStorageSopClass(DicomUids.DigitalXRayImageStorageForPresentation));
        Assert.True(DicomUidRegistry.IsStorageSopClass(DicomUids.EncapsulatedPDFStorage));
        Assert.True(DicomUidRegistry.IsStorageSopClass(DicomUids.RTBeamsDeliveryInstructionStorage));
        Assert.False(DicomUidRegistry.IsStorageSopClass(DicomUids.Verification));
        Assert.False(DicomUidRegistry.IsStorageSopClass(DicomUids.StorageCommitmentPushModel));
        Assert.False(DicomUidRegistry.IsStorageSopClass(DicomUids.MediaStorageDirectoryStorage));
        Assert.False(DicomUidRegistry.IsStorageSopClass(DicomUids.ExplicitVRLittleEndian));
        Assert.False(DicomUidRegistry.IsStorageSopClass("1.2.3"));

        Assert.Contains(DicomUids.MRImageStorage, DicomUids.AllStorageSopClasses);
        Assert.True(DicomUids.AllStorageSopClasses.Count > 150);
        Assert.Equal(DicomUids.AllStorageSopClasses.Count, DicomUids.AllStorageSopClasses.Distinct().Count());
        Assert.All(DicomUids.AllStorageSopClasses, uid => Assert.True(DicomUidRegistry.IsStorageSopClass(uid), uid));
    }

    [Fact]
    public void Every_entry_is_a_valid_unique_uid()
    {
        var entries = DicomUidRegistry.Entries;
        Assert.True(entries.Count > 400);
        Assert.All(entries, e => Assert.True(DicomUid.IsValid(e.Uid), e.Uid));
        Assert.Equal(entries.Count, entries.Select(e => e.Uid).Distinct().Count());
        Assert.Equal(entries.Count, entries.Select(e => e.Keyword).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_registered_transfer_syntax_is_known_to_TransferSyntax()
    {
        var missing = DicomUidRegistry.Entries
            .Where(e => e.Type == DicomUidType.TransferSyntax && !PseudoTransferSyntaxes.Contains(e.Uid))
            .Where(e => TransferSyntax.Known.All(k => k.Uid != e.Uid))
            .Select(e => $"{e.Keyword} {e.Uid}")
            .ToList();

        Assert.True(missing.Count == 0, "TransferSyntax.Known lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_known_transfer_syntax_is_registered_with_the_same_keyword_and_retired_flag()
    {
        foreach (var syntax in TransferSyntax.Known)
        {
            var entry = DicomUidRegistry.Find(syntax.Uid);
            Assert.True(entry is not null, $"{syntax} is not in the UID registry");
            Assert.Equal(DicomUidType.TransferSyntax, entry.Type);
            Assert.Equal(syntax.Keyword, entry.Keyword);
            Assert.Equal(syntax.IsRetired, entry.IsRetired);
        }
    }

    [Fact]
    public async Task The_committed_registry_is_what_the_generator_makes_from_dcuid_h()
    {
        const string header = "/usr/include/dcmtk/dcmdata/dcuid.h";
        var python = Peers.Require("python3", "python3");
        if (!File.Exists(header))
        {
            var message = $"{header} is missing: run scripts/install-test-deps.sh or 'apt-get install -y libdcmtk-dev'.";
            if (Peers.IsCi)
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        var root = RepositoryRoot();
        using var directory = new TempDirectory();
        var generated = directory.Combine("DicomUids.g.cs");

        var result = await Peers.RunAsync(python, [Path.Combine(root, "tools", "dictionary", "generate_uids.py"), header, "--out", generated], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var committed = await File.ReadAllTextAsync(Path.Combine(root, "src", "DicomHub.Dicom", "Dictionary", "DicomUids.g.cs"), TestContext.Current.CancellationToken);
        Assert.True(
            committed == await File.ReadAllTextAsync(generated, TestContext.Current.CancellationToken),
            "DicomUids.g.cs differs from the generator's output: run python3 tools/dictionary/generate_uids.py and commit the result.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DicomHub.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DicomHub.slnx not found above the test binaries.");
    }
}
