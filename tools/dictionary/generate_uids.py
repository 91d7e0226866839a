#!/usr/bin/env python3
"""Generates the UID registry of DicomHub.Dicom (PS3.6 Annex A) from DCMTK's dcuid.h.

Why DCMTK's header: `apt-get install libdcmtk-dev` installs it, it lists every UID of PS3.6 Annex A of
its release (SOP classes, transfer syntaxes, meta SOP classes, well-known instances and frames of
reference, coding schemes, LDAP OIDs) with a C name, groups them under section comments and marks
retired ones. It does not carry the standard's display names (except, as comments, for transfer
syntaxes), so names of the others are derived from the keyword ("CTImageStorage" -> "CT Image Storage").

Keywords follow PS3.6's keyword column where DCMTK's naming differs systematically:
FINDStudyRoot...Model -> StudyRoot...ModelFind, VerificationSOPClass -> Verification,
...SOPInstance -> ...Instance; transfer syntaxes use the standard's keywords from TS_KEYWORDS below.

UIDs the standard added after DCMTK 3.6.7 that DicomHub already handles are listed in SUPPLEMENT (facts of
PS3.6 Annex A), so the registry agrees with TransferSyntax.Known.

Usage: python3 tools/dictionary/generate_uids.py [path/to/dcuid.h] [--out FILE]
Writes src/DicomHub.Dicom/Dictionary/DicomUids.g.cs (or FILE); commit it. A test regenerates it into a temporary
file and fails when the committed one differs.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "src", "DicomHub.Dicom", "Dictionary", "DicomUids.g.cs")
DEFAULT_HEADER = "/usr/include/dcmtk/dcmdata/dcuid.h"

# PS3.6 Annex A keywords of the transfer syntaxes (DCMTK names them differently, e.g. JPEGProcess1TransferSyntax).
TS_KEYWORDS = {
    "1.2.840.10008.1.2": "ImplicitVRLittleEndian",
    "1.2.840.10008.1.2.1": "ExplicitVRLittleEndian",
    "1.2.840.10008.1.2.2": "ExplicitVRBigEndian",
    "1.2.840.10008.1.2.1.99": "DeflatedExplicitVRLittleEndian",
    "1.2.840.10008.1.2.4.50": "JPEGBaseline8Bit",
    "1.2.840.10008.1.2.4.51": "JPEGExtended12Bit",
    "1.2.840.10008.1.2.4.52": "JPEGExtended35",
    "1.2.840.10008.1.2.4.53": "JPEGSpectralSelectionNonHierarchical68",
    "1.2.840.10008.1.2.4.54": "JPEGSpectralSelectionNonHierarchical79",
    "1.2.840.10008.1.2.4.55": "JPEGFullProgressionNonHierarchical1012",
    "1.2.840.10008.1.2.4.56": "JPEGFullProgressionNonHierarchical1113",
    "1.2.840.10008.1.2.4.57": "JPEGLossless",
    "1.2.840.10008.1.2.4.58": "JPEGLosslessNonHierarchical15",
    "1.2.840.10008.1.2.4.59": "JPEGExtendedHierarchical1618",
    "1.2.840.10008.1.2.4.60": "JPEGExtendedHierarchical1719",
    "1.2.840.10008.1.2.4.61": "JPEGSpectralSelectionHierarchical2022",
    "1.2.840.10008.1.2.4.62": "JPEGSpectralSelectionHierarchical2123",
    "1.2.840.10008.1.2.4.63": "JPEGFullProgressionHierarchical2426",
    "1.2.840.10008.1.2.4.64": "JPEGFullProgressionHierarchical2527",
    "1.2.840.10008.1.2.4.65": "JPEGLosslessHierarchical28",
    "1.2.840.10008.1.2.4.66": "JPEGLosslessHierarchical29",
    "1.2.840.10008.1.2.4.70": "JPEGLosslessSV1",
    "1.2.840.10008.1.2.4.80": "JPEGLSLossless",
    "1.2.840.10008.1.2.4.81": "JPEGLSNearLossless",
    "1.2.840.10008.1.2.4.90": "JPEG2000Lossless",
    "1.2.840.10008.1.2.4.91": "JPEG2000",
    "1.2.840.10008.1.2.4.92": "JPEG2000MCLossless",
    "1.2.840.10008.1.2.4.93": "JPEG2000MC",
    "1.2.840.10008.1.2.4.94": "JPIPReferenced",
    "1.2.840.10008.1.2.4.95": "JPIPReferencedDeflate",
    "1.2.840.10008.1.2.4.100": "MPEG2MPML",
    "1.2.840.10008.1.2.4.101": "MPEG2MPHL",
    "1.2.840.10008.1.2.4.102": "MPEG4HP41",
    "1.2.840.10008.1.2.4.103": "MPEG4HP41BD",
    "1.2.840.10008.1.2.4.104": "MPEG4HP422D",
    "1.2.840.10008.1.2.4.105": "MPEG4HP423D",
    "1.2.840.10008.1.2.4.106": "MPEG4HP42STEREO",
    "1.2.840.10008.1.2.4.107": "HEVCMP51",
    "1.2.840.10008.1.2.4.108": "HEVCM10P51",
    "1.2.840.10008.1.2.5": "RLELossless",
    "1.2.840.10008.1.2.6.1": "RFC2557MIMEEncapsulation",
    "1.2.840.10008.1.2.6.2": "XMLEncoding",
    "1.2.840.10008.1.2.7.1": "SMPTEST211020UncompressedProgressiveActiveVideo",
    "1.2.840.10008.1.2.7.2": "SMPTEST211020UncompressedInterlacedActiveVideo",
    "1.2.840.10008.1.2.7.3": "SMPTEST211030PCMDigitalAudio",
}

# Other keywords of PS3.6 that no systematic rule derives from DCMTK's names.
KEYWORD_OVERRIDES = {
    "1.2.840.10008.3.1.1.1": "DICOMApplicationContext",
    "1.2.840.10008.15.1.1": "UTC",
}

# (uid, keyword, display name, type, retired): registered in PS3.6 Annex A after DCMTK 3.6.7.
SUPPLEMENT = [
    ("1.2.840.10008.1.2.1.98", "EncapsulatedUncompressedExplicitVRLittleEndian", "Encapsulated Uncompressed Explicit VR Little Endian", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.100.1", "MPEG2MPMLF", "Fragmentable MPEG2 Main Profile / Main Level", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.101.1", "MPEG2MPHLF", "Fragmentable MPEG2 Main Profile / High Level", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.102.1", "MPEG4HP41F", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.103.1", "MPEG4HP41BDF", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.104.1", "MPEG4HP422DF", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.105.1", "MPEG4HP423DF", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.106.1", "MPEG4HP42STEREOF", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.110", "JPEGXLLossless", "JPEG XL Lossless", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.111", "JPEGXLJPEGRecompression", "JPEG XL JPEG Recompression", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.112", "JPEGXL", "JPEG XL", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.201", "HTJ2KLossless", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.202", "HTJ2KLosslessRPCL", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.203", "HTJ2K", "High-Throughput JPEG 2000 Image Compression", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.204", "JPIPHTJ2KReferenced", "JPIP HTJ2K Referenced", "TransferSyntax", False),
    ("1.2.840.10008.1.2.4.205", "JPIPHTJ2KReferencedDeflate", "JPIP HTJ2K Referenced Deflate", "TransferSyntax", False),
    ("1.2.840.10008.1.2.8.1", "DeflatedImageFrameCompression", "Deflated Image Frame Compression", "TransferSyntax", False),
]

DEFINE = re.compile(r'^#define\s+UID_(\w+)\s+"([0-9.]+)"')
SECTION = re.compile(r"^//\s*(.+?)\s*$")


def section_type(section, name):
    """The PS3.6 'UID Type' from DCMTK's section comment and the name's suffix."""
    if section == "transfer":
        return "TransferSyntax"
    if name.endswith("FrameOfReference"):
        return "WellKnownFrameOfReference"
    if name.endswith("SOPInstance") or name.endswith("SubscriptionSOPInstance"):
        return "WellKnownSopInstance"
    if name.endswith("MetaSOPClass"):
        return "MetaSopClass"
    if name.endswith("ServiceClass"):
        return "ServiceClass"
    if name.endswith("ApplicationContext"):
        return "ApplicationContextName"
    if name.endswith("CodingScheme"):
        return "CodingScheme"
    if name.endswith("MappingResource"):
        return "MappingResource"
    if name.startswith("LDAP_"):
        return "LdapOid"
    if section.startswith("Application Hosting"):
        return "ApplicationHostingModel"
    return "SopClass"


def keyword_of(uid, name, uid_type):
    if uid in TS_KEYWORDS:
        return TS_KEYWORDS[uid]
    if uid in KEYWORD_OVERRIDES:
        return KEYWORD_OVERRIDES[uid]
    k = name
    if k.startswith("LDAP_"):
        k = k[len("LDAP_"):]
        return k[0].upper() + k[1:]
    m = re.match(r"^(FIND|MOVE|GET)(.+)$", k)
    if m:
        k = m.group(2) + m.group(1).capitalize()
    if k.endswith("SOPClass"):
        k = k[: -len("SOPClass")]
    elif k.endswith("SOPInstance"):
        k = k[: -len("SOPInstance")] + "Instance"
    return k.replace("_", "")


def display_of(name, uid_type):
    """'CTImageStorage' -> 'CT Image Storage'; FIND/MOVE/GET become the standard's ' - FIND' suffix."""
    n = name[len("LDAP_"):] if name.startswith("LDAP_") else name
    if uid_type == "LdapOid":
        return n
    suffix = ""
    m = re.match(r"^(FIND|MOVE|GET)(.+)$", n)
    if m:
        n, suffix = m.group(2), " - " + m.group(1)
    n = n.replace("_", " ")
    words = re.sub(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[0-9])(?=[A-Z][a-z])", " ", n)
    words = re.sub(r"\s+", " ", words).strip()
    for old, new in (("X Ray", "X-Ray"), ("Multiframe", "Multi-frame"), ("Query Retrieve", "Query/Retrieve"),
                     ("SOP Class", "SOP Class"), ("SOPClass", "SOP Class"), ("SOPInstance", "SOP Instance")):
        words = words.replace(old, new)
    return words + suffix


