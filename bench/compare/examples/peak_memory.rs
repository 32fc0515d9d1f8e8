//! Peak memory of decoding a ~100 MB JSON array of `bench.User` (issue 7: "peak memory of
//! decoding a 100 MB array no more than 1.5x the decoded data's size").
//!
//! A counting global allocator tracks the heap bytes in use. Each decoder (seam, and the
//! serde_json mirror for reference) runs in a process of its own, which generates the input and
//! then, with the input already in memory, measures:
//!
//! - peak: the most heap bytes in use at once during the decode, above what was in use before;
//! - retained: the heap bytes still in use after it, which is the decoded value (its `Vec`s'
//!   spare capacity included): "the decoded data's size";
//! - the ratio peak / retained (target <= 1.5 for seam), and the same with the input buffer
//!   added to the peak (the caller owns it, but it is in memory while decoding);
//! - the growth of the process's peak resident set (VmHWM in /proc/self/status, reset through
//!   /proc/self/clear_refs before each decode; "n/a" where the kernel does not allow it).
//!
//! A growing `realloc` is counted as old + new size until it returns, since it may copy into a
//! new block; where the allocator grows the block in place (large blocks are remapped) this
//! overstates the peak by the old size, so the figure is an upper bound.
//!
//! `cargo run --release -p seam-bench --example peak_memory [USERS]` (default 100,000 users,
//! about 100 MB). Prints one JSON line per decoder, then a summary. `--decoder seam|serde_json`
//! measures one decoder in the current process (what the parent runs in each child).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use seam_bench::contracts::bench::User;
use seam_bench::{data, mirror};
use seam_runtime::de::{Ctx, Decode};
use seam_runtime::json::JsonReader;

