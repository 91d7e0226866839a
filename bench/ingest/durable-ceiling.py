#!/usr/bin/env python3
"""The durable-write ceiling of a disk for ingest-sized objects, with no DICOM and no network.

Writes N files of SIZE bytes the way the archive commits a blob: write to NAME.part, fsync it, rename it to NAME,
fsync the folder (256 folders, like blobs/xx/). WRITERS threads work at once, like the C-STORE operations of an
asynchronous window. Prints objects/s: an upper bound for `serve` on this disk, to set beside `receive`, which
never waits for the disk.

Usage: bench/ingest/durable-ceiling.py N WRITERS DIR [SIZE]   (SIZE defaults to 526 KB, a ct1000 instance)
"""
import os
import sys
import threading
import time
import uuid

count, writers, root = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
size = int(sys.argv[4]) if len(sys.argv) > 4 else 526 * 1024
payload = os.urandom(size)
folders = [os.path.join(root, '%02x' % i) for i in range(256)]
for folder in folders:
    os.makedirs(folder, exist_ok=True)
folder_fds = {folder: os.open(folder, os.O_RDONLY | os.O_DIRECTORY) for folder in folders}
os.sync()
time.sleep(3)  # let the folders' creation reach the disk before the clock starts

lock = threading.Lock()
taken = [0]


def write_durably():
    while True:
        with lock:
            if taken[0] >= count:
                return
            taken[0] += 1
        name = uuid.uuid4().hex
        folder = folders[int(name[:2], 16)]
        final = os.path.join(folder, name + '.dcm')
        fd = os.open(final + '.part', os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o644)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(final + '.part', final)
        os.fsync(folder_fds[folder])


start = time.time()
threads = [threading.Thread(target=write_durably) for _ in range(writers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.time() - start
print(f'{count} objects of {size // 1024} KB, {writers} writers: {elapsed:.2f} s, '
      f'{count / elapsed:.0f} obj/s, {count * size / elapsed / 1e6:.0f} MB/s')
