//! JSON reader and writer throughput on ~1 MB documents: `skip` (validate and discard),
//! a full pull walk through the `Reader` trait (every value read, strings borrowed when
//! possible), and writing the same values back; serde_json on the same bytes for reference.
//!
//! `cargo bench -p seam-runtime --bench json`. Set `SEAM_JSON_BENCH_DUMP=DIR` to write the
//! documents to DIR (to time msgspec on the same bytes).

use std::borrow::Cow;
use std::hint::black_box;
use std::time::{Duration, Instant};

use seam_runtime::de::{Fatal, Int, Key, Kind, Reader};
use seam_runtime::json::{JsonReader, JsonWriter};
use seam_runtime::ser::Writer;

/// A tiny deterministic generator (xorshift), so the documents are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn word(rng: &mut Rng, out: &mut String, len: usize) {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    for _ in 0..len {
        out.push(char::from(CHARS[rng.below(CHARS.len() as u64) as usize]));
    }
}

/// Records like an API payload: ids, floats, short strings, booleans, nested tags.
fn mixed_document(target: usize) -> Vec<u8> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut doc = String::from("[");
    let mut i = 0u64;
    while doc.len() < target {
        if i > 0 {
            doc.push(',');
        }
        let mut name = String::new();
        let len = 8 + rng.below(12) as usize;
        word(&mut rng, &mut name, len);
        let price = rng.below(1_000_000) as f64 / 100.0;
        let ratio = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        doc.push_str(&format!(
            r#"{{"id":{i},"name":"{name}","price":{price:?},"ratio":{ratio:?},"active":{},"count":{},"tags":["a{}","b{}"],"owner":{{"id":{},"email":"user{}@example.com"}},"note":null}}"#,
            rng.below(2) == 0,
            rng.below(100_000) as i64 - 50_000,
            rng.below(100),
            rng.below(100),
            rng.below(1 << 40),
            rng.below(10_000),
        ));
        i += 1;
    }
    doc.push(']');
    doc.into_bytes()
}

/// Mostly strings of 20..300 bytes, some with non-ASCII text, one in 16 with an escape.
fn string_document(target: usize) -> Vec<u8> {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut doc = String::from("[");
    let mut first = true;
    while doc.len() < target {
        if !first {
            doc.push(',');
        }
        first = false;
        let mut s = String::new();
        let len = 20 + rng.below(280) as usize;
        word(&mut rng, &mut s, len);
        if rng.below(4) == 0 {
            s.push_str("héllo wörld – ünïcødé ✓ ");
        }
        if rng.below(16) == 0 {
            s.push_str("\\n\\\"quoted\\\"\\u00e9");
        }
        doc.push('"');
        doc.push_str(&s);
        doc.push('"');
    }
    doc.push(']');
    doc.into_bytes()
}

/// Reads every value; returns a checksum so nothing is optimized away.
fn walk<'de>(r: &mut JsonReader<'de>) -> Result<u64, Fatal> {
    Ok(match r.peek()? {
        Kind::Null => {
            r.read_null()?;
            1
        }
        Kind::Bool => u64::from(r.read_bool()?),
        Kind::Int => match r.read_int()? {
            Int::I64(v) => v as u64,
            Int::U64(v) => v,
            Int::Big(f) => f.to_bits(),
        },
        Kind::Float => r.read_float()?.to_bits(),
        Kind::Str => r.read_str()?.len() as u64,
        Kind::Array => {
            let mut seq = r.begin_array()?;
            let mut sum = 0u64;
            while r.next_element(&mut seq)? {
                sum = sum.wrapping_add(walk(r)?);
            }
            sum
        }
        Kind::Map => {
            let mut seq = r.begin_map()?;
            let mut sum = 0u64;
            while let Some(key) = r.next_key(&mut seq)? {
                if let Key::Str(k) = key {
                    sum = sum.wrapping_add(k.len() as u64);
                }
                sum = sum.wrapping_add(walk(r)?);
            }
            sum
        }
        _ => 0,
    })
}

