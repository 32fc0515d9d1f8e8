//! The cases of `seam_bench::workloads` under divan, so that `cargo bench` has a framework
//! bench with its own statistics. `bench/compare.sh` uses the `compare` bench instead, which
//! also writes the bytes msgspec reads and prints the figures the comparison table needs.
//!
//! `cargo bench -p seam-bench --bench divan [FILTER]`, e.g. `-- users_1mb_json`.

use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::Bencher;
use seam_bench::workloads::{Sizes, Workloads};

/// Built once, outside every timed region.
static WORKLOADS: LazyLock<Workloads> = LazyLock::new(|| Workloads::build(Sizes::FULL));

fn main() {
    divan::main();
}

mod user_1kb_json {
    use super::*;
    use seam_bench::contracts::bench::User;
    use seam_bench::mirror;
    use seam_bench::workloads::*;

    #[divan::bench]
    fn seam_decode(bencher: Bencher) {
        let w = &WORKLOADS.user;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_json_decode::<User>(&w.bytes));
    }

    #[divan::bench]
    fn serde_derive_decode(bencher: Bencher) {
        let w = &WORKLOADS.user;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| serde_json_decode::<mirror::User>(&w.bytes));
    }

    #[divan::bench]
    fn seam_encode(bencher: Bencher) {
        let w = &WORKLOADS.user;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_json_encode(&w.seam));
    }

    #[divan::bench]
    fn serde_derive_encode(bencher: Bencher) {
        let w = &WORKLOADS.user;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| serde_json_encode(&w.mirror));
    }
}

#[divan::bench_group(sample_count = 30)]
mod users_1mb_json {
    use super::*;
    use seam_bench::contracts::bench::User;
    use seam_bench::mirror;
    use seam_bench::workloads::*;

    #[divan::bench]
    fn seam_decode(bencher: Bencher) {
        let w = &WORKLOADS.users;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_json_decode::<Vec<User>>(&w.bytes));
    }

    #[divan::bench]
    fn serde_derive_decode(bencher: Bencher) {
        let w = &WORKLOADS.users;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| serde_json_decode::<Vec<mirror::User>>(&w.bytes));
    }

    #[divan::bench]
    fn seam_encode(bencher: Bencher) {
        let w = &WORKLOADS.users;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_json_encode(&w.seam));
    }

    #[divan::bench]
    fn serde_derive_encode(bencher: Bencher) {
        let w = &WORKLOADS.users;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| serde_json_encode(&w.mirror));
    }
}

#[divan::bench_group(sample_count = 30)]
mod users_1mb_msgpack {
    use super::*;
    use seam_bench::contracts::bench::User;
    use seam_bench::mirror;
    use seam_bench::workloads::*;

    #[divan::bench]
    fn seam_decode(bencher: Bencher) {
        let w = &WORKLOADS.users_msgpack;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_msgpack_decode::<Vec<User>>(&w.bytes));
    }

    #[divan::bench]
    fn serde_derive_decode(bencher: Bencher) {
        let w = &WORKLOADS.users_msgpack;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| rmp_decode::<Vec<mirror::User>>(&w.bytes));
    }

    #[divan::bench]
    fn seam_encode(bencher: Bencher) {
        let w = &WORKLOADS.users_msgpack;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_msgpack_encode(&w.seam));
    }

    #[divan::bench]
    fn serde_derive_encode(bencher: Bencher) {
        let w = &WORKLOADS.users_msgpack;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| rmp_encode(&w.mirror));
    }
}

// 100,000 lines take tens of milliseconds per iteration: fewer samples keep the run short.
#[divan::bench_group(sample_count = 10, sample_size = 1)]
mod log_events_jsonl {
    use super::*;
    use seam_bench::mirror;
    use seam_bench::workloads::*;
    use seam_contracts::logs::StructuredLogEvent;

    #[divan::bench]
    fn seam_decode(bencher: Bencher) {
        let w = &WORKLOADS.log_events;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_lines_decode::<StructuredLogEvent>(&w.bytes));
    }

    #[divan::bench]
    fn serde_derive_decode(bencher: Bencher) {
        let w = &WORKLOADS.log_events;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| serde_lines_decode::<mirror::StructuredLogEvent>(&w.bytes));
    }

    #[divan::bench]
    fn seam_encode(bencher: Bencher) {
        let w = &WORKLOADS.log_events;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_lines_encode(&w.seam));
    }

    #[divan::bench]
    fn serde_derive_encode(bencher: Bencher) {
        let w = &WORKLOADS.log_events;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| serde_lines_encode(&w.mirror));
    }
}

#[divan::bench_group(sample_count = 10, sample_size = 1)]
mod scan_telemetry_jsonl {
    use super::*;
    use seam_bench::mirror;
    use seam_bench::workloads::*;
    use seam_contracts::telemetry::ScanTelemetry;

    #[divan::bench]
    fn seam_decode(bencher: Bencher) {
        let w = &WORKLOADS.scan_telemetry;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_lines_decode::<ScanTelemetry>(&w.bytes));
    }

    #[divan::bench]
    fn serde_derive_decode(bencher: Bencher) {
        let w = &WORKLOADS.scan_telemetry;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| serde_lines_decode::<mirror::ScanTelemetry>(&w.bytes));
    }

    #[divan::bench]
    fn seam_encode(bencher: Bencher) {
        let w = &WORKLOADS.scan_telemetry;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| seam_lines_encode(&w.seam));
    }

    #[divan::bench]
    fn serde_derive_encode(bencher: Bencher) {
        let w = &WORKLOADS.scan_telemetry;
        bencher
            .counter(BytesCount::of_slice(&w.bytes))
            .bench(|| serde_lines_encode(&w.mirror));
    }
}
