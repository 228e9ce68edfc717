#!/usr/bin/env bash
# Trains every preset for a few steps and prints the SHA-256 of each checkpoint and of metrics.csv,
# one line per file. Two builds that print the same lines train bit for bit the same runs: run it on
# main and on a branch and `diff` the outputs (the grokking preset's 300-step checkpoints included).
#   tools/preset-hashes.sh [CLI_DLL] [STEPS] > hashes.txt
set -euo pipefail
cli="${1:-src/AlgoLens.Cli/bin/Release/net10.0/AlgoLens.Cli.dll}"
steps="${2:-300}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
presets=$(dotnet "$cli" presets --json | python3 -c 'import json,sys; print("\n".join(p["name"] for p in json.load(sys.stdin)))')
for preset in $presets; do
  # A short run: enough steps for warm-up, a cosine schedule and the step-300 checkpoint.
  extra=(--steps "$steps")
  if ! dotnet "$cli" train --preset "$preset" --seed 0 -q --out "$work/$preset" "${extra[@]}" \
      --checkpoint-every 100 >"$work/$preset.log" 2>&1; then
    echo "$preset: train failed: $(tail -n 3 "$work/$preset.log" | tr '\n' ' ')"
    continue
  fi
  # metrics.csv without its elapsed_seconds column (wall time differs from run to run).
  (cd "$work/$preset" && { echo "$(python3 -c 'import csv,sys
rows=list(csv.reader(open("metrics.csv")))
i=rows[0].index("elapsed_seconds")
print("\n".join(",".join(r[:i]+r[i+1:]) for r in rows))' | sha256sum | cut -d" " -f1)  metrics.csv(without elapsed_seconds)"
    sha256sum checkpoints/*.safetensors; } | sed "s|^|$preset |")
done
