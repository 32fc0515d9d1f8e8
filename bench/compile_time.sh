#!/usr/bin/env bash
# Compile time of a generated crate: generates the synthetic contract set of 1,000 types (10
# files of 100, the set of bench/front_end.sh) into a temporary crate that depends on
# seam-runtime by path, builds it once (so the runtime and its dependencies are built), then
# times RUNS rebuilds of the generated crate alone (`touch src/lib.rs; cargo build`), in the
# debug and release profiles (cargo's defaults, without incremental compilation), with a target
# directory of its own.
# Prints the median wall and CPU (user + system) seconds, per 1,000 types, and the size of the
# generated code per type. The machine is shared: CPU time varies less than wall time.
#
#   bench/compile_time.sh [RUNS]           (default 3)
#   SEAM=/path/to/seam bench/compile_time.sh   compare another build of the generator
#   TYPES_PER_FILE=100 FILES=10 ...            another set size
#   PROFILES="release" ...                      one profile only
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-3}
files=${FILES:-10}
per_file=${TYPES_PER_FILE:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "${SEAM:-}" ] || [ ! -x target/release/examples/synth_contracts ]; then
  cargo build --quiet --release -p seam-codegen --bin seam --example synth_contracts
fi
seam=${SEAM:-$root/target/release/seam}
target/release/examples/synth_contracts "$work/in" "$files" "$per_file"
"$seam" generate "$work/in" --out "$work/crate" >/dev/null
types=$((files * per_file))

# A copy of the runtime, so that edits to runtime/ while the script runs do not rebuild it.
mkdir -p "$work/runtime"
cp -r runtime/Cargo.toml runtime/src "$work/runtime/"
sed -i -e '/^\[dev-dependencies\]/,$d' -e 's/^version.workspace = true/version = "0.1.0"/' \
  -e 's/^edition.workspace = true/edition = "2021"/' -e '/^license.workspace/d' \
  -e '/^rust-version.workspace/d' -e 's/{ workspace = true }/"1"/' "$work/runtime/Cargo.toml"

cat >"$work/crate/Cargo.toml" <<EOF
[package]
name = "synth-contracts"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
seam-runtime = { path = "$work/runtime" }

[workspace]
EOF
# The workspace's lock file: the same dependency versions, and no registry access.
cp Cargo.lock "$work/crate/Cargo.lock"

bytes=$(cat "$work"/crate/src/*.rs "$work"/crate/src/*/*.rs | wc -c)
lines=$(cat "$work"/crate/src/*.rs "$work"/crate/src/*/*.rs | wc -l)
printf 'generated code: %d types, %d bytes (%.0f per type), %d lines (%.1f per type)\n' \
  "$types" "$bytes" "$(awk -v b="$bytes" -v t="$types" 'BEGIN { print b / t }')" \
  "$lines" "$(awk -v l="$lines" -v t="$types" 'BEGIN { print l / t }')"

export CARGO_TARGET_DIR="$work/target"
# A whole build of the crate each time: incremental compilation (on by default in debug) would
# reuse almost everything after a `touch`.
export CARGO_INCREMENTAL=0
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for profile in ${PROFILES:-debug release}; do
  flag=()
  [ "$profile" = release ] && flag=(--release)
  # The runtime and its dependencies, and a first build of the crate.
  (cd "$work/crate" && cargo build --quiet --offline "${flag[@]}")
  walls=()
  cpus=()
  for _ in $(seq "$runs"); do
    touch "$work/crate/src/lib.rs"
    (cd "$work/crate" && /usr/bin/time -f "%e %U %S" -o "$work/time" cargo build --quiet --offline "${flag[@]}")
    read -r wall user sys <"$work/time"
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  printf 'cargo build (%s), generated crate only: median wall %ss (%s), CPU %ss (%s); per 1,000 types: wall %.2fs, CPU %.2fs\n' \
    "$profile" "$wall" "${walls[*]}" "$cpu" "${cpus[*]}" \
    "$(awk -v m="$wall" -v t="$types" 'BEGIN { print m * 1000 / t }')" \
    "$(awk -v m="$cpu" -v t="$types" 'BEGIN { print m * 1000 / t }')"
done
