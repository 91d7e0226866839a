#!/usr/bin/env bash
# The archive on its two registries, interleaved in one run: `dicomhub serve` with the embedded SQLite file
# against `dicomhub serve --postgres` (a fresh database per run), same blobs (durable), same sender and files.
# Times one STOW-RS request of every file, and C-STORE with window 16 over 4 associations; prints wall seconds
# of the send (process start included), objects/s, and what the registry holds afterwards (QIDO-RS count).
# Usage: PGHOST=127.0.0.1 PGPORT=5432 PGUSER=dicomhub bench/ingest/registry-compare.sh DATA_DIR [RUNS]
#   DATA_DIR from: ./dicomhub generate -p ct1000 -o DIR --seed 1
#   The PostgreSQL user must be allowed to CREATE DATABASE; the databases are dropped at exit. A throwaway
#   server: initdb -D DIR -U dicomhub -A trust && pg_ctl -D DIR -o "-p 55432 -k DIR" start (as a non-root user).
set -euo pipefail
data=${1:?data folder}; runs=${2:-3}
: "${PGHOST:?PGHOST}" "${PGPORT:?PGPORT}" "${PGUSER:?PGUSER}"
root="$(cd "$(dirname "$0")/../.." && pwd)"; [ "${NO_BUILD:-0}" = 1 ] || "$root/dicomhub" version >/dev/null   # build once, outside the timings
bin="$root/.dicomhub/bin/dicomhub"
work=$(mktemp -d); databases=()
cleanup() { for db in "${databases[@]}"; do dropdb --if-exists "$db" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
count=$(find "$data" -type f | wc -l)
export TCP_NODELAY=1

wait_port() { for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
timed() { local s; s=$(date +%s.%N); "$@" >"$work/out" 2>&1 || { tail -5 "$work/out" >&2; }; echo "$(date +%s.%N) - $s" | bc; }

one() { # registry(sqlite|postgres) method(stow|cstore)
  local http=$((20000 + RANDOM % 20000)) dimse=$((40000 + RANDOM % 20000)) extra=() t
  if [ -d "$work/rx" ]; then mkdir -p "$work/done"; mv "$work/rx" "$work/done/$RANDOM$RANDOM"; fi
  sync; sleep "${SETTLE:-4}"
  if [ "$1" = postgres ]; then
    local db="dicomhub_bench_$RANDOM$RANDOM"; createdb "$db"; databases+=("$db")
    extra=(--postgres "Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$db")
  fi
  "$bin" serve --data "$work/rx" --http-port "$http" --dimse-port "$dimse" --ae-title ARCHIVE "${extra[@]}" >"$work/rx.log" 2>&1 &
  local pid=$!; wait_port "$http"; wait_port "$dimse"
  if [ "$2" = stow ]; then t=$(timed "$bin" send "$data" --to "http://127.0.0.1:$http/dicomweb")
  else t=$(timed "$bin" send "$data" --to "dicom://ARCHIVE@127.0.0.1:$dimse" --async-window 16 --associations 4); fi
  local held; held=$(curl -s "http://127.0.0.1:$http/dicomweb/studies" | grep -o '"00201208":{"vr":"IS","Value":\[[0-9]*' | grep -o '[0-9]*$' | paste -sd+ | bc)
  pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  printf '%-9s %-7s %7.2f s %7.1f obj/s  registry holds %s\n' "$1" "$2" "$t" "$(echo "$count / $t" | bc -l)" "${held:-0}"
}

echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/') $count files from $data"
for _ in $(seq "$runs"); do
  for method in stow cstore; do one sqlite "$method"; one postgres "$method"; done
done
echo "# $(uptime | sed 's/.*load/load/')"
