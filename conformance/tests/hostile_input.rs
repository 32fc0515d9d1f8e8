//! Hostile input (issue 8): every case of the "Hostile input" table of `docs/reliability.md`,
//! and the `Limits` a service can set. Each case decodes a generated contract (from
//! `conformance/idl/`) through the public entry points and checks the whole report: the kind,
//! path and message of every problem, or that the value decodes.
//!
//! Bounded time is shown by the input and the algorithm, never by a clock: every input here is
//! at most a few times larger than the case needs (100,000 levels, 100,000 fields, 64 MiB), and
//! each completes in one linear pass. Bounded memory is measured: this test binary counts every
//! allocation made by the thread that decodes (a counting global allocator), and every case
//! asserts the peak stays within a small multiple of its input; the cases where a large
//! allocation would be the bug (a 4 GiB length prefix on 10 bytes) assert a small fixed bound.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;

use seam_conformance::conformance::{aliases, constraints, scalars, structs};
use seam_runtime::check::{self, Lengths, Pattern};
use seam_runtime::de::{Ctx, Decode, Fatal, Reader};
use seam_runtime::{DecodeError, IssueKind, Limits};

// ---------------------------------------------------------------------------------------------
// A counting allocator: live and peak bytes of the current thread.

struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    // `try_with`: a thread being torn down has no counters left; nothing is measured then.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is passed to the system allocator unchanged; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the most memory it held at once, in bytes, beyond what
/// was live before (allocations of this thread only: tests run side by side).
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    let out = f();
    let peak = PEAK.with(Cell::get);
    (out, (peak - base).max(0) as usize)
}

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

// ---------------------------------------------------------------------------------------------
// Cases: an input, a decoder, and the expected report.

type Decoder = fn(&[u8]) -> Result<(), DecodeError>;

fn json<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
    seam_runtime::json::decode::<T>(input).map(drop)
}

fn msgpack<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
    seam_runtime::msgpack::decode::<T>(input).map(drop)
}

fn toml<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
    let text = std::str::from_utf8(input).expect("TOML cases are text");
    seam_runtime::toml::decode::<T>(text).map(drop)
}

/// One expected problem: kind, path, message.
type Expected = (IssueKind, String, String);

fn issue(kind: IssueKind, path: impl Into<String>, message: impl Into<String>) -> Expected {
    (kind, path.into(), message.into())
}

fn syntax(message: impl Into<String>) -> Expected {
    issue(IssueKind::Syntax, "$", message)
}

fn depth(path: impl Into<String>) -> Expected {
    issue(
        IssueKind::Depth,
        path,
        "Nesting exceeds the maximum depth of 128",
    )
}

/// Decodes `input` and checks the report against `expected` (empty: the value decodes), with
/// the memory it took at most `3 * input + 64 KiB`.
fn check(name: &str, decode: Decoder, input: &[u8], expected: &[Expected]) {
    check_within(name, decode, input, expected, 3 * input.len() + 64 * KIB);
}

fn check_within(
    name: &str,
    decode: Decoder,
    input: &[u8],
    expected: &[Expected],
    max_bytes: usize,
) {
    let (result, peak) = peak_of(|| decode(input));
    let found: Vec<Expected> = match &result {
        Ok(()) => Vec::new(),
        Err(e) => e
            .issues()
            .iter()
            .map(|i| (i.kind, i.path.clone(), i.message.clone()))
            .collect(),
    };
    assert!(
        found == expected,
        "{name}: expected {}, got {}",
        shorten(&format!("{expected:?}")),
        shorten(&format!("{found:?}"))
    );
    assert!(
        peak <= max_bytes,
        "{name}: {peak} bytes allocated at once, more than {max_bytes} (input {} bytes)",
        input.len()
    );
}

/// How many times its text a TOML document may take in memory: the `toml` crate builds a
/// document before the decoders read it, which takes 50 to 190 times the text for 100,000 small
/// values (measured: keys 47x, array items 163x, dotted-key segments 95x, table headers 110x).
const TOML_FACTOR: usize = 200;

fn check_toml(name: &str, decode: Decoder, input: &str, expected: &[Expected]) {
    let max = TOML_FACTOR * input.len() + 256 * KIB;
    check_within(name, decode, input.as_bytes(), expected, max);
}

/// Long paths shortened for failure messages.
fn shorten(text: &str) -> String {
    if text.len() <= 600 {
        text.to_string()
    } else {
        let head: String = text.chars().take(300).collect();
        let tail: String = text
            .chars()
            .rev()
            .take(300)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("{head} ... {tail}")
    }
}

// MessagePack pieces.

fn mp_str(text: &str) -> Vec<u8> {
    seam_runtime::msgpack::encode(text)
}

fn mp_map(len: usize) -> Vec<u8> {
    match len {
        0..=15 => vec![0x80 | len as u8],
        16..=0xffff => [&[0xde][..], &(len as u16).to_be_bytes()].concat(),
        _ => [&[0xdf][..], &(len as u32).to_be_bytes()].concat(),
    }
}

fn mp_f64(value: f64) -> Vec<u8> {
    [&[0xcb][..], &value.to_bits().to_be_bytes()].concat()
}

/// A MessagePack map of string keys to encoded values.
fn mp_object(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = mp_map(entries.len());
    for (key, value) in entries {
        out.extend(mp_str(key));
        out.extend(value);
    }
    out
}

const N: usize = 100_000;

// ---------------------------------------------------------------------------------------------
// Nesting 100,000 deep

