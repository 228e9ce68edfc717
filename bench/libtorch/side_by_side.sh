#!/usr/bin/env bash
# Alternates whole processes of libtorch (train_step.py) and AlgoLens (the built bench dll) on one
# configuration, so that each pair of samples sees nearly the same machine; prints one line per
# process with the 1-minute load average before it, and each side's CPU time per step (on a loaded
# host the figure that depends least on the neighbours).
#
#   bench/libtorch/side_by_side.sh CONFIG THREADS ROUNDS [LIBTORCH_WARMUP] [LIBTORCH_STEPS]
#
# Build the bench first (dotnet build bench/AlgoLens.Bench -c Release). PYTHON overrides the
# interpreter (default /usr/bin/python3, Debian's, where python3-torch is installed).
set -euo pipefail
config=$1 threads=$2 rounds=$3 warmup=${4:-5} steps=${5:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
dll=$root/bench/AlgoLens.Bench/bin/Release/net10.0/AlgoLens.Bench.dll
[ -f "$dll" ] || { echo "no $dll: run 'dotnet build bench/AlgoLens.Bench -c Release' first" >&2; exit 1; }
for round in $(seq "$rounds"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  torch_line=$(nice -n 5 "$python" "$root/bench/libtorch/train_step.py" --config "$config" --threads "$threads" --warmup "$warmup" --steps "$steps")
  echo "round $round $(date -u +%H:%M:%S) load $load libtorch $torch_line"
  load=$(cut -d' ' -f1 /proc/loadavg)
  # The bench's lines: "<median> ms/step (best <best>), ..." and "allocated ...; CPU <ms> ms/step ..."
  algolens_out=$(nice -n 5 dotnet "$dll" train-step --config "$config" --threads "$threads" --samples 3)
  algolens_line="$(grep -m1 "ms/step (best" <<<"$algolens_out"); $(grep -m1 -o "CPU [0-9.]* ms/step" <<<"$algolens_out")"
  echo "round $round $(date -u +%H:%M:%S) load $load algolens $algolens_line"
done
