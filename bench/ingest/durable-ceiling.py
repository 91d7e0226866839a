#!/usr/bin/env python3
"""The durable-write ceiling of a disk for ingest-sized objects, with no DICOM and no network.

Writes N files of SIZE bytes the way the archive commits a blob: write to NAME.part, make it durable, rename it to
NAME, fsync the folder (256 folders, like blobs/xx/). WRITERS threads work at once, like the C-STORE operations of
an asynchronous window. Prints objects/s and the busy CPU time of the whole machine (/proc/stat) during the writes:
an upper bound for `serve` on this disk, and what durability costs in CPU, beside `receive`, which never waits
for the disk.

MODE (env, default fsync):
  fsync   buffered write, fsync (what the archive does)
  direct  O_DIRECT write from an aligned buffer (tail padded, then truncated), fdatasync
  none    buffered write, no flush, no folder fsync (what `receive` does)

Usage: [MODE=fsync|direct|none] bench/ingest/durable-ceiling.py N WRITERS DIR [SIZE]   (SIZE: 526 KB, a ct1000 instance)
"""
import mmap
import os
import sys
import threading
import time
import uuid

count, writers, root = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
size = int(sys.argv[4]) if len(sys.argv) > 4 else 526 * 1024
mode = os.environ.get('MODE', 'fsync')
aligned = (size + 4095) // 4096 * 4096
payload = mmap.mmap(-1, aligned)  # page-aligned, as O_DIRECT needs
payload.write(os.urandom(aligned))
folders = [os.path.join(root, '%02x' % i) for i in range(256)]
for folder in folders:
    os.makedirs(folder, exist_ok=True)
folder_fds = {folder: os.open(folder, os.O_RDONLY | os.O_DIRECTORY) for folder in folders}
os.sync()
time.sleep(3)  # let the folders' creation reach the disk before the clock starts

lock = threading.Lock()
taken = [0]


def busy_jiffies():
    fields = open('/proc/stat').readline().split()
    return sum(int(x) for x in fields[1:4]) + int(fields[6]) + int(fields[7])  # user nice system irq softirq


def write_one(path):
    if mode == 'direct':
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL | os.O_DIRECT, 0o644)
        try:
            os.write(fd, payload)
            os.ftruncate(fd, size)
            os.fdatasync(fd)
        finally:
            os.close(fd)
        return
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o644)
    try:
        os.write(fd, payload[:size])
        if mode == 'fsync':
            os.fsync(fd)
    finally:
        os.close(fd)


def write_durably():
    while True:
        with lock:
            if taken[0] >= count:
                return
            taken[0] += 1
        name = uuid.uuid4().hex
        folder = folders[int(name[:2], 16)]
        final = os.path.join(folder, name + '.dcm')
        write_one(final + '.part')
        os.rename(final + '.part', final)
        if mode != 'none':
            os.fsync(folder_fds[folder])


busy_before = busy_jiffies()
start = time.time()
threads = [threading.Thread(target=write_durably) for _ in range(writers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.time() - start
busy_ms = (busy_jiffies() - busy_before) * 1000 // os.sysconf('SC_CLK_TCK')
print(f'{mode}: {count} objects of {size // 1024} KB, {writers} writers: {elapsed:.2f} s, {count / elapsed:.0f} obj/s, '
      f'{count * size / elapsed / 1e6:.0f} MB/s, machine busy {busy_ms} ms')
