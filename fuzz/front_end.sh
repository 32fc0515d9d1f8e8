#!/usr/bin/env bash
# Fuzzes the .ir front end (check, diagnostics rendering, fmt) for a while and reports how many
# inputs were tried. Usage: fuzz/front_end.sh [SECONDS] [SEED]   (default: 300 s, a fixed seed)
# A panic saves its input under fuzz/crashes/ and makes the script fail; a crash that kills the
# process (a stack overflow, say) shows as a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
seed="${2:-23972}"
cargo run --quiet --release -p seam-codegen --example fuzz_front_end -- "$seconds" "$seed"
