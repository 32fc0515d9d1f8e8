//! The workloads are meaningful: seam and the serde mirrors read the same bytes to the same data
//! and write the same bytes, so the benches compare equal work. No timing here, ever.

use std::collections::BTreeSet;

use seam_bench::data;
use seam_bench::workloads::{
    rmp_decode, rmp_encode, serde_json_encode, serde_lines_encode, visit_cases, CaseId, Sizes,
    Visitor, Workload, Workloads,
};
use seam_runtime::de::Decode;
use seam_runtime::ser::Encode;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn small() -> Workloads {
    Workloads::build(Sizes::SMALL)
}

/// Both sides decode the workload's bytes to the same data (compared as JSON values) and hold
/// what the workload says they hold.
fn assert_same_data<S, M>(w: &Workload<S, M>, seam_decoded: &S, mirror_decoded: &M)
where
    S: Encode + PartialEq + std::fmt::Debug,
    M: Serialize + PartialEq + std::fmt::Debug,
{
    assert_eq!(
        seam_decoded, &w.seam,
        "{}: seam decodes its own bytes",
        w.name
    );
    assert_eq!(
        mirror_decoded, &w.mirror,
        "{}: the mirror decodes the bytes",
        w.name
    );
    assert_eq!(
        seam_runtime::to_value(seam_decoded),
        serde_json::to_value(mirror_decoded).expect("mirror values serialize"),
        "{}: seam and the mirror read the same data",
        w.name
    );
}

fn check_json<S, M>(w: &Workload<S, M>)
where
    S: Decode + Encode + PartialEq + std::fmt::Debug,
    M: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let seam_decoded: S = seam_runtime::json::decode(&w.bytes).expect("seam decodes");
    let mirror_decoded: M = serde_json::from_slice(&w.bytes).expect("serde_json decodes");
    assert_same_data(w, &seam_decoded, &mirror_decoded);
    assert_eq!(
        String::from_utf8_lossy(&serde_json_encode(&w.mirror)),
        String::from_utf8_lossy(&w.bytes),
        "{}: serde_json writes seam's bytes",
        w.name
    );
}

fn check_lines<S, M>(w: &Workload<Vec<S>, Vec<M>>)
where
    S: Decode + Encode + PartialEq + std::fmt::Debug,
    M: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let seam_decoded: Vec<S> = seam_runtime::json::decode_lines(&w.bytes).expect("seam decodes");
    let mirror_decoded: Vec<M> = seam_bench::workloads::serde_lines_decode(&w.bytes);
    assert_same_data(w, &seam_decoded, &mirror_decoded);
    assert_eq!(
        String::from_utf8_lossy(&serde_lines_encode(&w.mirror)),
        String::from_utf8_lossy(&w.bytes),
        "{}: serde_json writes seam's lines",
        w.name
    );
}

#[test]
fn one_user_is_about_one_kilobyte() {
    let w = small();
    let size = w.user.bytes.len();
    assert!(
        (800..=1500).contains(&size),
        "the user object is {size} bytes"
    );
}

#[test]
fn the_user_array_is_about_one_megabyte() {
    // Only the mirror and serde_json: building every full workload is slow in a debug build.
    let users = data::users(2, Sizes::FULL.users);
    let size = serde_json_encode(&users).len();
    assert!(
        (900_000..=1_300_000).contains(&size),
        "the array is {size} bytes"
    );
}

#[test]
fn json_workloads_read_and_write_the_same_bytes() {
    let w = small();
    check_json(&w.user);
    check_json(&w.users);
}

#[test]
fn jsonl_workloads_read_and_write_the_same_bytes() {
    let w = small();
    check_lines(&w.log_events);
    check_lines(&w.scan_telemetry);
}

#[test]
fn every_log_event_kind_occurs() {
    let w = small();
    let kinds: BTreeSet<String> = w
        .log_events
        .mirror
        .iter()
        .map(|event| {
            let value = serde_json::to_value(event).expect("mirror values serialize");
            value["event"].as_str().expect("a tag").to_string()
        })
        .collect();
    let expected = [
        "artifact_written",
        "diagnostic",
        "run_finished",
        "run_started",
        "task_finished",
        "task_started",
    ];
    assert_eq!(kinds, expected.iter().map(|k| k.to_string()).collect());
}

#[test]
fn msgpack_workload_reads_and_writes_the_same_bytes() {
    let w = small();
    let m = &w.users_msgpack;
    let seam_decoded: Vec<seam_bench::contracts::bench::User> =
        seam_runtime::msgpack::decode(&m.bytes).expect("seam decodes");
    let mirror_decoded: Vec<seam_bench::mirror::User> = rmp_decode(&m.bytes);
    assert_same_data(m, &seam_decoded, &mirror_decoded);
    assert_eq!(
        rmp_encode(&m.mirror),
        m.bytes,
        "rmp-serde writes seam's bytes"
    );
}

/// Runs every case once, as the benches do, so that a case that panics is found here.
#[test]
fn every_case_runs() {
    struct Once(Vec<String>);
    impl Visitor<'_> for Once {
        fn case<T>(&mut self, id: CaseId, mut run: impl FnMut() -> T) {
            drop(run());
            self.0.push(format!(
                "{} {} {} {}",
                id.workload,
                id.format.name(),
                id.operation.name(),
                id.library.name()
            ));
        }
    }
    let mut once = Once(Vec::new());
    visit_cases(&small(), &mut once);
    assert_eq!(once.0.len(), 20, "{:?}", once.0);
}
