//! The side-by-side run of `bench/compare.sh`: every case of `seam_bench::workloads`, timed the
//! same way, with the median per iteration.
//!
//! Times are the thread's CPU time (user and system, `CLOCK_THREAD_CPUTIME_ID`), not the wall
//! clock: on a shared machine with more runnable processes than cores, an iteration longer than
//! a scheduler slice would otherwise also count the time spent waiting for a core, which
//! depends on the neighbours and not on the code. On an idle machine the two agree for this
//! single-threaded work. `bench/compare_msgspec.py` uses the same clock (`time.thread_time_ns`).
//!
//! The cases that do the same work (one workload, format and operation: seam and the serde
//! mirror) are timed together, one sample of each in turn, so that a busy moment on a shared
//! machine falls on both and their ratio stays meaningful. Each case is first warmed up (a tenth
//! of its budget, at least 3 iterations); a sample is `batch` iterations, enough for about a
//! millisecond so that reading the clock costs nothing measurable; sampling goes on until the
//! group's budget (the budget per case times its cases) is spent and every case has at least 5
//! samples. What an iteration produces is kept until the sample's clock has stopped and dropped
//! afterwards, so freeing a decoded value is not part of "decode" (`bench/compare_msgspec.py`
//! does the same in Python).
//!
//! Environment:
//! - `SEAM_BENCH_OUT=DIR`: write the workload bytes and `workloads.jsonl` there (for msgspec),
//!   and the results as `results-rust.jsonl`. Cargo runs benches in the package's directory, so
//!   a relative `DIR` is relative to `bench/compare/`.
//! - `SEAM_BENCH_SECONDS=S`: the budget of each case (default 1).
//!
//! Output: one JSON line per case (`{"library": ..., "median_ns": ..., "samples_ns": [...]}`),
//! then a table.

use std::hint::black_box;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use seam_bench::workloads::{visit_cases, CaseId, Sizes, Visitor, Workloads};

/// The calling thread's CPU time so far.
#[cfg(unix)]
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec, and the call writes nothing else.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the thread CPU-time clock is available");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Elsewhere, the wall clock from the first call.
#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Runs a batch of iterations of one case and returns how long they took.
type Sampler<'w> = Box<dyn FnMut(usize) -> Duration + 'w>;

/// Keeps every case, to be timed in groups.
struct Cases<'w>(Vec<(CaseId, Sampler<'w>)>);

impl<'w> Visitor<'w> for Cases<'w> {
    fn case<T: 'w>(&mut self, id: CaseId, mut run: impl FnMut() -> T + 'w) {
        let sampler = move |batch: usize| {
            let mut outputs = Vec::with_capacity(batch);
            let start = thread_cpu_time();
            for _ in 0..batch {
                outputs.push(black_box(run()));
            }
            let elapsed = thread_cpu_time() - start;
            drop(outputs);
            elapsed
        };
        self.0.push((id, Box::new(sampler)));
    }
}

/// The figures of one case.
struct Measured {
    id: CaseId,
    /// Time per iteration of each sample, sorted.
    samples_ns: Vec<f64>,
    batch: usize,
}

impl Measured {
    fn median_ns(&self) -> f64 {
        let sorted = &self.samples_ns;
        let mid = sorted.len() / 2;
        if sorted.len() % 2 == 1 {
            sorted[mid]
        } else {
            (sorted[mid - 1] + sorted[mid]) / 2.0
        }
    }

    fn json_line(&self) -> String {
        serde_json::json!({
            "library": self.id.library.name(),
            "workload": self.id.workload,
            "format": self.id.format.name(),
            "operation": self.id.operation.name(),
            "bytes": self.id.bytes,
            "median_ns": self.median_ns(),
            "min_ns": self.samples_ns[0],
            "samples": self.samples_ns.len(),
            "batch": self.batch,
            "samples_ns": self.samples_ns,
        })
        .to_string()
    }
}

/// The length of one sample: long enough that reading the clock (a system call for the CPU-time
/// clock) costs nothing measurable.
const SAMPLE_TARGET: Duration = Duration::from_millis(1);
const MIN_SAMPLES: usize = 5;
const MAX_SAMPLES: usize = 5_000;