def parse(path):
    entries = []
    section = ""
    pending_comment = ""
    in_draft = False
    with open(path, encoding="latin-1") as handle:
        for raw in handle:
            line = raw.strip()
            if "Private DCMTK UIDs" in line or "DRAFT SUPPLEMENTS" in line:
                in_draft = True
            if line.startswith("** Defined Transfer Syntax UIDs"):
                section = "transfer"
                continue
            if line.startswith("** Defined SOP Class UIDs") or line.startswith("** All other UIDs"):
                section = ""
                continue
            m = SECTION.match(line)
            if m and not line.startswith("///"):
                if section != "transfer":
                    section = m.group(1)
                continue
            if line.startswith("///"):
                pending_comment = line[3:].strip()
                continue
            if line.startswith("/**"):
                pending_comment = line[3:].strip()
                continue
            if line.startswith("*") and not line.startswith("*/") and pending_comment and section == "transfer":
                pending_comment += " " + line.lstrip("* ").strip()
                continue
            d = DEFINE.match(line)
            if not d:
                continue
            name, uid = d.groups()
            comment, pending_comment = pending_comment, ""
            if in_draft or not uid.startswith("1.2.840.10008.") or uid.endswith("."):
                continue
            retired = name.startswith("RETIRED_")
            if retired:
                name = name[len("RETIRED_"):]
            uid_type = section_type(section, name)
            if uid_type == "TransferSyntax":
                changed = re.search(r"changed with DICOM \w+ to: ([^)]+)\)", comment)
                display = changed.group(1).strip() if changed else re.split(r":", comment)[0].strip()
                if display.endswith(" - RETIRED") or "(RETIRED)" in display or "RETIRED" in comment:
                    retired = True
                display = display.replace(" - RETIRED", "").replace(" (RETIRED) was only a pseudo transfer syntax used", "")
                display = re.sub(r"\s+to refer to.*$", "", display).strip()
                if "(RETIRED)" in comment:
                    display = display.split(" (RETIRED)")[0]
            else:
                display = display_of(name, uid_type)
            entries.append({"uid": uid, "keyword": keyword_of(uid, name, uid_type), "name": display,
                            "type": uid_type, "retired": retired, "storage": section.startswith(("Storage", "DICOMDIR", "DICOS Storage", "DICONDE Storage")) or name.endswith("Storage")})
    for uid, keyword, display, uid_type, retired in SUPPLEMENT:
        if any(e["uid"] == uid for e in entries):
            raise SystemExit(f"{uid} is now in {path}: drop it from SUPPLEMENT")
        entries.append({"uid": uid, "keyword": keyword, "name": display, "type": uid_type, "retired": retired, "storage": False})
    return entries