/// The system allocator, counting the bytes in use and their high-water mark.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrink(bytes: usize) {
    IN_USE.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            grow(layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            grow(layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { System.dealloc(block, layout) };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Both blocks may exist at once while the contents are copied.
        grow(new_size);
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if moved.is_null() {
            shrink(new_size);
        } else {
            shrink(layout.size());
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A field of /proc/self/status in bytes (`VmHWM`, `VmRSS`), where there is one.
fn status_bytes(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets VmHWM to the current resident set (Linux >= 4.0).
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

struct Figures {
    decoder: &'static str,
    input: usize,
    items: usize,
    peak: usize,
    retained: usize,
    rss_growth: Option<usize>,
}

/// Decodes `input` with `decode` and measures it. The value is dropped before returning.
fn measure<T>(
    decoder: &'static str,
    input: &[u8],
    decode: impl FnOnce(&[u8]) -> Vec<T>,
) -> Figures {
    let rss_reset = reset_peak_rss();
    let rss_before = status_bytes("VmRSS:");
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = decode(input);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let retained = IN_USE.load(Ordering::Relaxed) - before;
    let rss_growth = match (rss_reset, rss_before, status_bytes("VmHWM:")) {
        (true, Some(before), Some(hwm)) => Some(hwm.saturating_sub(before)),
        _ => None,
    };
    let items = value.len();
    drop(value);
    Figures {
        decoder,
        input: input.len(),
        items,
        peak,
        retained,
        rss_growth,
    }
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The ~100 MB input: `users` users as one JSON array. It is written in chunks, so that the
/// generated values never all exist at once. The mirror's serde_json bytes are seam's (the
/// crate's tests check it).
fn input(users: usize) -> Vec<u8> {
    let mut input = Vec::with_capacity(users * 1_100);
    input.push(b'[');
    let chunk = 1_000;
    for start in (0..users).step_by(chunk) {
        let count = chunk.min(users - start);
        for (i, user) in data::users(5 + start as u64, count).iter().enumerate() {
            if start + i > 0 {
                input.push(b',');
            }
            serde_json::to_writer(&mut input, user).expect("mirror values serialize");
        }
    }
    input.push(b']');
    input.shrink_to_fit();
    input
}

/// `seam_runtime::json::decode` without an input size limit. The runtime is gaining default
/// limits (64 MiB of input, see `seam_runtime::Limits`), which a 100 MB document exceeds; this
/// is the same reader and decoder that `decode` runs, called directly, so it builds with and
/// without that change.
fn seam_decode_unbounded(bytes: &[u8]) -> Vec<User> {
    let mut cx = Ctx::new(false);
    let mut reader = JsonReader::new(bytes);
    let result = <Vec<User> as Decode>::decode(&mut reader, &mut cx).and_then(|value| {
        reader.end()?;
        Ok(value)
    });
    cx.finish(result).expect("the input satisfies the contract")
}

/// Measures one decoder in this process and prints its JSON line.
fn run_one(decoder: &str, users: usize) {
    let input = input(users);
    let f = match decoder {
        "seam" => measure("seam", &input, seam_decode_unbounded),
        "serde_json" => measure("serde_json", &input, |bytes| {
            serde_json::from_slice::<Vec<mirror::User>>(bytes).expect("the input is valid JSON")
        }),
        other => panic!("unknown decoder {other:?} (seam, serde_json)"),
    };
    println!(
        "{}",
        serde_json::json!({
            "decoder": f.decoder,
            "input_bytes": f.input,
            "items": f.items,
            "peak_heap_bytes": f.peak,
            "retained_heap_bytes": f.retained,
            "peak_over_retained": f.peak as f64 / f.retained as f64,
            "peak_rss_growth_bytes": f.rss_growth,
            "process_peak_rss_bytes": status_bytes("VmHWM:"),
        })
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut users = 100_000;
    let mut only = None;
    while let Some(arg) = args.next() {
        if arg == "--decoder" {
            only = Some(args.next().expect("--decoder needs a name"));
        } else {
            users = arg.parse().expect("USERS is a number");
        }
    }
    if let Some(decoder) = only {
        run_one(&decoder, users);
        return;
    }

    // Each decoder runs in a process of its own: memory the first one freed would otherwise
    // stay in the process and hide the second one's resident set growth.
    let exe = std::env::current_exe().expect("the path of this program");
    let mut lines = Vec::new();
    for decoder in ["seam", "serde_json"] {
        let output = std::process::Command::new(&exe)
            .args(["--decoder", decoder, &users.to_string()])
            .output()
            .expect("the measuring process starts");
        assert!(
            output.status.success(),
            "measuring {decoder} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let line = String::from_utf8(output.stdout).expect("JSON output");
        print!("{line}");
        lines.push(serde_json::from_str::<serde_json::Value>(&line).expect("a JSON line"));
    }

    println!();
    let input_bytes = lines[0]["input_bytes"].as_u64().unwrap_or(0) as usize;
    println!(
        "Decoding a {:.1} MiB JSON array of {users} users (heap counted by a global allocator; \
         each decoder in its own process):",
        mib(input_bytes)
    );
    for line in &lines {
        let decoder = line["decoder"].as_str().unwrap_or("?");
        let peak = line["peak_heap_bytes"].as_u64().unwrap_or(0) as usize;
        let retained = line["retained_heap_bytes"].as_u64().unwrap_or(0) as usize;
        let ratio = peak as f64 / retained as f64;
        let with_input = (peak + input_bytes) as f64 / retained as f64;
        let target = if decoder == "seam" {
            format!(
                "target <= 1.5: {}",
                if ratio <= 1.5 { "met" } else { "missed" }
            )
        } else {
            "reference".to_string()
        };
        let rss = |key: &str| line[key].as_u64().map(|b| b as usize);
        let rss_text = |bytes: Option<usize>| {
            bytes.map_or("n/a".to_string(), |b| {
                format!("{:.1} MiB ({:.2}x)", mib(b), b as f64 / retained as f64)
            })
        };
        println!("  {decoder}:");
        println!(
            "    heap: peak during decode {:.1} MiB, decoded data {:.1} MiB: {ratio:.2}x ({target}); \
             {with_input:.2}x counting the input buffer",
            mib(peak),
            mib(retained),
        );
        println!(
            "    resident set: growth during decode {}, whole process peak {} (allocator overhead, \
             input and binary included)",
            rss_text(rss("peak_rss_growth_bytes")),
            rss_text(rss("process_peak_rss_bytes")),
        );
    }
}
