#!/usr/bin/env bash
# C-MOVE out of the archive with its sub-operations one at a time (Dimse:MoveAsyncWindow=1) against a window of
# outstanding sub-operations (the default, 16), interleaved in one run. The move destination is `dicomhub receive`,
# which negotiates asynchronous operations; DCMTK's storescp does not, and always gets them one at a time.
# The archive is filled once (STOW-RS) and restarted on the same data folder for each run; DCMTK movescu asks for
# every study in turn. Prints wall seconds for all the moves, objects/s and the files the destination holds.
# Usage: bench/dimse/cmove-window.sh DATA_DIR [RUNS]     DATA_DIR from: ./dicomhub generate -p mr3813 -o DIR --seed 1
set -euo pipefail
data=${1:?data folder}; runs=${2:-3}
root="$(cd "$(dirname "$0")/../.." && pwd)"; [ "${NO_BUILD:-0}" = 1 ] || "$root/dicomhub" version >/dev/null
bin="$root/.dicomhub/bin/dicomhub"
command -v movescu >/dev/null || { echo "movescu not found: apt-get install -y dcmtk" >&2; exit 1; }
work=$(mktemp -d); trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$work"' EXIT
count=$(find "$data" -type f | wc -l)
http=$((20000 + RANDOM % 10000)); dimse=$((30000 + RANDOM % 10000)); rx=$((40000 + RANDOM % 10000))

wait_port() { for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
start_archive() { # window
  Dimse__MoveAsyncWindow=$1 "$bin" serve --data "$work/archive" --http-port $http --dimse-port $dimse \
    --destination "RECV=dicom://RECV@127.0.0.1:$rx" >"$work/serve.log" 2>&1 &
  archive=$!; wait_port $http; wait_port $dimse
}
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

start_archive 16
"$bin" send "$data" --to "http://127.0.0.1:$http/dicomweb" >/dev/null
mapfile -t studies < <(curl -s "http://127.0.0.1:$http/dicomweb/studies?limit=1000" | grep -o '"0020000D":{"vr":"UI","Value":\["[^"]*' | sed 's/.*\["//')
stop $archive

echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/') $count files in ${#studies[@]} studies from $data"
for _ in $(seq "$runs"); do
  for window in 1 16; do
    start_archive $window
    rm -rf "$work/rx"; mkdir -p "$work/rx"
    "$bin" receive --port $rx --out "$work/rx" --ae-title RECV >"$work/rx.log" 2>&1 &
    receiver=$!; wait_port $rx; sync; sleep 2
    start=$(date +%s.%N)
    for study in "${studies[@]}"; do
      movescu -S -aec DICOMHUB -aem RECV -k QueryRetrieveLevel=STUDY -k "StudyInstanceUID=$study" 127.0.0.1 $dimse >>"$work/move.log" 2>&1 \
        || { echo "movescu failed for $study:" >&2; tail -3 "$work/move.log" >&2; }
    done
    took=$(echo "$(date +%s.%N) - $start" | bc)
    stop $receiver; stop $archive
    printf 'window %-3s %7.2f s %7.1f obj/s  destination holds %s\n' $window "$took" "$(echo "$count / $took" | bc -l)" "$(find "$work/rx" -name '*.dcm' | wc -l)"
  done
done
echo "# $(uptime | sed 's/.*load/load/')"
