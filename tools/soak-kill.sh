#!/usr/bin/env bash
# kill -9 soak: trains a small run, kills it with SIGKILL at N random moments (every other kill
# aimed at a checkpoint write: the moment a checkpoint's temporary file appears), resumes after
# each kill, and checks that the final checkpoints are byte-identical to an unbroken run of the
# same settings and metrics.csv identical apart from its wall-clock column (elapsed_seconds).
#
#   tools/soak-kill.sh [KILLS] [SEED]      (defaults: 12 kills, seed 1)
#
# Needs a Release build (dotnet build AlgoLens.slnx -c Release). Exit code 0 when every file
# matches, 1 otherwise. Run it under nice on a shared machine.
set -euo pipefail

kills=${1:-12}
RANDOM=${2:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
cli=(dotnet "$root/src/AlgoLens.Cli/bin/Release/net10.0/AlgoLens.Cli.dll")
settings=(--preset small --p 23 --frac 0.5 --d-model 32 --n-heads 2 --d-head 16 --d-mlp 64 --lr 3e-3
          --steps 3000 --log-every 25 --checkpoint-every 50 --threads 1 -q)
work=$(mktemp -d "${TMPDIR:-/tmp}/algolens-soak.XXXXXX")
reference=$work/reference
soak=$work/soak
trap 'kill -9 "${pid:-0}" 2>/dev/null || true' EXIT

echo "unbroken reference run -> $reference"
"${cli[@]}" train "${settings[@]}" --out "$reference" > /dev/null

# Starts the soak run (fresh, or resumed when run.json exists) in the background; sets pid.
start() {
  if [[ -f $soak/run.json ]]; then
    "${cli[@]}" train --resume "$soak" -q > /dev/null 2>&1 &
  else
    rm -rf "$soak" # killed before run.json: nothing to resume, start again
    "${cli[@]}" train "${settings[@]}" --out "$soak" > /dev/null 2>&1 &
  fi
  pid=$!
}

# metrics.csv without elapsed_seconds, the wall-clock column.
strip() { awk -F, 'NR==1 { for (i = 1; i <= NF; i++) if ($i == "elapsed_seconds") c = i } { out = ""; for (i = 1; i <= NF; i++) if (i != c) out = out (out == "" ? "" : ",") $i; print out }' "$1"; }

# Compares the soak run with the reference; prints what differs; returns 1 if anything does.
compare() {
  local status=0
  for file in "$reference"/checkpoints/*.safetensors; do
    name=$(basename "$file")
    if ! cmp -s "$file" "$soak/checkpoints/$name"; then
      echo "DIFFERS: checkpoints/$name"
      status=1
    fi
  done
  extra=$(comm -13 <(ls "$reference/checkpoints") <(ls "$soak/checkpoints") | grep -v '^\.' || true)
  if [[ -n $extra ]]; then echo "EXTRA in soak: $extra"; status=1; fi
  if ! cmp -s <(strip "$reference/metrics.csv") <(strip "$soak/metrics.csv"); then
    echo "DIFFERS: metrics.csv"
    status=1
  fi
  return $status
}

done_kills=0
status=0
compared=0
during_write=0
while (( done_kills < kills )); do
  start
  if (( done_kills % 2 == 1 )); then
    # Aim at a checkpoint write: kill as soon as a checkpoint temporary exists.
    while kill -0 "$pid" 2>/dev/null && ! compgen -G "$soak/checkpoints/.*.tmp" > /dev/null; do :; done
    if compgen -G "$soak/checkpoints/.*.tmp" > /dev/null; then during_write=$((during_write + 1)); fi
  else
    sleep "$(printf '0.%03d' $((RANDOM % 1000)))"
    sleep $((1 + RANDOM % 8)) # dotnet starts in about a second; the run lasts about ten
  fi
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    done_kills=$((done_kills + 1))
    step=$(ls "$soak/checkpoints" 2>/dev/null | grep -o 'step_[0-9]*' | sort | tail -1 || true)
    echo "kill $done_kills: newest checkpoint ${step:-none}"
  else
    wait "$pid" || true
    echo "the run finished before kill $((done_kills + 1)); comparing it, then starting the soak run again"
    compare || status=1
    compared=$((compared + 1))
    rm -rf "$soak"
  fi
done

echo "resuming to the end"
if [[ -f $soak/run.json ]]; then
  "${cli[@]}" train --resume "$soak" -q > /dev/null
else
  rm -rf "$soak"
  "${cli[@]}" train "${settings[@]}" --out "$soak" > /dev/null
fi
pid=0
compare || status=1
compared=$((compared + 1))

count=$(ls "$reference"/checkpoints/*.safetensors | wc -l)
echo "kills: $done_kills ($during_write during a checkpoint write); finished runs compared: $compared, each $count checkpoints; metrics rows: $(($(wc -l < "$reference/metrics.csv") - 1))"
if (( status == 0 )); then echo "PASS: byte-identical to the unbroken run"; rm -rf "$work"; else echo "FAIL: files kept in $work"; fi
exit $status
