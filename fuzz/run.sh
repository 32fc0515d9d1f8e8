#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, one after the other, at low priority, and prints per
# target the inputs tried (executions) and the crashes found. See docs/reliability.md.
#
#   fuzz/run.sh [SECONDS] [TARGET...]        (default: 300 s, every target)
#
# Targets: the libFuzzer targets of fuzz/fuzz_targets/ (ir_front_end, decode_json,
# decode_msgpack, decode_toml), built with cargo-fuzz (`cargo install cargo-fuzz`; the stable
# toolchain is enough, RUSTC_BOOTSTRAP=1 lets it take cargo-fuzz's nightly flags), and
# `front_end`, the in-house token-level mutator of the .ir front end (fuzz/front_end.sh).
#
# Seeds come from the differential vectors, the goldens and the contracts
# (`cargo run -p seam-conformance --example fuzz_corpus -- seeds fuzz/seeds`); what a target
# finds to be new coverage is kept in fuzz/corpus/<target>/ for the next run. A crash is written
# to fuzz/artifacts/<target>/ and fuzzing goes on (libFuzzer's fork mode); keep it as a
# regression test with
#   cargo run -p seam-conformance --example fuzz_corpus -- keep <target> fuzz/artifacts/<target>/crash-*
# The sanitizer is none by default (the runtime has no unsafe code; overflow checks and debug
# assertions are on); SEAM_FUZZ_SANITIZER=address turns AddressSanitizer on.
# Exit status 1 when a target found a crash, a timeout or an out-of-memory input.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
targets=("$@")
if [ "$#" -eq 0 ]; then targets=(ir_front_end decode_json decode_msgpack decode_toml front_end); fi
sanitizer="${SEAM_FUZZ_SANITIZER:-none}"
export RUSTC_BOOTSTRAP=1

echo "== seeds" >&2
rm -rf fuzz/seeds
nice -n 10 cargo run -q -p seam-conformance --example fuzz_corpus -- seeds fuzz/seeds >&2
echo "== build (cargo fuzz, sanitizer: $sanitizer)" >&2
(cd fuzz && nice -n 10 cargo fuzz build -O -a --sanitizer "$sanitizer" >&2)
bin=fuzz/target/x86_64-unknown-linux-gnu/release
mkdir -p fuzz/logs

results=()
status=0
started=$(date -u +%Y-%m-%dT%H:%MZ)
for target in "${targets[@]}"; do
    log="fuzz/logs/$target.log"
    echo "== $target: ${seconds} s (log: $log)" >&2
    if [ "$target" = front_end ]; then
        # The in-house generator: random bytes and token-level mutations of idl/.
        if nice -n 10 bash fuzz/front_end.sh "$seconds" >"$log" 2>&1; then :; else status=1; fi
        line=$(grep '^front end:' "$log" | tail -1)
        tried=$(sed -E 's/^front end: ([0-9]+) inputs.*/\1/' <<<"$line")
        crashes=$(sed -E 's/.*, ([0-9]+) panics$/\1/' <<<"$line")
        results+=("$(printf '%-16s %12s %8s %20s' "$target" "${tried:-?}" "${crashes:-?}" -)")
        continue
    fi
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    before=$(find "fuzz/artifacts/$target" -type f | sort)
    # Fork mode: a crash, timeout or out-of-memory input is saved and the fuzzing goes on.
    nice -n 10 "$bin/$target" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="fuzz/artifacts/$target/" \
        "fuzz/corpus/$target" "fuzz/seeds/$target" >"$log" 2>&1 || true
    after=$(find "fuzz/artifacts/$target" -type f | sort)
    added=$(comm -13 <(echo "$before") <(echo "$after"))
    crashes=$(grep -c '/crash-' <<<"$added" || true)
    others=$(grep -c . <<<"$added" || true)
    # The last status line: "#N: cov: ... oom/timeout/crash: O/T/C time: ...".
    last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
    tried=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
    events=$(sed -E 's#.*oom/timeout/crash: ([0-9]+/[0-9]+/[0-9]+).*#\1#' <<<"$last")
    [ "$others" -gt 0 ] && status=1
    results+=("$(printf '%-16s %12s %8s %20s' "$target" "${tried:-?}" "$crashes" "${events:-?}")")
done

echo
echo "fuzzing started $started, ${seconds} s per target, sanitizer $sanitizer"
# crashes: new crash inputs saved (distinct inputs); oom/timeout/crash: libFuzzer's count of
# events (the same bug found again counts again).
printf '%-16s %12s %8s %20s\n' target executions crashes oom/timeout/crash
printf '%s\n' "${results[@]}"
exit "$status"