/// Reads every value and writes it back (a decode + encode of an untyped tree, streaming).
fn copy<'de>(r: &mut JsonReader<'de>, w: &mut JsonWriter) -> Result<(), Fatal> {
    match r.peek()? {
        Kind::Null => {
            r.read_null()?;
            w.null();
        }
        Kind::Bool => w.bool(r.read_bool()?),
        Kind::Int => match r.read_int()? {
            Int::I64(v) => w.i64(v),
            Int::U64(v) => w.u64(v),
            Int::Big(f) => w.f64(f),
        },
        Kind::Float => w.f64(r.read_float()?),
        Kind::Str => {
            let s: Cow<'_, str> = r.read_str()?;
            w.str(&s);
        }
        Kind::Array => {
            let mut seq = r.begin_array()?;
            w.begin_array(0);
            let mut i = 0;
            while r.next_element(&mut seq)? {
                w.element(i);
                copy(r, w)?;
                i += 1;
            }
            w.end_array();
        }
        Kind::Map => {
            let mut seq = r.begin_map()?;
            w.begin_map(0);
            let mut i = 0;
            while let Some(key) = r.next_key(&mut seq)? {
                if let Key::Str(k) = key {
                    w.key(i, &k);
                }
                copy(r, w)?;
                i += 1;
            }
            w.end_map();
        }
        _ => {}
    }
    Ok(())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(name: &str, bytes: usize, runs: usize, mut f: impl FnMut()) {
    // `SEAM_JSON_BENCH_FILTER=text` runs only the measurements whose name contains it.
    if std::env::var("SEAM_JSON_BENCH_FILTER").is_ok_and(|filter| !name.contains(&filter)) {
        return;
    }
    f();
    let samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    let t = median(samples);
    let mbps = bytes as f64 / t.as_secs_f64() / 1e6;
    println!(
        "{name:<44} {:>9.1} us {:>8.0} MB/s",
        t.as_secs_f64() * 1e6,
        mbps
    );
}

fn main() {
    let docs = [
        ("mixed", mixed_document(1 << 20)),
        ("strings", string_document(1 << 20)),
    ];
    if let Ok(dir) = std::env::var("SEAM_JSON_BENCH_DUMP") {
        for (name, doc) in &docs {
            std::fs::write(format!("{dir}/{name}.json"), doc).expect("dump");
        }
    }
    let runs = 50;
    for (name, doc) in &docs {
        let n = doc.len();
        println!("{name} document: {n} bytes");
        measure(&format!("{name}: JsonReader::skip"), n, runs, || {
            let mut r = JsonReader::new(doc);
            r.skip().expect("valid");
            r.end().expect("valid");
        });
        measure(
            &format!("{name}: JsonReader walk (every value read)"),
            n,
            runs,
            || {
                let mut r = JsonReader::new(doc);
                black_box(walk(&mut r).expect("valid"));
            },
        );
        let mut out = Vec::with_capacity(n);
        measure(
            &format!("{name}: read + JsonWriter (copy)"),
            n,
            runs,
            || {
                let mut r = JsonReader::new(doc);
                let mut w = JsonWriter::from_vec(std::mem::take(&mut out));
                copy(&mut r, &mut w).expect("valid");
                out = w.into_bytes();
                out.clear();
            },
        );
        measure(
            &format!("{name}: serde_json::Value (reference)"),
            n,
            runs,
            || {
                black_box(serde_json::from_slice::<serde_json::Value>(doc).expect("valid"));
            },
        );
        let value: serde_json::Value = serde_json::from_slice(doc).expect("valid");
        measure(
            &format!("{name}: serde_json::to_vec (reference)"),
            n,
            runs,
            || {
                black_box(serde_json::to_vec(&value).expect("valid"));
            },
        );
    }
    let strings = &docs[1].1;
    measure(
        "strings: serde_json Vec<String> (reference)",
        strings.len(),
        runs,
        || {
            black_box(serde_json::from_slice::<Vec<String>>(strings).expect("valid"));
        },
    );
}
