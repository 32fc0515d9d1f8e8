#!/usr/bin/env python3
"""The combined table of `bench/compare.sh`: reads the JSON lines of the Rust `compare` bench
(seam, serde_json, rmp-serde) and of `compare_msgspec.py` (msgspec), all from one run, and
prints one Markdown table per workload and operation with the medians, the throughputs and the
ratios issue 7's targets are stated in:

- seam throughput / msgspec throughput, target >= 2.0;
- seam time / serde time (the unvalidated derive of the same format: serde_json, or rmp-serde
  for MessagePack), target <= 1.15 for decode and <= 1.10 for encode.

    python3 bench/compare_table.py RESULTS.jsonl [RESULTS.jsonl ...]

Lines of the same case (library, workload, format, operation) from several files or rounds are
merged: their per-iteration samples (`samples_ns`) are pooled and the median and minimum taken
over all of them. Needs only the standard library.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

MSGSPEC_TARGET = 2.0
SERDE_TARGET = {"decode": 1.15, "encode": 1.10}


def human_time(ns: float) -> str:
    if ns < 1e3:
        return f"{ns:.0f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs"
    if ns < 1e9:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e9:.2f} s"


def human_size(n: int) -> str:
    if n < 10_000:
        return f"{n} B"
    if n < 10_000_000:
        return f"{n / 1e3:.0f} kB"
    return f"{n / 1e6:.1f} MB"


def cell(result: dict | None) -> str:
    if result is None:
        return "n/a"
    mb_per_s = result["bytes"] / result["median_ns"] * 1e3
    return f"{human_time(result['median_ns'])} · {mb_per_s:,.0f} MB/s"


def verdict(ratio: float, met: bool) -> str:
    return f"{ratio:.2f} {'met' if met else '**missed**'}"


def main(paths: list[str]) -> int:
    results = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                results.append(json.loads(line))
    pooled: dict[tuple, dict] = {}
    for r in results:
        key = (r["workload"], r["format"], r["operation"], r["library"])
        samples = r.get("samples_ns") or [r["median_ns"]]
        if key in pooled:
            pooled[key]["samples_ns"].extend(samples)
        else:
            pooled[key] = {**r, "samples_ns": list(samples)}
    rows: dict[tuple, dict[str, dict]] = {}
    for (workload, fmt, operation, library), r in pooled.items():
        r["median_ns"] = statistics.median(r["samples_ns"])
        r["min_ns"] = min(r["samples_ns"])
        rows.setdefault((workload, fmt, operation), {})[library] = r

    print("| workload | format | op | size | seam | serde derive | msgspec "
          "| seam ÷ msgspec throughput (≥ 2.0) | seam ÷ serde time (≤ 1.15 dec, ≤ 1.10 enc) |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    met = total = 0
    for (workload, fmt, operation), by_library in rows.items():
        seam = by_library.get("seam")
        serde_name = "rmp-serde" if fmt == "msgpack" else "serde_json"
        serde = by_library.get(serde_name)
        msgspec = by_library.get("msgspec")
        size = next(iter(by_library.values()))["bytes"]
        vs_msgspec = vs_serde = "n/a"
        if seam and msgspec:
            ratio = msgspec["median_ns"] / seam["median_ns"]
            ok = ratio >= MSGSPEC_TARGET
            vs_msgspec = verdict(ratio, ok)
            met, total = met + ok, total + 1
        if seam and serde:
            ratio = seam["median_ns"] / serde["median_ns"]
            ok = ratio <= SERDE_TARGET[operation]
            vs_serde = verdict(ratio, ok)
            met, total = met + ok, total + 1
        print(f"| {workload} | {fmt} | {operation} | {human_size(size)} | {cell(seam)} "
              f"| {serde_name}: {cell(serde)} | {cell(msgspec)} | {vs_msgspec} | {vs_serde} |")
    print()
    print(f"Targets met: {met} of {total}. Times are medians of the thread's CPU time per "
          "iteration; MB/s counts the wire bytes read (decode) or written (encode), "
          "1 MB = 10^6 bytes.")

    # On a shared machine a case can run while another process takes the cores, which moves its
    # median; the fastest sample is the least disturbed. The same ratios from those, as a check.
    print()
    print("The same ratios from the fastest sample of each case (less sensitive to a busy machine):")
    print()
    print("| workload | format | op | seam ÷ msgspec throughput | seam ÷ serde time |")
    print("|---|---|---|---:|---:|")
    for (workload, fmt, operation), by_library in rows.items():
        seam = by_library.get("seam")
        serde = by_library.get("rmp-serde" if fmt == "msgpack" else "serde_json")
        msgspec = by_library.get("msgspec")
        vs_msgspec = f"{msgspec['min_ns'] / seam['min_ns']:.2f}" if seam and msgspec else "n/a"
        vs_serde = f"{seam['min_ns'] / serde['min_ns']:.2f}" if seam and serde else "n/a"
        print(f"| {workload} | {fmt} | {operation} | {vs_msgspec} | {vs_serde} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
