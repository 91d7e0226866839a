#!/usr/bin/env bash
# One-request STOW-RS of a data set into a fresh `dicomhub serve`: wall time of the send and the server's
# peak RSS (VmHWM, which includes start-up), plus its RSS before the request.
# Usage: bench/ingest/stow-rss.sh DATA_DIR [RUNS]   (DATA_DIR from: ./dicomhub generate -p mr3813 -o DIR --seed 1)
set -euo pipefail
data=${1:?data folder}; runs=${2:-1}
root="$(cd "$(dirname "$0")/../.." && pwd)"; [ "${NO_BUILD:-0}" = 1 ] || "$root/dicomhub" version >/dev/null
bin="$root/.dicomhub/bin/dicomhub"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
count=$(find "$data" -type f | wc -l)
echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/')"
for run in $(seq "$runs"); do
  rm -rf "$work/srv"; port=$((20000 + RANDOM % 20000))
  "$bin" serve --data "$work/srv" --http-port $port --dimse-port 0 >"$work/srv.log" 2>&1 & pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  before=$(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status)
  s=$(date +%s.%N)
  "$bin" send "$data" --to "http://127.0.0.1:$port/dicomweb" >"$work/send.log" 2>&1 || tail -3 "$work/send.log"
  t=$(echo "$(date +%s.%N) - $s" | bc)
  peak=$(awk '/VmHWM/{print int($2/1024)}' /proc/$pid/status)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  printf 'STOW-RS one request: %s instances in %.2f s (%.1f obj/s), server RSS before %s MB, peak %s MB; %s\n' "$count" "$t" "$(echo "$count / $t" | bc -l)" "$before" "$peak" "$(tail -1 "$work/send.log")"
done
echo "# $(uptime | sed 's/.*load/load/')"
