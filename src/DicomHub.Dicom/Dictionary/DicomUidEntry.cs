namespace DicomHub.Dicom.Dictionary;

/// <summary>The kind of a registered UID (the "UID Type" column of PS3.6 Annex A).</summary>
public enum DicomUidType
{
    SopClass,
    MetaSopClass,
    TransferSyntax,
    WellKnownSopInstance,
    WellKnownFrameOfReference,
    ServiceClass,
    ApplicationContextName,
    ApplicationHostingModel,
    CodingScheme,
    MappingResource,
    LdapOid,
}

/// <summary>One UID of PS3.6 Annex A: the UID, its keyword, display name, type and whether it is retired.</summary>
public sealed record DicomUidEntry(string Uid, string Keyword, string Name, DicomUidType Type, bool IsRetired, bool IsStorageSopClass)
{
    public override string ToString() => IsRetired ? $"{Name} (Retired) [{Uid}]" : $"{Name} [{Uid}]";
}
