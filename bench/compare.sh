#!/usr/bin/env bash
# Issue 7, side by side in one run: seam's generated types, the same structs with a plain serde
# derive and no validation (serde_json, rmp-serde), and msgspec on the same bytes. Prints one
# table of medians, throughputs and the ratios of the issue's targets, then the peak memory of
# decoding a ~100 MB array.
#
#   bench/compare.sh                            # 1 s per case in 3 rounds, 30 cases
#   SEAM_BENCH_SECONDS=0.3 SEAM_BENCH_ROUNDS=1 bench/compare.sh   # a quick look
#
# SEAM_BENCH_SECONDS is each case's budget over all rounds (default 1), SEAM_BENCH_ROUNDS the
# number of rounds (default 3). Everything it writes goes to target/bench-compare/ (workload
# bytes, JSON lines of every result with every sample, raw outputs); msgspec is installed into a
# virtual environment in target/bench-venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

MSGSPEC_VERSION=0.22.0
seconds=${SEAM_BENCH_SECONDS:-1}
rounds=${SEAM_BENCH_ROUNDS:-3}
out="$PWD/target/bench-compare"
venv=target/bench-venv
rm -rf "$out"
mkdir -p "$out"

# msgspec, pinned, in its own environment (reused when it already has the right version).
if ! "$venv/bin/python" -c "import msgspec, sys; sys.exit(msgspec.__version__ != '$MSGSPEC_VERSION')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "msgspec==$MSGSPEC_VERSION"
fi

# Release builds only: the bench profile is the release profile.
cargo build --quiet --release -p seam-codegen --bin seam
cargo bench --quiet --no-run -p seam-bench --bench compare
cargo build --quiet --release -p seam-bench --example peak_memory

# The resolved models the msgspec types are derived from.
target/release/seam model bench/compare/idl >"$out/model-bench.json"
target/release/seam model idl >"$out/model-idl.json"

# One run. The Rust cases and the msgspec cases never run at the same time (they would share
# the cores); they take turns in rounds, so that a busy spell on the machine does not fall on one
# side only, and each case's samples from every round are pooled. The load average before and
# after tells how busy the machine was.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
round_seconds=$(awk -v s="$seconds" -v r="$rounds" 'BEGIN { print s / r }')
for round in $(seq "$rounds"); do
  echo "round $round of $rounds: the Rust cases (seam, serde_json, rmp-serde)..." >&2
  SEAM_BENCH_OUT="$out" SEAM_BENCH_SECONDS="$round_seconds" \
    cargo bench --quiet -p seam-bench --bench compare >"$out/rust-$round.txt"
  mv "$out/results-rust.jsonl" "$out/results-rust-$round.jsonl"
  echo "round $round of $rounds: the msgspec cases..." >&2
  "$venv/bin/python" bench/compare_msgspec.py --workloads "$out" \
    --model bench="$out/model-bench.json" --model idl="$out/model-idl.json" \
    --seconds "$round_seconds" --results "$out/results-msgspec-$round.jsonl" >"$out/msgspec-$round.txt"
done
echo "decoding a ~100 MB array with a counting allocator..." >&2
target/release/examples/peak_memory >"$out/memory.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "# seam vs serde derive vs msgspec"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "- $(rustc --version), release profile; $("$venv/bin/python" --version), msgspec $MSGSPEC_VERSION"
dirty=$(git status --porcelain -- runtime codegen generated 2>/dev/null | head -1)
echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)${dirty:+ (with uncommitted changes under runtime/, codegen/ or generated/)}"
echo "- budget: ${seconds}s per case after warm-up, in $rounds rounds; medians of the thread's CPU time per iteration"
echo "- load average (1, 5, 15 min): $load_before before the run, $load_after after it"
echo
"$venv/bin/python" bench/compare_table.py "$out"/results-rust-*.jsonl "$out"/results-msgspec-*.jsonl
echo
echo "## Peak memory"
echo
sed -n '/^$/,$p' "$out/memory.txt" | sed '1d'
echo
echo "Raw results: $out/results-*.jsonl (every sample), $out/memory.txt"
