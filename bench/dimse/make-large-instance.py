#!/usr/bin/env python3
"""Writes one large multi-frame Part 10 instance (Multi-frame Grayscale Word SC, Explicit VR LE) whose
pixel data is a sparse hole with an 8-byte marker every 32 MB: no time or disk space to create, yet a
real instance of the requested size for `dicomhub send`/`receive` or DCMTK.
Usage: make-large-instance.py OUT.dcm [MEGABYTES=500]"""
import struct, sys, uuid

def element(group, elem, vr, value):
    if len(value) % 2:
        value += b"\0" if vr == "UI" else b" "
    if vr in ("OB", "OW", "SQ", "UN", "UT"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), len(value)) + value

out, megabytes = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500
sop_class, ts = b"1.2.840.10008.5.1.4.1.1.7.3", b"1.2.840.10008.1.2.1"
uid = ("2.25.%d" % uuid.uuid4().int).encode()
rows = cols = 512
frames = megabytes * (1 << 20) // (rows * cols * 2)
pixel_bytes = frames * rows * cols * 2
meta = (element(2, 1, "OB", b"\0\1") + element(2, 2, "UI", sop_class) + element(2, 3, "UI", uid)
        + element(2, 0x10, "UI", ts) + element(2, 0x12, "UI", b"1.2.826.0.1.3680043.10.1.1") + element(2, 0x13, "SH", b"LARGE_BENCH"))
header = b"\0" * 128 + b"DICM" + element(2, 0, "UL", struct.pack("<I", len(meta))) + meta
study = ("2.25.%d" % uuid.uuid4().int).encode(); series = ("2.25.%d" % uuid.uuid4().int).encode()
ds = (element(8, 0x16, "UI", sop_class) + element(8, 0x18, "UI", uid) + element(8, 0x60, "CS", b"OT")
      + element(0x10, 0x10, "PN", b"LARGE^INSTANCE") + element(0x10, 0x20, "LO", b"LARGE1")
      + element(0x20, 0xD, "UI", study) + element(0x20, 0xE, "UI", series) + element(0x20, 0x13, "IS", b"1")
      + element(0x28, 2, "US", struct.pack("<H", 1)) + element(0x28, 4, "CS", b"MONOCHROME2")
      + element(0x28, 8, "IS", str(frames).encode()) + element(0x28, 0x10, "US", struct.pack("<H", rows))
      + element(0x28, 0x11, "US", struct.pack("<H", cols)) + element(0x28, 0x100, "US", struct.pack("<H", 16))
      + element(0x28, 0x101, "US", struct.pack("<H", 16)) + element(0x28, 0x102, "US", struct.pack("<H", 15))
      + element(0x28, 0x103, "US", struct.pack("<H", 0)) + struct.pack("<HH2sHI", 0x7FE0, 0x10, b"OW", 0, pixel_bytes))
with open(out, "wb") as f:
    f.write(header + ds)
    start = f.tell()
    for at in range(0, pixel_bytes, 32 << 20):
        f.seek(start + at); f.write(struct.pack("<q", at))
    f.truncate(start + pixel_bytes)
print(f"{out}: {frames} frames of {rows}x{cols}, pixel data {pixel_bytes} bytes, SOP Instance UID {uid.decode()}")
