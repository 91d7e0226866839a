#!/usr/bin/env bash
# C-STORE into the archive (`dicomhub serve`: SQLite registry + durable blobs) against C-STORE into
# `dicomhub receive` (files only, no registry, no fsync), same sender and files, interleaved in one run.
# Prints wall seconds of the send (process start included), objects/s, and the receiver's peak RSS.
# Usage: bench/ingest/cstore-ingest.sh DATA_DIR [RUNS] [WINDOWxASSOCIATIONS ...]   (default: 1x1 16x1 16x4)
#   DATA_DIR from: ./dicomhub generate -p ct1000 -o DIR --seed 1
# Each receiver first takes an untimed warm-up export (mr630, other UIDs) and gets 3 s for the JIT's
# background recompilation to finish, so the timing is the steady state of a running server; COLD=1 skips it
# (then the timing includes start-up JIT, which costs the archive more than receive: it has more code).
# Between runs the previous receiver's files are moved aside, not deleted (they are deleted at exit), and the
# file system is synced and left to settle. Deleting them would tax whichever receiver runs next: ext4 skips
# inodes deleted less than dirty_expire_centisecs (30 s) ago when it allocates new ones, and a receiver that
# creates 1630 files in one folder then scans past thousands of them (recently_deleted in a perf profile).
# Session 3's figures paid that tax in `receive` far more than in `serve`, which flattered the archive.
# STORESCU=1 adds DCMTK storescu (window 1) into serve and into receive.
# RECEIVE_FSYNC=1 adds `receive --fsync`: the same files flushed to disk (file, then folder) before each answer, as
# the archive does; serve against it isolates what the registry and indexing cost from what durability costs.
# VOLATILE=1 adds `serve` with Storage:Durable=false (no blob fsync; the registry still commits durably), which
# splits the archive's cost into durability (flushing each blob before the answer) and the rest (indexing).
# BASE_BIN=/path/to/older/dicomhub adds that build as sender and receivers, interleaved (before/after).
set -euo pipefail
data=${1:?data folder}; runs=${2:-2}; shift $(( $# >= 2 ? 2 : $# ))
configs=("$@"); [ ${#configs[@]} -gt 0 ] || configs=(1x1 16x1 16x4)
root="$(cd "$(dirname "$0")/../.." && pwd)"; [ "${NO_BUILD:-0}" = 1 ] || "$root/dicomhub" version >/dev/null   # build once, outside the timings
bin="$root/.dicomhub/bin/dicomhub"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
count=$(find "$data" -type f | wc -l)
export TCP_NODELAY=1
warm="$work/warm"
[ "${COLD:-0}" = 1 ] || "$bin" generate -p mr630 -o "$warm" --seed 7 >/dev/null
sync   # the generated files' writeback must not land in the first timed run

wait_port() { for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
stop() { pkill -TERM -P "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
rss() { grep "Maximum resident" "$1" | awk '{printf "%.0f MB", $6/1024}'; }
timed() { local s; s=$(date +%s.%N); "$@" >"$work/out" 2>&1 || { tail -5 "$work/out" >&2; }; echo "$(date +%s.%N) - $s" | bc; }

start_receiver() { # kind port [binary]
  local bin=${3:-$bin}
  if [ -d "$work/rx" ]; then mkdir -p "$work/done"; mv "$work/rx" "$work/done/$RANDOM$RANDOM"; fi
  sync; sleep "${SETTLE:-6}"; mkdir -p "$work/rx"
  if [ "$1" = receive-fsync ]; then
    /usr/bin/time -v -o "$work/rx.time" "$bin" receive --fsync --port "$2" --out "$work/rx" --ae-title STORESCP >"$work/rx.log" 2>&1 &
  elif [ "$1" = serve-volatile ]; then
    Storage__Durable=false /usr/bin/time -v -o "$work/rx.time" "$bin" serve --data "$work/rx" --http-port 0 --dimse-port "$2" --ae-title STORESCP >"$work/rx.log" 2>&1 &
  elif [ "$1" = serve ]; then
    /usr/bin/time -v -o "$work/rx.time" "$bin" serve --data "$work/rx" --http-port 0 --dimse-port "$2" --ae-title STORESCP >"$work/rx.log" 2>&1 &
  else
    /usr/bin/time -v -o "$work/rx.time" "$bin" receive --port "$2" --out "$work/rx" --ae-title STORESCP >"$work/rx.log" 2>&1 &
  fi
  pid=$!; wait_port "$2"
}

one() { # kind window associations [binary label]
  local port=$((20000 + RANDOM % 20000)) t bin=${4:-$bin}
  start_receiver "$1" $port "$bin"
  if [ "${COLD:-0}" != 1 ]; then
    "$bin" send "$warm" --to dicom://STORESCP@127.0.0.1:$port --async-window 16 >"$work/warm.out" 2>&1 || { echo "warm-up export failed:" >&2; tail -3 "$work/warm.out" >&2; }
    sleep 3
  fi
  if [ "$2" = storescu ]; then t=$(timed storescu -aec STORESCP +sd +r 127.0.0.1 $port "$data")
  else t=$(timed "$bin" send "$data" --to dicom://STORESCP@127.0.0.1:$port --async-window "$2" --associations "$3"); fi
  stop $pid
  local stored; stored=$(( $(find "$work/rx" -name '*.dcm' | wc -l) - $([ "${COLD:-0}" = 1 ] && echo 0 || find "$warm" -type f | wc -l) ))
  printf '%-5s %-14s %-16s %7.2f s %7.1f obj/s  stored %s  receiver peak RSS %s\n' "${5:-new}" "$1" "$([ "$2" = storescu ] && echo storescu || echo "window $2 x $3")" "$t" "$(echo "$count / $t" | bc -l)" "$stored" "$(rss "$work/rx.time")"
}

echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/') $([ "${COLD:-0}" = 1 ] && echo cold || echo "warm (untimed mr630 export first)")"
for run in $(seq "$runs"); do
  for c in "${configs[@]}"; do
    w=${c%x*}; a=${c#*x}; one receive "$w" "$a"
    if [ "${RECEIVE_FSYNC:-0}" = 1 ]; then one receive-fsync "$w" "$a"; fi
    one serve "$w" "$a"
    if [ "${VOLATILE:-0}" = 1 ]; then one serve-volatile "$w" "$a"; fi
    if [ -n "${BASE_BIN:-}" ]; then one receive "$w" "$a" "$BASE_BIN" base; one serve "$w" "$a" "$BASE_BIN" base; fi
  done
  if [ "${STORESCU:-0}" = 1 ]; then one receive storescu 1; one serve storescu 1; fi
done
echo "# $(uptime | sed 's/.*load/load/')"