/// Warms a case up and returns the number of iterations per sample.
fn warm_up(sampler: &mut Sampler<'_>, budget: Duration) -> usize {
    let mut spent = Duration::ZERO;
    let mut iterations = 0u32;
    while iterations < 3 || spent < budget / 10 {
        spent += sampler(1);
        iterations += 1;
    }
    let per_iteration = spent / iterations;
    (SAMPLE_TARGET.as_nanos() / per_iteration.as_nanos().max(1)).max(1) as usize
}

/// Times cases that do the same work, one sample of each in turn.
fn time_group(group: &mut [(CaseId, Sampler<'_>)], budget: Duration) -> Vec<Measured> {
    let batches: Vec<usize> = group
        .iter_mut()
        .map(|(_, sampler)| warm_up(sampler, budget))
        .collect();
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); group.len()];
    let group_budget = budget * group.len() as u32;
    let start = Instant::now();
    loop {
        for (i, (_, sampler)) in group.iter_mut().enumerate() {
            let elapsed = sampler(batches[i]);
            samples[i].push(elapsed.as_nanos() as f64 / batches[i] as f64);
        }
        let taken = samples[0].len();
        if taken >= MIN_SAMPLES && (start.elapsed() >= group_budget || taken >= MAX_SAMPLES) {
            break;
        }
    }
    group
        .iter()
        .zip(samples)
        .zip(batches)
        .map(|(((id, _), mut samples_ns), batch)| {
            samples_ns.sort_by(f64::total_cmp);
            Measured {
                id: *id,
                samples_ns,
                batch,
            }
        })
        .collect()
}

fn human_time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} us", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

fn main() {
    let budget = std::env::var("SEAM_BENCH_SECONDS")
        .ok()
        .map(|s| {
            s.parse::<f64>()
                .expect("SEAM_BENCH_SECONDS is a number of seconds")
        })
        .unwrap_or(1.0);
    let budget = Duration::from_secs_f64(budget);
    let out = std::env::var_os("SEAM_BENCH_OUT").map(PathBuf::from);

    let workloads = Workloads::build(Sizes::FULL);
    if let Some(dir) = &out {
        workloads
            .write_to(dir)
            .unwrap_or_else(|e| panic!("cannot write the workloads to {}: {e}", dir.display()));
    }

    let mut cases = Cases(Vec::new());
    visit_cases(&workloads, &mut cases);
    let mut results = Vec::new();
    let mut rest = &mut cases.0[..];
    while let Some((first, _)) = rest.first() {
        let same_work = |(id, _): &(CaseId, Sampler<'_>)| {
            (id.workload, id.format, id.operation)
                == (first.workload, first.format, first.operation)
        };
        let len = rest.iter().take_while(|case| same_work(case)).count();
        let (group, tail) = rest.split_at_mut(len);
        for measured in time_group(group, budget) {
            println!("{}", measured.json_line());
            results.push(measured);
        }
        rest = tail;
    }

    if let Some(dir) = &out {
        let mut lines = Vec::new();
        for measured in &results {
            writeln!(lines, "{}", measured.json_line()).expect("writing to memory");
        }
        std::fs::write(dir.join("results-rust.jsonl"), lines)
            .unwrap_or_else(|e| panic!("cannot write the results to {}: {e}", dir.display()));
    }

    println!();
    println!(
        "{:<16} {:<8} {:<7} {:<11} {:>10} {:>12} {:>10} {:>8}",
        "workload", "format", "op", "library", "bytes", "median", "MB/s", "samples"
    );
    for m in &results {
        let median = m.median_ns();
        println!(
            "{:<16} {:<8} {:<7} {:<11} {:>10} {:>12} {:>10.1} {:>8}",
            m.id.workload,
            m.id.format.name(),
            m.id.operation.name(),
            m.id.library.name(),
            m.id.bytes,
            human_time(median),
            m.id.bytes as f64 / median * 1e3,
            m.samples_ns.len()
        );
    }
}