def disambiguate(entries):
    """PS3.6 gives a retired UID whose keyword a newer one took the suffix 'Retired'."""
    by_keyword = {}
    for e in entries:
        by_keyword.setdefault(e["keyword"], []).append(e)
    for keyword, group in by_keyword.items():
        if len(group) > 1:
            for e in group:
                if e["retired"]:
                    e["keyword"] += "Retired"
                    e["name"] += " (Retired)"
    seen = set()
    for e in entries:
        if e["keyword"] in seen:
            raise SystemExit(f"duplicate keyword {e['keyword']}")
        seen.add(e["keyword"])


def cs_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    args = sys.argv[1:]
    out_path = OUT
    if "--out" in args:
        index = args.index("--out")
        out_path = args[index + 1]
        del args[index:index + 2]
    path = args[0] if args else DEFAULT_HEADER
    if not os.path.exists(path):
        raise SystemExit(f"{path} not found: apt-get install -y libdcmtk-dev, or pass the path of dcuid.h")
    entries = parse(path)
    disambiguate(entries)
    for e in entries:
        # Storage SOP classes: what a C-STORE SCP accepts. Media Storage Directory is not sent by C-STORE.
        k = e["keyword"]
        e["storage"] = e["type"] == "SopClass" and e["storage"] and k != "MediaStorageDirectoryStorage" \
            and not k.startswith("StorageCommitment") and re.search(r"Storage(For\w+)?(Retired)?$", k) is not None
    entries.sort(key=lambda e: [int(p) for p in e["uid"].split(".")])
    header = ("// <auto-generated>\n"
              "// Generated by tools/dictionary/generate_uids.py from DCMTK's dcuid.h (" + os.path.basename(path) +
              ", libdcmtk-dev) plus the\n// script's SUPPLEMENT of newer PS3.6 Annex A UIDs. Do not edit by hand.\n"
              "// </auto-generated>\n")
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(header)
        out.write("namespace DicomHub.Dicom.Dictionary;\n\n")
        out.write("/// <summary>Every UID of PS3.6 Annex A by keyword (retired ones included).</summary>\n")
        out.write("public static partial class DicomUids\n{\n")
        for e in entries:
            retired = " (retired)" if e["retired"] else ""
            out.write(f"    /// <summary>{e['name'].replace('&', '&amp;').replace('<', '&lt;')}{retired}: {e['type']}.</summary>\n")
            out.write(f"    public const string {e['keyword']} = {cs_string(e['uid'])};\n\n")
        storage = [e for e in entries if e["storage"]]
        out.write("    /// <summary>Every storage SOP class (retired ones included): what an SCP accepting any instance offers.</summary>\n")
        out.write("    public static IReadOnlyList<string> AllStorageSopClasses { get; } =\n    [\n")
        for e in storage:
            out.write(f"        {e['keyword']},\n")
        out.write("    ];\n}\n\n")
        out.write("/// <summary>The generated table behind <see cref=\"DicomUidRegistry\"/>.</summary>\n")
        out.write("internal static class DicomUidEntries\n{\n")
        out.write("    public static DicomUidEntry[] Create() =>\n    [\n")
        for e in entries:
            out.write(f"        new(DicomUids.{e['keyword']}, {cs_string(e['keyword'])}, {cs_string(e['name'])}, "
                      f"DicomUidType.{e['type']}, {str(e['retired']).lower()}, {str(e['storage']).lower()}),\n")
        out.write("    ];\n}\n")
    print(f"{len(entries)} UIDs, {len(storage)} storage SOP classes")


if __name__ == "__main__":
    main()