/// `Tree` nested `n` levels: each level is an object and an array.
fn json_tree(n: usize) -> Vec<u8> {
    let mut s = r#"{"value":0,"children":["#.repeat(n);
    s.push_str(r#"{"value":0}"#);
    s.push_str(&"]}".repeat(n));
    s.into_bytes()
}

fn msgpack_tree(n: usize) -> Vec<u8> {
    let level = [
        mp_map(2),
        mp_str("value"),
        vec![0],
        mp_str("children"),
        vec![0x91],
    ]
    .concat();
    let mut out = level.repeat(n);
    out.extend([mp_map(1), mp_str("value"), vec![0]].concat());
    out
}

fn json_arrays(n: usize) -> Vec<u8> {
    format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()
}

fn json_objects(n: usize) -> Vec<u8> {
    format!("{}null{}", r#"{"a":"#.repeat(n), "}".repeat(n)).into_bytes()
}

fn msgpack_arrays(n: usize) -> Vec<u8> {
    let mut out = vec![0x91; n];
    out.push(0xc0);
    out
}

fn msgpack_objects(n: usize) -> Vec<u8> {
    let mut out = [mp_map(1), mp_str("a")].concat().repeat(n);
    out.push(0xc0);
    out
}

/// `{"x": 1, "deep": <value>}` in JSON.
fn json_with_unknown(value: &[u8]) -> Vec<u8> {
    [br#"{"x":1,"deep":"#.as_slice(), value, b"}"].concat()
}

fn msgpack_with_unknown(value: &[u8]) -> Vec<u8> {
    mp_object(&[("x", vec![1]), ("deep", value.to_vec())])
}

#[test]
fn nesting_100000_deep() {
    let tree_path = format!("${}", ".children[0]".repeat(64));
    let array_path = format!("${}", "[0]".repeat(128));
    let object_path = format!("${}", r#"["a"]"#.repeat(128));
    let unknown = || {
        issue(
            IssueKind::UnknownField,
            "$",
            "Object contains unknown field `deep`",
        )
    };
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        // A known field's value: the decoders stop at level 129.
        (
            "JSON Tree",
            json::<aliases::Tree>,
            json_tree(N),
            vec![depth(&tree_path)],
        ),
        (
            "MessagePack Tree",
            msgpack::<aliases::Tree>,
            msgpack_tree(N),
            vec![depth(&tree_path)],
        ),
        (
            "JSON arrays in any",
            json::<scalars::AnyValue>,
            json_arrays(N),
            vec![depth(&array_path)],
        ),
        (
            "JSON objects in any",
            json::<scalars::AnyValue>,
            json_objects(N),
            vec![depth(&object_path)],
        ),
        (
            "MessagePack arrays in any",
            msgpack::<scalars::AnyValue>,
            msgpack_arrays(N),
            vec![depth(&array_path)],
        ),
        (
            "MessagePack objects in any",
            msgpack::<scalars::AnyValue>,
            msgpack_objects(N),
            vec![depth(&object_path)],
        ),
        // An unknown field: JSON skips any depth without recursion (one bit per level)...
        (
            "JSON arrays skipped (compat)",
            json::<structs::CompatPoint>,
            json_with_unknown(&json_arrays(N)),
            vec![],
        ),
        (
            "JSON objects skipped (compat)",
            json::<structs::CompatPoint>,
            json_with_unknown(&json_objects(N)),
            vec![],
        ),
        (
            "JSON arrays skipped (strict)",
            json::<structs::StrictPoint>,
            json_with_unknown(&json_arrays(N)),
            vec![unknown()],
        ),
        // ...MessagePack allows 128 levels below the skipped value (its skip keeps a count per
        // level); the error is at the object that holds the unknown field.
        (
            "MessagePack arrays skipped (compat)",
            msgpack::<structs::CompatPoint>,
            msgpack_with_unknown(&msgpack_arrays(N)),
            vec![depth("$")],
        ),
        (
            "MessagePack objects skipped (compat)",
            msgpack::<structs::CompatPoint>,
            msgpack_with_unknown(&msgpack_objects(N)),
            vec![depth("$")],
        ),
        (
            "MessagePack arrays skipped (strict)",
            msgpack::<structs::StrictPoint>,
            msgpack_with_unknown(&msgpack_arrays(N)),
            vec![unknown(), depth("$")],
        ),
        (
            "MessagePack 128 levels skipped",
            msgpack::<structs::CompatPoint>,
            msgpack_with_unknown(&msgpack_arrays(128)),
            vec![],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
}

#[test]
fn nesting_100000_deep_in_toml() {
    // The `toml` crate's parser refuses more than 80 levels of inline arrays, inline tables or
    // dotted keys, for a known field and an unknown one alike.
    let arrays = format!("any_value = {}1{}\n", "[".repeat(N), "]".repeat(N));
    let tables = format!("any_value = {}1{}\n", "{a = ".repeat(N), "}".repeat(N));
    let dotted = format!("any_value.{} = 1\n", vec!["a"; N].join("."));
    let header = format!("[any_value.{}]\nx = 1\n", vec!["a"; N].join("."));
    let unknown = format!("deep = {}1{}\n", "[".repeat(N), "]".repeat(N));
    let recursion = |what: &str, column: usize| {
        syntax(format!(
            "Invalid TOML: {what}recursion limit exceeded (at line 1, column {column})"
        ))
    };
    let cases = [
        ("arrays", arrays, recursion("", 92)),
        ("inline tables", tables, recursion("", 408)),
        ("dotted key", dotted, recursion("", 1)),
        (
            "table header",
            header,
            recursion("invalid table header; ", 2),
        ),
        ("unknown field", unknown, recursion("", 87)),
    ];
    for (name, input, expected) in cases {
        check_toml(
            name,
            toml::<scalars::PrimitiveDefaults>,
            &input,
            &[expected],
        );
    }
    // Below the parser's limit, a header and a dotted key together nest deeper than 128: the
    // decoders' limit.
    let input = format!(
        "[any_value.{}]\n{} = 1\n",
        vec!["a"; 70].join("."),
        vec!["b"; 70].join(".")
    );
    let path = format!(
        "$.any_value{}{}",
        r#"["a"]"#.repeat(70),
        r#"["b"]"#.repeat(57)
    );
    check_toml(
        "header and dotted key",
        toml::<scalars::PrimitiveDefaults>,
        &input,
        &[depth(path)],
    );
}

// ---------------------------------------------------------------------------------------------
// A 4 GiB length prefix on a 10-byte input

#[test]
fn length_prefix_of_4_gib_on_10_bytes() {
    let ff = [0xff; 4];
    let truncated = || syntax("Input data was truncated");
    let none = |i: usize| {
        issue(
            IssueKind::Type,
            format!("$[{i}]"),
            "Expected `object`, got `None`",
        )
    };
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "str32",
            msgpack::<scalars::StrValue>,
            [&[0xdb][..], &ff, b"abcde"].concat(),
            vec![truncated()],
        ),
        (
            "bin32",
            msgpack::<scalars::BytesValue>,
            [&[0xc6][..], &ff, b"abcde"].concat(),
            vec![truncated()],
        ),
        (
            "ext32",
            msgpack::<aliases::Blob>,
            [&[0xc9][..], &ff, &[5], b"abcd"].concat(),
            vec![truncated()],
        ),
        // The decoder reserves room for the items of an array before reading them: never for
        // more than the bytes left (here 5), whatever the header says. The element type is
        // the largest of the contracts, so that reserving 4,096 of them (as the decoder did
        // before) would show.
        (
            "array32 of nil into list<AllPrimitives?>",
            msgpack::<Vec<Option<scalars::AllPrimitives>>>,
            [&[0xdd][..], &ff, &[0xc0; 5]].concat(),
            vec![truncated()],
        ),
        (
            "array32 of nil into list<AllPrimitives>",
            msgpack::<Vec<scalars::AllPrimitives>>,
            [&[0xdd][..], &ff, &[0xc0; 5]].concat(),
            vec![none(0), none(1), none(2), none(3), none(4), truncated()],
        ),
        (
            "array32 into any",
            msgpack::<scalars::AnyValue>,
            [&[0xdd][..], &ff, &[1; 5]].concat(),
            vec![truncated()],
        ),
        (
            "map32 into any",
            msgpack::<scalars::AnyValue>,
            [&[0xdf][..], &ff, &[0xa1, b'a', 1, 0xa1, b'b']].concat(),
            vec![truncated()],
        ),
        (
            "map32 into a struct",
            msgpack::<structs::CompatPoint>,
            [&[0xdf][..], &ff, &[0xa1, b'x', 1, 0xa1, b'y']].concat(),
            vec![truncated()],
        ),
        (
            "str32 key",
            msgpack::<structs::CompatPoint>,
            [&[0x81, 0xdb][..], &ff, &[b'x'; 4]].concat(),
            vec![truncated()],
        ),
        (
            "str32 in a skipped unknown field",
            msgpack::<structs::CompatPoint>,
            [&[0x81, 0xa1, b'z', 0xdb][..], &ff, &[0; 2]].concat(),
            vec![truncated()],
        ),
        (
            "array32 in a skipped unknown field",
            msgpack::<structs::CompatPoint>,
            [&[0x81, 0xa1, b'z', 0xdd][..], &ff, &[0; 2]].concat(),
            vec![truncated()],
        ),
    ];
    for (name, decode, input, expected) in cases {
        assert_eq!(input.len(), 10, "{name}");
        check_within(name, decode, &input, &expected, 4 * KIB);
    }
}

// ---------------------------------------------------------------------------------------------
// Integers beyond every type's range

/// A MessagePack integer (the smallest form msgspec would write).
fn mp_int(value: i128) -> Vec<u8> {
    match (i64::try_from(value), u64::try_from(value)) {
        (Ok(v), _) => seam_runtime::msgpack::encode(&v),
        (_, Ok(v)) => seam_runtime::msgpack::encode(&v),
        _ => unreachable!("no MessagePack integer beyond 64 bits"),
    }
}

#[test]
fn integers_beyond_every_types_range() {
    let types: [(&str, i128, i128, Decoder, Decoder); 8] = [
        (
            "i8",
            i8::MIN.into(),
            i8::MAX.into(),
            json::<scalars::I8Value>,
            msgpack::<scalars::I8Value>,
        ),
        (
            "i16",
            i16::MIN.into(),
            i16::MAX.into(),
            json::<scalars::I16Value>,
            msgpack::<scalars::I16Value>,
        ),
        (
            "i32",
            i32::MIN.into(),
            i32::MAX.into(),
            json::<scalars::I32Value>,
            msgpack::<scalars::I32Value>,
        ),
        (
            "int",
            i64::MIN.into(),
            i64::MAX.into(),
            json::<scalars::IntValue>,
            msgpack::<scalars::IntValue>,
        ),
        (
            "u8",
            0,
            u8::MAX.into(),
            json::<scalars::U8Value>,
            msgpack::<scalars::U8Value>,
        ),
        (
            "u16",
            0,
            u16::MAX.into(),
            json::<scalars::U16Value>,
            msgpack::<scalars::U16Value>,
        ),
        (
            "u32",
            0,
            u32::MAX.into(),
            json::<scalars::U32Value>,
            msgpack::<scalars::U32Value>,
        ),
        (
            "uint",
            0,
            u64::MAX.into(),
            json::<scalars::UintValue>,
            msgpack::<scalars::UintValue>,
        ),
    ];
    let big = "1".to_string() + &"0".repeat(30); // 10**30, beyond 64 bits
    let huge = "1".to_string() + &"0".repeat(400); // beyond the range of a float too
    for (name, min, max, json_decode, msgpack_decode) in types {
        let below = issue(
            IssueKind::OutOfRange,
            "$",
            format!("Expected `int` >= {min}"),
        );
        let above = issue(
            IssueKind::OutOfRange,
            "$",
            format!("Expected `int` <= {max}"),
        );
        // JSON: one past each end, 2**64, and integers beyond 64 bits and beyond a float.
        let mut cases = vec![
            ((min - 1).to_string(), below.clone()),
            ((max + 1).to_string(), above.clone()),
            ((1i128 << 64).to_string(), above.clone()),
            (big.clone(), above.clone()),
            (format!("-{big}"), below.clone()),
            (huge.clone(), above.clone()),
            (format!("-{huge}"), below.clone()),
        ];
        for (text, expected) in cases.drain(..) {
            check(
                &format!("JSON {name} {text}"),
                json_decode,
                text.as_bytes(),
                &[expected],
            );
        }
        // MessagePack has no integer beyond 64 bits: one past each end where it can be written,
        // and the 64-bit extremes.
        for value in [min - 1, max + 1, i64::MIN.into(), u64::MAX.into()] {
            if !(i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&value)
                || (min..=max).contains(&value)
            {
                continue;
            }
            let expected = if value < min {
                below.clone()
            } else {
                above.clone()
            };
            check(
                &format!("MessagePack {name} {value}"),
                msgpack_decode,
                &mp_int(value),
                &[expected],
            );
        }
        // Inside a container the path names the item.
        let text = format!("[0, {}]", max + 1);
        let expected = issue(
            IssueKind::OutOfRange,
            "$[1]",
            format!("Expected `int` <= {max}"),
        );
        check(
            &format!("JSON list<{name}>"),
            json_list_of(name),
            text.as_bytes(),
            &[expected],
        );
    }
}

fn json_list_of(name: &str) -> Decoder {
    match name {
        "i8" => json::<Vec<i8>>,
        "i16" => json::<Vec<i16>>,
        "i32" => json::<Vec<i32>>,
        "int" => json::<Vec<i64>>,
        "u8" => json::<Vec<u8>>,
        "u16" => json::<Vec<u16>>,
        "u32" => json::<Vec<u32>>,
        _ => json::<Vec<u64>>,
    }
}

// ---------------------------------------------------------------------------------------------
// NaN and infinity

#[test]
fn nan_and_infinity() {
    let out_of_range = |path: &str| issue(IssueKind::OutOfRange, path, "Number out of range");
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        // JSON has no NaN or infinity: the names are not JSON, and a literal beyond the range of
        // a float is out of range (as msgspec says).
        (
            "JSON NaN",
            json::<scalars::FloatValue>,
            b"NaN".to_vec(),
            vec![syntax("JSON is malformed: invalid character (byte 0)")],
        ),
        (
            "JSON Infinity",
            json::<scalars::FloatValue>,
            b"Infinity".to_vec(),
            vec![syntax("JSON is malformed: invalid character (byte 0)")],
        ),
        (
            "JSON -Infinity",
            json::<scalars::FloatValue>,
            b"-Infinity".to_vec(),
            vec![syntax("JSON is malformed: invalid character (byte 1)")],
        ),
        (
            "JSON 1e400",
            json::<scalars::FloatValue>,
            b"1e400".to_vec(),
            vec![out_of_range("$")],
        ),
        (
            "JSON -1e400",
            json::<scalars::FloatValue>,
            b"-1e400".to_vec(),
            vec![out_of_range("$")],
        ),
        (
            "JSON 1e400 in a list",
            json::<Vec<f64>>,
            b"[1.5, 1e400]".to_vec(),
            vec![out_of_range("$[1]")],
        ),
        (
            "JSON 1e400 in any",
            json::<scalars::AnyValue>,
            br#"{"a": [1e400]}"#.to_vec(),
            vec![out_of_range(r#"$["a"][0]"#)],
        ),
        (
            "JSON 1e400 for an int",
            json::<scalars::IntValue>,
            b"1e400".to_vec(),
            vec![out_of_range("$")],
        ),
        (
            "JSON 1e400 skipped",
            json::<structs::CompatPoint>,
            br#"{"x": 1, "y2": 1e400}"#.to_vec(),
            vec![],
        ),
        (
            "JSON NaN skipped",
            json::<structs::CompatPoint>,
            br#"{"x": 1, "y2": NaN}"#.to_vec(),
            vec![syntax("JSON is malformed: invalid character (byte 15)")],
        ),
        // MessagePack carries them: a plain float takes them (as msgspec does), a bound does
        // not (NaN fails every comparison), `any` cannot hold them.
        (
            "MessagePack NaN",
            msgpack::<scalars::FloatValue>,
            mp_f64(f64::NAN),
            vec![],
        ),
        (
            "MessagePack inf",
            msgpack::<scalars::FloatValue>,
            mp_f64(f64::INFINITY),
            vec![],
        ),
        (
            "MessagePack NaN under bounds",
            msgpack::<constraints::FloatBounds>,
            float_bounds(f64::NAN),
            vec![issue(
                IssueKind::Constraint,
                "$.ge_le",
                "Expected `float` >= -1.5",
            )],
        ),
        (
            "MessagePack inf under bounds",
            msgpack::<constraints::FloatBounds>,
            float_bounds(f64::INFINITY),
            vec![issue(
                IssueKind::Constraint,
                "$.ge_le",
                "Expected `float` <= 1.5",
            )],
        ),
        (
            "MessagePack -inf under bounds",
            msgpack::<constraints::FloatBounds>,
            float_bounds(f64::NEG_INFINITY),
            vec![issue(
                IssueKind::Constraint,
                "$.ge_le",
                "Expected `float` >= -1.5",
            )],
        ),
        (
            "MessagePack NaN in any",
            msgpack::<scalars::AnyValue>,
            [vec![0x91], mp_f64(f64::NAN)].concat(),
            vec![out_of_range("$[0]")],
        ),
        (
            "MessagePack float32 inf in any",
            msgpack::<scalars::AnyValue>,
            vec![0xca, 0x7f, 0x80, 0, 0],
            vec![out_of_range("$")],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
}

/// `FloatBounds` with `value` in `ge_le` and valid values elsewhere.
fn float_bounds(value: f64) -> Vec<u8> {
    mp_object(&[
        ("ge_le", mp_f64(value)),
        ("gt_lt", mp_f64(0.5)),
        ("multiple", mp_f64(1.0)),
        ("huge", mp_f64(1.0)),
        ("tiny", mp_f64(1.0)),
        ("int_bound", mp_f64(1.0)),
    ])
}

// ---------------------------------------------------------------------------------------------
// Invalid UTF-8, lone surrogates, a byte order mark, trailing garbage, duplicate keys

#[test]
fn invalid_utf8() {
    let ff = |position: usize| {
        syntax(format!(
            "'utf-8' codec can't decode byte 0xff in position {position}: invalid start byte"
        ))
    };
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "JSON string",
            json::<scalars::StrValue>,
            b"\"ab\xff\"".to_vec(),
            vec![ff(2)],
        ),
        (
            "JSON string with an escape",
            json::<scalars::StrValue>,
            b"\"\\n\xff\"".to_vec(),
            vec![ff(1)],
        ),
        (
            "JSON truncated sequence",
            json::<scalars::StrValue>,
            b"\"\xe2\x82\"".to_vec(),
            vec![syntax(
                "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data",
            )],
        ),
        (
            "JSON overlong encoding",
            json::<scalars::StrValue>,
            b"\"\xc0\xaf\"".to_vec(),
            vec![syntax(
                "'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte",
            )],
        ),
        (
            "JSON encoded surrogate",
            json::<scalars::StrValue>,
            b"\"\xed\xa0\x80\"".to_vec(),
            vec![syntax(
                "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte",
            )],
        ),
        (
            "JSON struct key",
            json::<structs::CompatPoint>,
            b"{\"x\":1,\"\xff\":2}".to_vec(),
            vec![ff(0)],
        ),
        (
            "JSON map key",
            json::<BTreeMap<String, i64>>,
            b"{\"\xff\":2}".to_vec(),
            vec![ff(0)],
        ),
        (
            "JSON any",
            json::<scalars::AnyValue>,
            b"[\"\xff\"]".to_vec(),
            vec![ff(0)],
        ),
        // A skipped value is not read, so not checked (as msgspec skips).
        (
            "JSON skipped unknown field (compat)",
            json::<structs::CompatPoint>,
            b"{\"x\":1,\"y2\":\"\xff\"}".to_vec(),
            vec![],
        ),
        (
            "JSON skipped unknown field (strict)",
            json::<structs::StrictPoint>,
            b"{\"x\":1,\"y2\":\"\xff\"}".to_vec(),
            vec![issue(
                IssueKind::UnknownField,
                "$",
                "Object contains unknown field `y2`",
            )],
        ),
        (
            "MessagePack string",
            msgpack::<scalars::StrValue>,
            vec![0xa3, b'a', b'b', 0xff],
            vec![ff(2)],
        ),
        (
            "MessagePack struct key",
            msgpack::<structs::CompatPoint>,
            vec![0x82, 0xa1, b'x', 1, 0xa1, 0xff, 2],
            vec![ff(0)],
        ),
        (
            "MessagePack map key",
            msgpack::<BTreeMap<String, i64>>,
            vec![0x81, 0xa1, 0xff, 2],
            vec![ff(0)],
        ),
        (
            "MessagePack skipped unknown field",
            msgpack::<structs::CompatPoint>,
            vec![0x82, 0xa1, b'x', 1, 0xa1, b'z', 0xa1, 0xff],
            vec![],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
}

#[test]
fn lone_surrogate_escapes() {
    let malformed =
        |what: &str, byte: usize| syntax(format!("JSON is malformed: {what} (byte {byte})"));
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "high",
            json::<scalars::StrValue>,
            br#""\ud800 and more""#.to_vec(),
            vec![malformed(
                "unexpected end of escaped utf-16 surrogate pair",
                7,
            )],
        ),
        // msgspec needs the six bytes of a low half before it looks at them.
        (
            "high, then the end of the string",
            json::<scalars::StrValue>,
            br#""\ud800""#.to_vec(),
            vec![syntax("Input data was truncated")],
        ),
        (
            "low",
            json::<scalars::StrValue>,
            br#""\udc00""#.to_vec(),
            vec![malformed("invalid utf-16 surrogate pair", 7)],
        ),
        (
            "high then not low",
            json::<scalars::StrValue>,
            br#""\ud800\u0041""#.to_vec(),
            vec![malformed("invalid utf-16 surrogate pair", 13)],
        ),
        (
            "low then high",
            json::<scalars::StrValue>,
            br#""\udc00\ud800""#.to_vec(),
            vec![malformed("invalid utf-16 surrogate pair", 7)],
        ),
        (
            "high at the end",
            json::<scalars::StrValue>,
            br#""\ud800"#.to_vec(),
            vec![syntax("Input data was truncated")],
        ),
        (
            "in a key",
            json::<BTreeMap<String, i64>>,
            br#"{"\ud800 ": 1}"#.to_vec(),
            vec![malformed(
                "unexpected end of escaped utf-16 surrogate pair",
                8,
            )],
        ),
        (
            "in a skipped unknown field",
            json::<structs::CompatPoint>,
            br#"{"x":1,"y2":"\ud800 and more"}"#.to_vec(),
            vec![malformed("unexpected end of hex escape", 19)],
        ),
        (
            "a pair is fine",
            json::<scalars::StrValue>,
            br#""\ud83d\ude00""#.to_vec(),
            vec![],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
}

#[test]
fn byte_order_mark() {
    let bom = "\u{feff}";
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "JSON",
            json::<structs::CompatPoint>,
            format!(r#"{bom}{{"x":1}}"#).into_bytes(),
            vec![syntax("JSON is malformed: invalid character (byte 0)")],
        ),
        // 0xef is the integer -17 in MessagePack; the rest of the mark is trailing.
        (
            "MessagePack",
            msgpack::<structs::CompatPoint>,
            [bom.as_bytes(), &[0x81, 0xa1, b'x', 1]].concat(),
            vec![
                issue(IssueKind::Type, "$", "Expected `object`, got `int`"),
                syntax("MessagePack data is malformed: trailing characters (byte 1)"),
            ],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
    check_toml(
        "TOML",
        toml::<structs::CompatPoint>,
        &format!("{bom}x = 1\n"),
        &[],
    );
}

#[test]
fn trailing_garbage() {
    let trailing = |byte: usize| {
        syntax(format!(
            "JSON is malformed: trailing characters (byte {byte})"
        ))
    };
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "JSON text",
            json::<structs::CompatPoint>,
            br#"{"x":1} x"#.to_vec(),
            vec![trailing(9)],
        ),
        (
            "JSON second value",
            json::<structs::CompatPoint>,
            br#"{"x":1}{"x":2}"#.to_vec(),
            vec![trailing(8)],
        ),
        (
            "JSON NUL",
            json::<scalars::IntValue>,
            b"1\0".to_vec(),
            vec![trailing(2)],
        ),
        (
            "JSON after problems",
            json::<structs::StrictPoint>,
            br#"{"x":"a"} ]"#.to_vec(),
            vec![
                issue(IssueKind::Type, "$.x", "Expected `int`, got `str`"),
                trailing(11),
            ],
        ),
        (
            "JSON whitespace is fine",
            json::<structs::CompatPoint>,
            b"{\"x\":1} \n\t\r ".to_vec(),
            vec![],
        ),
        (
            "MessagePack",
            msgpack::<structs::CompatPoint>,
            vec![0x81, 0xa1, b'x', 1, 0xc0],
            vec![syntax(
                "MessagePack data is malformed: trailing characters (byte 4)",
            )],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
    check_toml(
        "TOML",
        toml::<structs::CompatPoint>,
        "x = 1 garbage\n",
        &[syntax(
            "Invalid TOML: expected newline, `#` (at line 1, column 7)",
        )],
    );
}

#[test]
fn duplicate_keys() {
    let field = || {
        issue(
            IssueKind::DuplicateField,
            "$",
            "Object contains duplicate field `x`",
        )
    };
    let key = || {
        issue(
            IssueKind::DuplicateField,
            r#"$["a"]"#,
            "Object contains duplicate key",
        )
    };
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "JSON struct",
            json::<structs::StrictPoint>,
            br#"{"x":1,"x":2}"#.to_vec(),
            vec![field()],
        ),
        (
            "JSON struct, compat",
            json::<structs::CompatPoint>,
            br#"{"x":1,"y":2,"x":1}"#.to_vec(),
            vec![field()],
        ),
        (
            "JSON map",
            json::<BTreeMap<String, i64>>,
            br#"{"a":1,"a":1}"#.to_vec(),
            vec![key()],
        ),
        (
            "JSON any",
            json::<scalars::AnyValue>,
            br#"{"a":1,"a":2}"#.to_vec(),
            vec![key()],
        ),
        (
            "JSON escaped spelling",
            json::<BTreeMap<String, i64>>,
            br#"{"a":1,"\u0061":1}"#.to_vec(),
            vec![key()],
        ),
        (
            "MessagePack struct",
            msgpack::<structs::StrictPoint>,
            vec![0x82, 0xa1, b'x', 1, 0xa1, b'x', 2],
            vec![field()],
        ),
        (
            "MessagePack map",
            msgpack::<BTreeMap<String, i64>>,
            vec![0x82, 0xa1, b'a', 1, 0xa1, b'a', 1],
            vec![key()],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
    check_toml(
        "TOML",
        toml::<structs::CompatPoint>,
        "x = 1\nx = 2\n",
        &[syntax(
            "Invalid TOML: duplicate key `x` in document root (at line 2, column 1)",
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// A 64 MiB string

fn json_unlimited<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
    seam_runtime::json::decode_with::<T>(input, &Limits::unlimited()).map(drop)
}

fn msgpack_unlimited<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
    seam_runtime::msgpack::decode_with::<T>(input, &Limits::unlimited()).map(drop)
}

/// Strings of at most 1 MiB, inputs of any size.
fn string_limited() -> Limits {
    Limits::unlimited().with_max_string_len(MIB)
}

fn json_1_mib_strings<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
    seam_runtime::json::decode_with::<T>(input, &string_limited()).map(drop)
}

fn msgpack_1_mib_strings<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
    seam_runtime::msgpack::decode_with::<T>(input, &string_limited()).map(drop)
}

/// `validate()` re-decodes a value the program already holds: the input-size limit, which is
/// for untrusted bytes, does not apply to it.
#[test]
fn validate_checks_a_value_larger_than_the_input_limit() {
    let mut row: structs::StrictRow =
        seam_runtime::json::decode(br#"[1, "x"]"#).expect("a valid row");
    row.name = "a".repeat(64 * MIB);
    assert!(row.validate().is_ok(), "{:?}", row.validate().err());
    // And a constraint is still checked on such a value, with its own kind and path.
    let mut lengths: constraints::Lengths = seam_runtime::json::decode(
        br#"{"text":"abc","exact":"abc","blob":"AA==","items":[1],"unique":[],"mapping":{"a":1}}"#,
    )
    .expect("valid lengths");
    lengths.text = "a".repeat(64 * MIB);
    let error = lengths.validate().expect_err("text is too long");
    let found: Vec<Expected> = error
        .issues()
        .iter()
        .map(|i| (i.kind, i.path.clone(), i.message.clone()))
        .collect();
    assert_eq!(
        found,
        vec![issue(
            IssueKind::Length,
            "$.text",
            "Expected `str` of length <= 5"
        )]
    );
}

#[test]
fn a_64_mib_string() {
    let text = "a".repeat(64 * MIB);
    let json_string = format!("\"{text}\"").into_bytes();
    let msgpack_string = mp_str(&text);
    let lengths = format!(
        r#"{{"text":"{text}","exact":"abc","blob":"AA==","items":[1],"unique":[],"mapping":{{"a":1}}}}"#
    )
    .into_bytes();
    drop(text);
    let too_big = |len: usize| {
        issue(
            IssueKind::Limit,
            "$",
            format!("Input of {len} bytes exceeds the maximum size of 67108864 bytes"),
        )
    };
    let too_long = |path: &str| {
        issue(
            IssueKind::Limit,
            path,
            "String of 67108864 bytes exceeds the maximum length of 1048576 bytes",
        )
    };
    // The default limits refuse the input before reading it.
    check_within(
        "JSON, default limits",
        json::<scalars::StrValue>,
        &json_string,
        &[too_big(json_string.len())],
        4 * KIB,
    );
    check_within(
        "MessagePack, default limits",
        msgpack::<scalars::StrValue>,
        &msgpack_string,
        &[too_big(msgpack_string.len())],
        4 * KIB,
    );
    // Without them it decodes, with one copy of the text (the value).
    let one_copy = 64 * MIB + 64 * KIB;
    check_within(
        "JSON, no limits",
        json_unlimited::<scalars::StrValue>,
        &json_string,
        &[],
        one_copy,
    );
    check_within(
        "MessagePack, no limits",
        msgpack_unlimited::<scalars::StrValue>,
        &msgpack_string,
        &[],
        one_copy,
    );
    // A length constraint rejects it (after one copy, dropped).
    let constraint = issue(IssueKind::Length, "$.text", "Expected `str` of length <= 5");
    check_within(
        "JSON, max_length = 5",
        json_unlimited::<constraints::Lengths>,
        &lengths,
        &[constraint],
        one_copy,
    );
    // `max_string_len` rejects it before any copy: the text is borrowed from the input.
    check_within(
        "JSON, max_string_len",
        json_1_mib_strings::<scalars::StrValue>,
        &json_string,
        &[too_long("$")],
        4 * KIB,
    );
    check_within(
        "MessagePack, max_string_len",
        msgpack_1_mib_strings::<scalars::StrValue>,
        &msgpack_string,
        &[too_long("$")],
        4 * KIB,
    );
    check_within(
        "JSON field, max_string_len",
        json_1_mib_strings::<constraints::Lengths>,
        &lengths,
        &[too_long("$.text")],
        4 * KIB,
    );
    // TOML: the default limits refuse it before parsing.
    let toml_text = format!("str_value = \"{}\"\n", "a".repeat(64 * MIB));
    // Refused before the `toml` crate reads it, like JSON and MessagePack.
    check_within(
        "TOML, default limits",
        toml::<scalars::PrimitiveDefaults>,
        toml_text.as_bytes(),
        &[too_big(toml_text.len())],
        4 * KIB,
    );
}

// ---------------------------------------------------------------------------------------------
// 100,000 unknown fields

fn json_unknown_fields(n: usize) -> Vec<u8> {
    let mut s = String::from(r#"{"x":1"#);
    for i in 0..n {
        s.push_str(&format!(r#","f{i}":{i}"#));
    }
    s.push('}');
    s.into_bytes()
}

fn msgpack_unknown_fields(n: usize) -> Vec<u8> {
    let mut out = mp_map(n + 1);
    out.extend([mp_str("x"), vec![1]].concat());
    for i in 0..n {
        out.extend(mp_str(&format!("f{i}")));
        out.extend(mp_int(i as i128));
    }
    out
}

#[test]
fn unknown_fields_100000_compat() {
    // Skipped in one pass, with nothing allocated per field.
    let toml_text: String = std::iter::once("x = 1\n".to_string())
        .chain((0..N).map(|i| format!("f{i} = {i}\n")))
        .collect();
    check_within(
        "JSON",
        json::<structs::CompatPoint>,
        &json_unknown_fields(N),
        &[],
        4 * KIB,
    );
    check_within(
        "MessagePack",
        msgpack::<structs::CompatPoint>,
        &msgpack_unknown_fields(N),
        &[],
        4 * KIB,
    );
    check_toml("TOML", toml::<structs::CompatPoint>, &toml_text, &[]);
}

fn unknown(i: usize) -> Expected {
    issue(
        IssueKind::UnknownField,
        "$",
        format!("Object contains unknown field `f{i}`"),
    )
}

fn json_all_issues<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
    let limits = Limits::default()
        .with_max_issues(usize::MAX)
        .with_max_report_bytes(usize::MAX);
    seam_runtime::json::decode_with::<T>(input, &limits).map(drop)
}

#[test]
fn unknown_fields_100000_strict() {
    // Each is a problem; the report keeps the first 1,000 and counts the others.
    let mut expected: Vec<Expected> = (0..1000).map(unknown).collect();
    expected.push(issue(
        IssueKind::Limit,
        "$",
        "99000 more problems not reported (the report keeps at most 1000 problems and 1048576 \
         bytes of text)",
    ));
    let json_input = json_unknown_fields(N);
    check_within(
        "JSON",
        json::<structs::StrictPoint>,
        &json_input,
        &expected,
        256 * KIB,
    );
    check_within(
        "MessagePack",
        msgpack::<structs::StrictPoint>,
        &msgpack_unknown_fields(N),
        &expected,
        256 * KIB,
    );
    // A service that wants them all can have them: memory linear in the input.
    let expected: Vec<Expected> = (0..N).map(unknown).collect();
    let max = 16 * json_input.len();
    check_within(
        "JSON, every problem",
        json_all_issues::<structs::StrictPoint>,
        &json_input,
        &expected,
        max,
    );
}

#[test]
fn many_problems_at_a_long_path() {
    // Every problem renders its whole path: 100,000 problems under a 1 MiB key would be 200 GB
    // of paths. The report stops growing at `max_report_bytes` (1 MiB): it keeps the first
    // problem, whatever its size, and counts the rest.
    let key = "k".repeat(MIB);
    let input = format!(r#"{{"{key}": [{}]}}"#, vec!["1e400"; N].join(",")).into_bytes();
    let expected = [
        issue(
            IssueKind::OutOfRange,
            format!(r#"$["{key}"][0]"#),
            "Number out of range",
        ),
        issue(
            IssueKind::Limit,
            "$",
            "99999 more problems not reported (the report keeps at most 1000 problems and \
             1048576 bytes of text)",
        ),
    ];
    // A few copies of the key (the path segment, the rendered path and pointer, with room to
    // grow), whatever the number of problems.
    check_within(
        "JSON",
        json::<BTreeMap<String, Vec<f64>>>,
        &input,
        &expected,
        16 * MIB,
    );
    // A failed optional value looks at the problem it may rename (`int | null`): the path is
    // rendered only when there is one kept, not once per failed value.
    let input = format!(r#"{{"{key}": [{}]}}"#, vec![r#""a""#; N].join(",")).into_bytes();
    let expected = [
        issue(
            IssueKind::Type,
            format!(r#"$["{key}"][0]"#),
            "Expected `int | null`, got `str`",
        ),
        issue(
            IssueKind::Limit,
            "$",
            "99999 more problems not reported (the report keeps at most 1000 problems and \
             1048576 bytes of text)",
        ),
    ];
    check_within(
        "JSON optional items",
        json::<BTreeMap<String, Vec<Option<i64>>>>,
        &input,
        &expected,
        16 * MIB,
    );
}

// ---------------------------------------------------------------------------------------------
// Pathological regular expressions

/// A string with a `pattern` constraint, decoded as the generated code of
/// `type Name = str(pattern = "...")` decodes it.
macro_rules! pattern_type {
    ($name:ident, $pattern:literal) => {
        struct $name;

        impl Decode for $name {
            fn decode<'de, R: Reader<'de> + ?Sized>(
                r: &mut R,
                cx: &mut Ctx,
            ) -> Result<Option<Self>, Fatal> {
                static PATTERN: Pattern = Pattern::new($pattern);
                Ok(check::decode_str(r, cx, &Lengths::ANY, Some(&PATTERN))?.map(|_| $name))
            }
        }
    };
}

pattern_type!(NestedPlus, "^(a+)+$");
pattern_type!(Alternation, "^(a|aa)+$");
pattern_type!(NestedStar, "^(a*)*b$");
pattern_type!(TwoPlus, "(x+x+)+y");

const CATASTROPHIC: [&str; 4] = ["^(a+)+$", "^(a|aa)+$", "^(a*)*b$", "(x+x+)+y"];

#[test]
fn catastrophic_patterns_are_valid_contracts() {
    // The compiler accepts them: a contract can carry them to the decoder.
    let mut sources = seam_codegen::source::MemorySources::new();
    let mut text = String::from("package evil;\n");
    for (i, pattern) in CATASTROPHIC.iter().enumerate() {
        text.push_str(&format!("type Evil{i} = str(pattern = {pattern:?});\n"));
    }
    sources.insert("evil.ir", text);
    let compilation = seam_codegen::check(&sources, &["evil.ir".into()]).expect("checked");
    assert!(
        !compilation.has_errors(),
        "{:?}",
        compilation.rendered_text()
    );
}

#[test]
fn pathological_regex_input() {
    // The `regex` crate matches in time linear in the text (no backtracking), so 100,000
    // characters that make a backtracking engine take exponential time are one pass.
    let a = "a".repeat(N);
    let x = "x".repeat(N);
    let json_string = |text: &str| format!("\"{text}\"").into_bytes();
    let no_match = |pattern: &str| {
        issue(
            IssueKind::Constraint,
            "$",
            format!("Expected `str` matching regex '{pattern}'"),
        )
    };
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "^(a+)+$ on a...a!",
            json::<NestedPlus>,
            json_string(&format!("{a}!")),
            vec![no_match(CATASTROPHIC[0])],
        ),
        (
            "^(a+)+$ on a...a",
            json::<NestedPlus>,
            json_string(&a),
            vec![],
        ),
        (
            "^(a|aa)+$ on a...a!",
            json::<Alternation>,
            json_string(&format!("{a}!")),
            vec![no_match(CATASTROPHIC[1])],
        ),
        (
            "^(a*)*b$ on a...a",
            json::<NestedStar>,
            json_string(&a),
            vec![no_match(CATASTROPHIC[2])],
        ),
        (
            "(x+x+)+y on x...x",
            json::<TwoPlus>,
            json_string(&x),
            vec![no_match(CATASTROPHIC[3])],
        ),
        (
            "MessagePack ^(a+)+$ on a...a!",
            msgpack::<NestedPlus>,
            mp_str(&format!("{a}!")),
            vec![no_match(CATASTROPHIC[0])],
        ),
        // A contract's own pattern, on a field.
        (
            "Patterns.anchored",
            json::<constraints::Patterns>,
            format!(r#"{{"anchored":"{a}!","unanchored":"1","combined":"xy"}}"#).into_bytes(),
            vec![issue(
                IssueKind::Constraint,
                "$.anchored",
                "Expected `str` matching regex '^[a-z]+$'",
            )],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Limits a service sets (`seam_runtime::Limits`)

/// Defines a decoder with the given limits, for `check`:
/// `limited!(name = format::entry_point(limits))`.
macro_rules! limited {
    ($name:ident = $format:ident :: $decode:ident ($limits:expr)) => {
        fn $name<T: Decode>(input: &[u8]) -> Result<(), DecodeError> {
            seam_runtime::$format::$decode::<T>(input, &$limits).map(drop)
        }
    };
}

fn toml_with<T: Decode>(limits: &Limits, text: &str) -> Vec<Expected> {
    match seam_runtime::toml::decode_with::<T>(text, limits) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .issues()
            .iter()
            .map(|i| (i.kind, i.path.clone(), i.message.clone()))
            .collect(),
    }
}

#[test]
fn default_limits() {
    let limits = Limits::default();
    assert_eq!(limits.max_input_bytes, 64 * MIB);
    assert_eq!(limits.max_depth, 128);
    assert_eq!(limits.max_collection_len, usize::MAX);
    assert_eq!(limits.max_string_len, usize::MAX);
    assert_eq!(limits.max_issues, 1000);
    assert_eq!(limits.max_report_bytes, MIB);
    let unlimited = Limits::unlimited();
    assert_eq!(unlimited.max_input_bytes, usize::MAX);
    assert_eq!(unlimited.max_depth, 128, "the depth keeps the stack safe");
    assert_eq!(unlimited.max_issues, usize::MAX);
    let mut set = Limits::default().with_max_depth(4);
    set.max_issues = 3;
    assert_eq!((set.max_depth, set.max_issues), (4, 3));
    // `decode` is `decode_with(&Limits::default())`.
    let input = br#"{"x": "a", "y": 1e400}"#;
    let a = seam_runtime::json::decode::<structs::StrictPoint>(input).unwrap_err();
    let b = seam_runtime::json::decode_with::<structs::StrictPoint>(input, &limits).unwrap_err();
    assert_eq!(a, b);
}

#[test]
fn limit_on_input_size() {
    let limits = Limits::default().with_max_input_bytes(8);
    let too_big = |len: usize| {
        vec![issue(
            IssueKind::Limit,
            "$",
            format!("Input of {len} bytes exceeds the maximum size of 8 bytes"),
        )]
    };
    limited!(json = json::decode_with(Limits::default().with_max_input_bytes(8)));
    limited!(json_lax = json::decode_lax_with(Limits::default().with_max_input_bytes(8)));
    let lines = |input: &[u8]| {
        seam_runtime::json::decode_lines_with::<scalars::IntValue>(
            input,
            &Limits::default().with_max_input_bytes(8),
        )
        .map(drop)
    };
    limited!(msgpack = msgpack::decode_with(Limits::default().with_max_input_bytes(8)));
    check("JSON at the limit", json::<Vec<i64>>, b"[1,2,34]", &[]);
    check("JSON over it", json::<Vec<i64>>, b"[1,2,345]", &too_big(9));
    check(
        "JSON lax over it",
        json_lax::<Vec<i64>>,
        b"[1,2,345]",
        &too_big(9),
    );
    check("JSON lines over it", lines, b"1\n2\n3\n4\n5", &too_big(9));
    check(
        "MessagePack over it",
        msgpack::<Vec<i64>>,
        &[0x98; 9],
        &too_big(9),
    );
    assert_eq!(
        toml_with::<structs::CompatPoint>(&limits, "x = 1234"),
        vec![]
    );
    assert_eq!(
        toml_with::<structs::CompatPoint>(&limits, "x = 12345"),
        too_big(9)
    );
}

#[test]
fn limit_on_depth() {
    let depth_of = |n: usize, path: &str| {
        vec![issue(
            IssueKind::Depth,
            path,
            format!("Nesting exceeds the maximum depth of {n}"),
        )]
    };
    limited!(json4 = json::decode_with(Limits::default().with_max_depth(4)));
    limited!(msgpack4 = msgpack::decode_with(Limits::default().with_max_depth(4)));
    check(
        "JSON 4 levels",
        json4::<scalars::AnyValue>,
        &json_arrays(4),
        &[],
    );
    check(
        "JSON 5 levels",
        json4::<scalars::AnyValue>,
        &json_arrays(5),
        &depth_of(4, "$[0][0][0][0]"),
    );
    check(
        "JSON Tree",
        json4::<aliases::Tree>,
        &json_tree(2),
        &depth_of(4, "$.children[0].children[0]"),
    );
    check(
        "MessagePack 5 levels",
        msgpack4::<scalars::AnyValue>,
        &msgpack_arrays(5),
        &depth_of(4, "$[0][0][0][0]"),
    );
    // MessagePack's skip follows the limit too (from the skipped value).
    check(
        "MessagePack skipped, 4 levels",
        msgpack4::<structs::CompatPoint>,
        &msgpack_with_unknown(&msgpack_arrays(4)),
        &[],
    );
    check(
        "MessagePack skipped, 5 levels",
        msgpack4::<structs::CompatPoint>,
        &msgpack_with_unknown(&msgpack_arrays(5)),
        &depth_of(4, "$"),
    );
    // Above the default: the skip's levels beyond 128 are kept on the heap.
    limited!(msgpack300 = msgpack::decode_with(Limits::default().with_max_depth(300)));
    check(
        "MessagePack skipped, 300 levels",
        msgpack300::<structs::CompatPoint>,
        &msgpack_with_unknown(&msgpack_arrays(299)),
        &[],
    );
    check(
        "MessagePack skipped, 301 levels",
        msgpack300::<structs::CompatPoint>,
        &msgpack_with_unknown(&msgpack_arrays(301)),
        &depth_of(300, "$"),
    );
    let mut mixed = [mp_map(1), mp_str("a"), vec![0x91]].concat().repeat(150);
    mixed.push(0xc0);
    check(
        "MessagePack skipped maps and arrays, 300 levels",
        msgpack300::<structs::CompatPoint>,
        &msgpack_with_unknown(&mixed),
        &[],
    );
    // 0: only scalars.
    limited!(json0 = json::decode_with(Limits::default().with_max_depth(0)));
    limited!(msgpack0 = msgpack::decode_with(Limits::default().with_max_depth(0)));
    check(
        "JSON depth 0, scalar",
        json0::<scalars::AnyValue>,
        b"1",
        &[],
    );
    check(
        "JSON depth 0, array",
        json0::<scalars::AnyValue>,
        b"[]",
        &depth_of(0, "$"),
    );
    check(
        "MessagePack depth 0, skipped",
        msgpack0::<structs::CompatPoint>,
        &[0x80],
        &depth_of(0, "$"),
    );
    // TOML: the document table is level 1.
    let toml3 = Limits::default().with_max_depth(3);
    assert_eq!(
        toml_with::<scalars::PrimitiveDefaults>(&toml3, "any_value = [[1]]"),
        vec![]
    );
    assert_eq!(
        toml_with::<scalars::PrimitiveDefaults>(&toml3, "any_value = [[[1]]]"),
        depth_of(3, "$.any_value[0][0]")
    );
}

#[test]
fn limit_on_collection_length() {
    let too_long = |what: &str, path: &str| {
        issue(
            IssueKind::Limit,
            path,
            format!("{what} exceeds the maximum length of 3"),
        )
    };
    limited!(json3 = json::decode_with(Limits::default().with_max_collection_len(3)));
    limited!(msgpack3 = msgpack::decode_with(Limits::default().with_max_collection_len(3)));
    let lines3 = |input: &[u8]| {
        seam_runtime::json::decode_lines_with::<scalars::IntValue>(
            input,
            &Limits::default().with_max_collection_len(3),
        )
        .map(drop)
    };
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "JSON array of 3",
            json3::<scalars::AnyValue>,
            b"[1,2,3]".to_vec(),
            vec![],
        ),
        (
            "JSON array of 4",
            json3::<scalars::AnyValue>,
            b"[1,2,3,4]".to_vec(),
            vec![too_long("Array", "$")],
        ),
        (
            "JSON list field",
            json3::<aliases::Tree>,
            br#"{"value":1,"children":[{"value":1},{"value":2},{"value":3},{"value":4}]}"#.to_vec(),
            vec![too_long("Array", "$.children")],
        ),
        (
            "JSON map",
            json3::<BTreeMap<String, i64>>,
            br#"{"a":1,"b":2,"c":3,"d":4}"#.to_vec(),
            vec![too_long("Object", "$")],
        ),
        (
            "JSON struct object",
            json3::<structs::CompatPoint>,
            br#"{"x":1,"y":2,"z":3,"w":4}"#.to_vec(),
            vec![too_long("Object", "$")],
        ),
        // Problems before it are reported with it.
        (
            "JSON after a problem",
            json3::<Vec<i64>>,
            br#"["a",2,3,4]"#.to_vec(),
            vec![
                issue(IssueKind::Type, "$[0]", "Expected `int`, got `str`"),
                too_long("Array", "$"),
            ],
        ),
        // Skipped values are not counted: they keep nothing.
        (
            "JSON skipped",
            json3::<structs::CompatPoint>,
            br#"{"x":1,"z":[1,2,3,4,5]}"#.to_vec(),
            vec![],
        ),
        // MessagePack: refused at the header, before the items (and before the truncation).
        (
            "MessagePack 4 GiB header",
            msgpack3::<scalars::AnyValue>,
            [&[0xdd][..], &[0xff; 4], &[1; 5]].concat(),
            vec![too_long("Array", "$")],
        ),
        (
            "MessagePack map header",
            msgpack3::<BTreeMap<String, i64>>,
            vec![0x84],
            vec![too_long("Object", "$")],
        ),
        (
            "MessagePack 3 items",
            msgpack3::<Vec<i64>>,
            vec![0x93, 1, 2, 3],
            vec![],
        ),
        (
            "JSON lines",
            lines3,
            b"1\n2\n3\n4\n".to_vec(),
            vec![issue(
                IssueKind::Limit,
                "$",
                "Input exceeds the maximum of 3 lines",
            )],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
    let limits = Limits::default().with_max_collection_len(3);
    assert_eq!(
        toml_with::<scalars::PrimitiveDefaults>(&limits, "any_value = [1, 2, 3, 4]"),
        vec![too_long("Array", "$.any_value")]
    );
}

#[test]
fn limit_on_string_length() {
    let too_long = |len: usize, path: &str| {
        issue(
            IssueKind::Limit,
            path,
            format!("String of {len} bytes exceeds the maximum length of 4 bytes"),
        )
    };
    limited!(json4 = json::decode_with(Limits::default().with_max_string_len(4)));
    limited!(msgpack4 = msgpack::decode_with(Limits::default().with_max_string_len(4)));
    let cases: Vec<(&str, Decoder, Vec<u8>, Vec<Expected>)> = vec![
        (
            "JSON 4 bytes",
            json4::<scalars::StrValue>,
            br#""abcd""#.to_vec(),
            vec![],
        ),
        (
            "JSON 5 bytes",
            json4::<scalars::StrValue>,
            br#""abcde""#.to_vec(),
            vec![too_long(5, "$")],
        ),
        // UTF-8 bytes after unescaping: `\u00e9` is two.
        (
            "JSON escapes",
            json4::<scalars::StrValue>,
            br#""abc\u00e9""#.to_vec(),
            vec![too_long(5, "$")],
        ),
        (
            "JSON map key",
            json4::<BTreeMap<String, i64>>,
            br#"{"abcde":1}"#.to_vec(),
            vec![too_long(5, "$")],
        ),
        (
            "JSON struct key",
            json4::<structs::CompatPoint>,
            br#"{"x":1,"abcde":1}"#.to_vec(),
            vec![too_long(5, "$")],
        ),
        (
            "JSON field",
            json4::<aliases::Graph>,
            br#"{"name":"abcde"}"#.to_vec(),
            vec![too_long(5, "$.name")],
        ),
        // bytes: the base64 text on the JSON wire, the bytes in MessagePack.
        (
            "JSON bytes",
            json4::<scalars::BytesValue>,
            br#""AAECAw==""#.to_vec(),
            vec![too_long(8, "$")],
        ),
        (
            "MessagePack str",
            msgpack4::<scalars::StrValue>,
            mp_str("abcde"),
            vec![too_long(5, "$")],
        ),
        (
            "MessagePack bin",
            msgpack4::<scalars::BytesValue>,
            vec![0xc4, 5, 0, 1, 2, 3, 4],
            vec![too_long(5, "$")],
        ),
        (
            "MessagePack ext",
            msgpack4::<aliases::Blob>,
            vec![0xc7, 5, 5, 0, 1, 2, 3, 4],
            vec![too_long(5, "$")],
        ),
        (
            "MessagePack key",
            msgpack4::<structs::CompatPoint>,
            [mp_map(1), mp_str("abcde"), vec![1]].concat(),
            vec![too_long(5, "$")],
        ),
        (
            "MessagePack skipped",
            msgpack4::<structs::CompatPoint>,
            mp_object(&[("x", vec![1]), ("z", mp_str("abcdefgh"))]),
            vec![],
        ),
    ];
    for (name, decode, input, expected) in cases {
        check(name, decode, &input, &expected);
    }
    let limits = Limits::default().with_max_string_len(4);
    assert_eq!(
        toml_with::<aliases::Graph>(&limits, "name = \"abcde\""),
        vec![too_long(5, "$.name")]
    );
}

#[test]
fn limit_on_the_report() {
    limited!(json3 = json::decode_with(Limits::default().with_max_issues(3)));
    let bad = |i: usize| {
        issue(
            IssueKind::Type,
            format!("$[{i}]"),
            "Expected `int`, got `str`",
        )
    };
    let more = |n: usize| {
        issue(
            IssueKind::Limit,
            "$",
            format!(
                "{n} more problems not reported (the report keeps at most 3 problems and 1048576 \
                 bytes of text)"
            ),
        )
    };
    check(
        "JSON 3 problems",
        json3::<Vec<i64>>,
        br#"["a","b","c"]"#,
        &[bad(0), bad(1), bad(2)],
    );
    check(
        "JSON 5 problems",
        json3::<Vec<i64>>,
        br#"["a","b","c","d","e"]"#,
        &[bad(0), bad(1), bad(2), more(2)],
    );
    // A syntax error stops decoding: it is reported last, after the count.
    check(
        "JSON 5 problems and a syntax error",
        json3::<Vec<i64>>,
        br#"["a","b","c","d","e",]"#,
        &[
            bad(0),
            bad(1),
            bad(2),
            more(2),
            syntax("JSON is malformed: trailing comma in array (byte 21)"),
        ],
    );
    // The byte budget: the first problem is always kept.
    limited!(json_tiny = json::decode_with(Limits::default().with_max_report_bytes(1)));
    check(
        "JSON 1-byte report",
        json_tiny::<Vec<i64>>,
        br#"["a","b"]"#,
        &[
            bad(0),
            issue(
                IssueKind::Limit,
                "$",
                "1 more problems not reported (the report keeps at most 1000 problems and 1 bytes \
                 of text)",
            ),
        ],
    );
}
