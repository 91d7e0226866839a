#!/usr/bin/env python3
"""Condensed Table I tables for docs/benchmark.md from a merged `dicomhub bench` cells.csv.

Usage: bench/report/benchmark-tables.py docs/bench/cells.csv > tables.md
One table per link and group of cases: median ms (min-max when there were several runs) and, on shaped
links, the share of the link (limit / median). The full per-cell detail is in results.md beside cells.csv.
"""
import csv
import sys

PAPER = {"cr1": (6, 12), "ct38c": (9, 3243), "mr630": (196, 17528), "ct1000": (51, 9332), "mr3813": (827, 98011)}
PROFILES = ["cr1", "ct38c", "mr630", "ct1000", "mr3813"]
GROUPS = [
    ("DicomHub to DicomHub", ["cstore-w1", "cstore-assoc", "cstore-w16x4", "stow-1req", "stow-b50x4", "cstore-nagle"]),
    ("Peers: DCMTK to DCMTK, DicomHub to Orthanc",
     ["storescu", "storescu-nodelay", "orthanc-cstore", "orthanc-cstore-nodelay", "orthanc-stow", "orthanc-stow-nodelay"]),
]
LINKS = [("loopback", "unshaped, CPU-bound: software cost, not the network"),
         ("lan100", "100 Mbit/s each way, 0.2 ms round trip"),
         ("wan100", "100 Mbit/s each way, 40 ms round trip")]


def cell(row, shaped):
    if row is None:
        return "–"
    runs, failed = int(row["runs"]), int(row["failed"])
    if runs - failed <= 0:
        return "FAILED"
    med, lo, hi = (float(row[k]) * 1000 for k in ("median_s", "min_s", "max_s"))
    text = f"{med:.0f}" if runs - failed == 1 else f"{med:.0f} ({lo:.0f}–{hi:.0f})"
    if shaped and row["share_of_link"]:
        text += f" · {float(row['share_of_link']) * 100:.0f}%"
    if row["link_valid"] != "true":
        text += " †"
    if failed:
        text += f" ({failed} failed)"
    return text


def main(path):
    rows = list(csv.DictReader(open(path, newline="")))
    by_key = {(r["profile"], r["link"], r["case"]): r for r in rows}
    for title, cases in GROUPS:
        print(f"### {title}\n")
        for link, what in LINKS:
            shaped = link != "loopback"
            present = [c for c in cases if any((p, link, c) in by_key for p in PROFILES)]
            if not present:
                continue
            print(f"**{link}** ({what})\n")
            head = ["data set", "objects", "MB"] + (["limit ms"] if shaped else []) + ["paper STOW", "paper C-STORE"] + present
            print("| " + " | ".join(head) + " |")
            print("|---|" + "---:|" * (len(head) - 1))
            for p in PROFILES:
                any_row = next((by_key[(p, link, c)] for c in present if (p, link, c) in by_key), None)
                if any_row is None:
                    continue
                mb = int(any_row["bytes"]) / 1e6
                line = [p, any_row["objects"], f"{mb:.1f}"]
                if shaped:
                    line.append(f"{float(any_row['limit_s']) * 1000:.0f}")
                line += [str(PAPER[p][0]), str(PAPER[p][1])]
                line += [cell(by_key.get((p, link, c)), shaped) for c in present]
                print("| " + " | ".join(line) + " |")
            print()


if __name__ == "__main__":
    main(sys.argv[1])
