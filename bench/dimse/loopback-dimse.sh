#!/usr/bin/env bash
# Loopback C-STORE benchmark: `dicomhub send` -> `dicomhub receive` against DCMTK storescu -> storescp on the
# same files. Prints wall-clock seconds per run and the SCP's peak RSS (/usr/bin/time -v).
# Usage: bench/dimse/loopback-dimse.sh DATA_DIR [RUNS]   (make DATA_DIR with: ./dicomhub generate --profile ct1000 --out DIR)
# BASE_BIN=/path/to/older/dicomhub adds that build's window 1 and 16 runs, interleaved (before/after figures).
# Each line also gives the sender's user+system CPU seconds (less noisy than wall time on a shared machine).
set -euo pipefail
data=${1:?data folder}; runs=${2:-2}
root="$(cd "$(dirname "$0")/../.." && pwd)"; hub="$root/dicomhub"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export TCP_NODELAY=1   # DCMTK: disable Nagle (our default already)
[ "${NO_BUILD:-0}" = 1 ] || "$hub" version >/dev/null   # build once, outside the timings
port=$((20000 + RANDOM % 20000))

wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; return 1; }
elapsed() { local s=$(date +%s.%N); /usr/bin/time -f "%U %S" -o "$work/cpu" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; }; echo "$(date +%s.%N) - $s" | bc; }
cpu() { awk '{printf "%.2f", $1 + $2}' "$work/cpu"; }
# $! is /usr/bin/time; stop the SCP it runs (SIGTERM: background jobs ignore SIGINT) and let time report.
stop() { pkill -TERM -P "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
rss() { grep "Maximum resident" "$1" | awk '{print $6/1024 " MB"}'; }

run_dcmtk() {
  rm -rf "$work/rx"; mkdir -p "$work/rx"
  /usr/bin/time -v -o "$work/scp.time" storescp -aet STORESCP -od "$work/rx" $port & local pid=$!
  wait_port $port
  local t; t=$(elapsed storescu -aec STORESCP +sd +r 127.0.0.1 $port "$data")
  stop $pid
  echo "dcmtk storescu->storescp: ${t} s, sender CPU $(cpu) s, files $(ls "$work/rx" | wc -l), SCP peak RSS $(rss "$work/scp.time")"
}

run_ours() { # window maxpdu nodelay associations [binary label]
  local bin=${5:-"$root/.dicomhub/bin/dicomhub"} label=${6:-dicomhub}
  rm -rf "$work/rx"; mkdir -p "$work/rx"
  /usr/bin/time -v -o "$work/scp.time" "$bin" receive --port $port --out "$work/rx" --ae-title STORESCP --max-pdu $2 --no-delay $3 >/dev/null & local pid=$!
  wait_port $port
  local t; t=$(elapsed "$bin" send "$data" --to dicom://STORESCP@127.0.0.1:$port --async-window $1 --max-pdu $2 --no-delay $3 --associations $4)
  stop $pid
  echo "$label window $1 max-pdu $2 no-delay $3 associations $4: ${t} s, sender CPU $(cpu) s, files $(ls "$work/rx" | wc -l), SCP peak RSS $(rss "$work/scp.time")"
}

echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/')"
for run in $(seq "$runs"); do
  run_dcmtk
  run_ours 1 65536 true 1
  run_ours 16 65536 true 1
  if [ -n "${BASE_BIN:-}" ]; then run_ours 1 65536 true 1 "$BASE_BIN" base; run_ours 16 65536 true 1 "$BASE_BIN" base; fi
done
echo "# $(uptime | sed 's/.*load/load/')"
if [ "${PDU_SWEEP:-0}" = 1 ]; then
  for pdu in 16384 65536 1048576; do run_ours 1 $pdu true 1; run_ours 16 $pdu true 1; done
  run_ours 1 65536 false 1
  run_ours 16 65536 true 4
fi
