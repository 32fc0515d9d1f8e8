#!/usr/bin/env bash
# Front-end benchmark: median time to parse and check generated contract sets of 1,000 and
# 10,000 types (in memory, `cargo bench`), then the peak memory of `seam check` on the same sets
# written to disk (GNU time's maximum resident set size). Figures go to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet --release -p seam-codegen --bin seam --example synth_contracts
cargo bench --quiet -p seam-codegen --bench front_end

for spec in "1000 10 100" "10000 100 100"; do
  read -r types files per_file <<<"$spec"
  dir="$work/set-$types"
  target/release/examples/synth_contracts "$dir" "$files" "$per_file"
  /usr/bin/time -f "%M %e" -o "$work/time" target/release/seam check "$dir" >/dev/null
  read -r rss_kb seconds <"$work/time"
  printf 'seam check %6s types, %3s files: peak RSS %6.1f MiB, wall %ss (one run, includes process start and file reads)\n' \
    "$types" "$files" "$(awk -v kb="$rss_kb" 'BEGIN { print kb / 1024 }')" "$seconds"
done
