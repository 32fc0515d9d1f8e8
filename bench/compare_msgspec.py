#!/usr/bin/env python3
"""The msgspec side of `bench/compare.sh`: times msgspec on the bytes the Rust `compare` bench
wrote, the same way that bench times seam and serde, and prints one JSON line per case in the
same format (`"library": "msgspec"`).

The msgspec types are not written by hand: they are derived from the resolved model of each
contract set (`seam model`), with the builder `conformance/gen_vectors.py` uses for the
differential vectors, so every constraint, default, tag and rename is msgspec's equivalent of
the contract (`msgspec.Meta` bounds, lengths and patterns, `tag_field`, `array_like`,
`omit_defaults`, `forbid_unknown_fields`).

    python3 bench/compare_msgspec.py --workloads DIR [--model bench=PATH --model idl=PATH]
        [--seconds 1] [--results FILE]

DIR holds `workloads.jsonl` (one line per workload: name, file, format, type, shape, contract
set) and the bytes, as `SEAM_BENCH_OUT=DIR cargo bench -p seam-bench --bench compare` writes
them. Without `--model`, the models come from `cargo run -p seam-codegen --bin seam -- model`.

Timing, as in the Rust bench: times are the thread's CPU time (`time.thread_time_ns`, user and
system), which on a shared machine leaves out the time spent waiting for a core. Each case is warmed up for a tenth of its budget (at least 3
iterations), then timed in samples of `batch` iterations (about a millisecond each) until the
budget is spent and at least 5 samples were taken; the median per iteration is reported. What
an iteration produces is kept until the sample's clock has stopped, so freeing it is not timed.
Python's garbage collector stays on, as in a real program.

Encoding uses msgspec's default encoders (`order=None`), its fastest. On these inputs they write
the same bytes as `order="deterministic"`, the configuration seam's bytes are defined against:
struct fields are always in declaration order, and the maps were decoded from sorted input and
keep that order. (`order="deterministic"` cannot encode the enum-keyed map of `RunFinished`.)
The script checks that msgspec re-encodes every workload to the bytes it read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import typing
from pathlib import Path
from typing import Any, Callable

import msgspec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "conformance"))
# Importing the builder must not leave a __pycache__ in the source tree.
sys.dont_write_bytecode = True
import gen_vectors  # noqa: E402  (the model-to-msgspec builder of the differential vectors)

# Where each contract set named in the manifest lives.
CONTRACT_SETS = {"bench": "bench/compare/idl", "idl": "idl"}

SAMPLE_TARGET_NS = 1_000_000
MIN_SAMPLES = 5
MAX_SAMPLES = 5_000


def families(contract_set: str, model_path: str | None) -> dict[str, gen_vectors.Family]:
    """The msgspec types of a contract set, for JSON and for MessagePack."""
    if model_path is not None:
        data = json.loads(Path(model_path).read_text(encoding="utf-8"))
    else:
        data = gen_vectors.load_model(CONTRACT_SETS[contract_set])
    model = gen_vectors.Model(contract_set, data)
    json_family = gen_vectors.Family(model, "json")
    return {"json": json_family, "msgpack": gen_vectors.Family(model, "msgpack", json_family)}


def measure(run: Callable[[], Any], budget_ns: int) -> dict:
    clock = time.thread_time_ns
    warm_start = clock()
    warm_iterations = 0
    while warm_iterations < 3 or clock() - warm_start < budget_ns // 10:
        run()
        warm_iterations += 1
    per_iteration = (clock() - warm_start) / warm_iterations
    batch = max(1, int(SAMPLE_TARGET_NS // max(per_iteration, 1)))
    iterations = range(batch)
    samples: list[float] = []
    # The budget is wall time, as in the Rust bench; the samples are CPU time.
    start = time.perf_counter_ns()
    while len(samples) < MIN_SAMPLES or (
        time.perf_counter_ns() - start < budget_ns and len(samples) < MAX_SAMPLES
    ):
        sample_start = clock()
        outputs = [run() for _ in iterations]
        elapsed = clock() - sample_start
        del outputs
        samples.append(elapsed / batch)
    samples.sort()
    return {
        "median_ns": statistics.median(samples),
        "min_ns": samples[0],
        "samples": len(samples),
        "batch": batch,
        "samples_ns": samples,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", required=True, help="directory written by the compare bench")
    parser.add_argument("--model", action="append", default=[], metavar="SET=PATH",
                        help="`seam model` output of a contract set (bench, idl)")
    parser.add_argument("--seconds", type=float, default=1.0, help="budget of each case")
    parser.add_argument("--results", help="also write the JSON lines to this file")
    args = parser.parse_args()

    model_paths = dict(item.split("=", 1) for item in args.model)
    directory = Path(args.workloads)
    manifest = [
        json.loads(line)
        for line in (directory / "workloads.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    type_families: dict[str, dict[str, gen_vectors.Family]] = {}
    budget_ns = int(args.seconds * 1e9)
    results = []
    for workload in manifest:
        contract_set = workload["contract_set"]
        if contract_set not in type_families:
            type_families[contract_set] = families(contract_set, model_paths.get(contract_set))
        fmt = workload["format"]
        family = type_families[contract_set]["msgpack" if fmt == "msgpack" else "json"]
        item_type = family.ann({"type": "named", "name": workload["type"]})
        whole_type = typing.List[item_type] if workload["shape"] == "array" else item_type
        data = (directory / workload["file"]).read_bytes()

        if fmt == "msgpack":
            decoder = msgspec.msgpack.Decoder(whole_type)
            encoder = msgspec.msgpack.Encoder()
            decode, encode = decoder.decode, encoder.encode
        elif fmt == "jsonl":
            decoder = msgspec.json.Decoder(whole_type)
            encoder = msgspec.json.Encoder()
            decode, encode = decoder.decode_lines, encoder.encode_lines
        else:
            decoder = msgspec.json.Decoder(whole_type)
            encoder = msgspec.json.Encoder()
            decode, encode = decoder.decode, encoder.encode

        value = decode(data)
        if encode(value) != data:
            # Not expected: msgspec and seam write the same bytes for these contracts. The
            # figures would still be valid for decoding, so go on, but say it.
            print(f"note: msgspec re-encodes {workload['file']} differently", file=sys.stderr)

        for operation, run in (("decode", lambda: decode(data)), ("encode", lambda: encode(value))):
            figures = measure(run, budget_ns)
            line = {
                "library": "msgspec",
                "workload": workload["name"],
                "format": fmt,
                "operation": operation,
                "bytes": len(data),
                **figures,
            }
            print(json.dumps({k: v for k, v in line.items() if k != "samples_ns"}), flush=True)
            results.append(line)

    if args.results:
        Path(args.results).write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
