//! Tests of the JSON reader and writer against vectors produced by msgspec 0.22.
//!
//! The tables below were printed by Python one-liners (given above each table) so they can be
//! re-checked; `runtime/tests/data/gen_json_floats.py` generates the float vectors.

use std::borrow::Cow;

use proptest::prelude::*;

use super::*;
use crate::de::{mismatch, Ctx, Decode, Fatal, Int, Key, Kind, Reader};
use crate::error::{IssueKind, Segment};
use crate::ser::{Encode, Writer};

/// A JSON value as msgspec decodes it with `type=object`, read through the `Reader` trait.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Int(Int),
    Float(f64),
    Str(String),
    Array(Vec<V>),
    Map(Vec<(String, V)>),
}

/// Reads one value as msgspec's `json_decode` does for `object` (recursion bounded).
fn walk<'de>(r: &mut JsonReader<'de>, depth: usize) -> Result<V, Fatal> {
    if depth > 64 {
        r.skip()?;
        return Ok(V::Null);
    }
    Ok(match r.peek()? {
        Kind::Null => {
            r.read_null()?;
            V::Null
        }
        Kind::Bool => V::Bool(r.read_bool()?),
        Kind::Int => V::Int(r.read_int()?),
        Kind::Float => match r.read_float()? {
            // msgspec's ValidationError for a float literal beyond f64 (no path kept here).
            f if f.is_infinite() => return Err(super::read::syntax("Number out of range".into())),
            f => V::Float(f),
        },
        Kind::Str => V::Str(r.read_str()?.into_owned()),
        Kind::Array => {
            let mut seq = r.begin_array()?;
            let mut items = Vec::new();
            while r.next_element(&mut seq)? {
                items.push(walk(r, depth + 1)?);
            }
            V::Array(items)
        }
        Kind::Map => {
            let mut seq = r.begin_map()?;
            let mut entries = Vec::new();
            while let Some(key) = r.next_key(&mut seq)? {
                let Key::Str(key) = key else {
                    panic!("JSON keys are strings")
                };
                entries.push((key.into_owned(), walk(r, depth + 1)?));
            }
            V::Map(entries)
        }
        other => panic!("no {other:?} in JSON"),
    })
}

/// `msgspec.json.decode(input)`: the value, then only whitespace.
fn decode_value(input: &[u8]) -> Result<V, String> {
    let mut r = JsonReader::new(input);
    let v = walk(&mut r, 0).and_then(|v| r.end().map(|()| v));
    v.map_err(|e| {
        assert_eq!(
            (e.kind, e.path.as_str(), e.pointer.as_str()),
            (IssueKind::Syntax, "$", "")
        );
        e.message
    })
}

/// `msgspec.json.decode(b'{"b":' + x + b'}', type=S)` where `S` has no field `b`: the value of
/// `b` is skipped.
fn skip_field(x: &[u8]) -> Result<(), String> {
    let input = [b"{\"b\":".as_slice(), x, b"}"].concat();
    let mut r = JsonReader::new(&input);
    let run = |r: &mut JsonReader<'_>| -> Result<(), Fatal> {
        let mut seq = r.begin_map()?;
        while r.next_key(&mut seq)?.is_some() {
            r.skip()?;
        }
        r.end()
    };
    run(&mut r).map_err(|e| e.message)
}

// Printed by `python3 -c "import msgspec
// for c in CASES:
//     try: msgspec.json.decode(c)
//     except Exception as e: print(repr(c), e)"`
// (the UTF-8 texts are CPython's UnicodeDecodeError, which msgspec lets through).
const DECODE_ERRORS: &[(&[u8], &str)] = &[
    (b"", "Input data was truncated"),
    (b" ", "Input data was truncated"),
    (
        b"\xef\xbb\xbf1",
        "JSON is malformed: invalid character (byte 0)",
    ),
    (b"nul", "Input data was truncated"),
    (b"nulx", "JSON is malformed: invalid character (byte 4)"),
    (b"tru", "Input data was truncated"),
    (b"trux", "JSON is malformed: invalid character (byte 4)"),
    (b"fals", "Input data was truncated"),
    (b"falsx", "JSON is malformed: invalid character (byte 5)"),
    (b"+1", "JSON is malformed: invalid character (byte 0)"),
    (b"01", "JSON is malformed: invalid number (byte 1)"),
    (b"-", "JSON is malformed: invalid number (byte 1)"),
    (b"-a", "JSON is malformed: invalid character (byte 1)"),
    (b"1.", "JSON is malformed: invalid number (byte 2)"),
    (b"1.e5", "JSON is malformed: invalid number (byte 2)"),
    (b"1e", "JSON is malformed: invalid number (byte 2)"),
    (b"1e+", "JSON is malformed: invalid number (byte 3)"),
    (b"1ex", "JSON is malformed: invalid number (byte 2)"),
    (b".5", "JSON is malformed: invalid character (byte 0)"),
    (b"NaN", "JSON is malformed: invalid character (byte 0)"),
    (b"Infinity", "JSON is malformed: invalid character (byte 0)"),
    (
        b"-Infinity",
        "JSON is malformed: invalid character (byte 1)",
    ),
    (b"-01", "JSON is malformed: invalid number (byte 2)"),
    (b"00", "JSON is malformed: invalid number (byte 1)"),
    (
        b"[1,]",
        "JSON is malformed: trailing comma in array (byte 3)",
    ),
    (b"[1 2]", "JSON is malformed: expected ',' or ']' (byte 3)"),
    (b"[", "Input data was truncated"),
    (b"[1", "Input data was truncated"),
    (b"[1,", "Input data was truncated"),
    (b"[,1]", "JSON is malformed: invalid character (byte 1)"),
    (b"[1}", "JSON is malformed: expected ',' or ']' (byte 2)"),
    (
        b"[\"a\":1]",
        "JSON is malformed: expected ',' or ']' (byte 4)",
    ),
    (b"[]]", "JSON is malformed: trailing characters (byte 3)"),
    (b"{", "Input data was truncated"),
    (b"{\"a\"", "Input data was truncated"),
    (b"{\"a\":", "Input data was truncated"),
    (b"{\"a\":1", "Input data was truncated"),
    (
        b"{\"a\":1,}",
        "JSON is malformed: trailing comma in object (byte 7)",
    ),
    (b"{\"a\" 1}", "JSON is malformed: expected ':' (byte 5)"),
    (
        b"{1:2}",
        "JSON is malformed: object keys must be strings (byte 1)",
    ),
    (
        b"{,}",
        "JSON is malformed: object keys must be strings (byte 1)",
    ),
    (
        b"{\"a\":1 \"b\":2}",
        "JSON is malformed: expected ',' or '}' (byte 7)",
    ),
    (
        b"{\"a\":1]",
        "JSON is malformed: expected ',' or '}' (byte 6)",
    ),
    (b"{\"a\",1}", "JSON is malformed: expected ':' (byte 4)"),
    (b"\"abc", "Input data was truncated"),
    (
        b"\"a\x01\"",
        "JSON is malformed: invalid character (byte 2)",
    ),
    (b"\"\t\"", "JSON is malformed: invalid character (byte 1)"),
    (
        b"\"a\\x\"",
        "JSON is malformed: invalid escape character in string (byte 4)",
    ),
    (b"\"\\", "Input data was truncated"),
    (b"\"\\u12\"", "Input data was truncated"),
    (
        b"\"\\u12g4\"",
        "JSON is malformed: invalid character in unicode escape (byte 6)",
    ),
    (b"\"\\ud800\"", "Input data was truncated"),
    (
        b"\"\\ud800xxxxxx\"",
        "JSON is malformed: unexpected end of escaped utf-16 surrogate pair (byte 7)",
    ),
    (
        b"\"\\udc00\"",
        "JSON is malformed: invalid utf-16 surrogate pair (byte 7)",
    ),
    (
        b"\"\\ud800\\u0041\"",
        "JSON is malformed: invalid utf-16 surrogate pair (byte 13)",
    ),
    (b"\"\\ud800\\u00\"", "Input data was truncated"),
    (
        b"\"\\ud800\\uZ000\"",
        "JSON is malformed: invalid character in unicode escape (byte 10)",
    ),
    (
        b"\"abc\\n\x1f\"",
        "JSON is malformed: invalid character (byte 6)",
    ),
    (
        b"\"\xff\"",
        "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
    ),
    (
        b"\"\xc3\"",
        "'utf-8' codec can't decode byte 0xc3 in position 0: unexpected end of data",
    ),
    (
        b"\"\xed\xa0\x80\"",
        "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte",
    ),
    (
        b"\"\xe2\x82A\"",
        "'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte",
    ),
    (
        b"\"\xe2\x82\"",
        "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data",
    ),
    (
        b"\"ab\xc0\xaf\"",
        "'utf-8' codec can't decode byte 0xc0 in position 2: invalid start byte",
    ),
    (
        b"\"\xe0\x80\x80\"",
        "'utf-8' codec can't decode byte 0xe0 in position 0: invalid continuation byte",
    ),
    (
        b"\"\xf4\x90\x80\x80\"",
        "'utf-8' codec can't decode byte 0xf4 in position 0: invalid continuation byte",
    ),
    (
        b"\"\\n\xff\"",
        "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte",
    ),
    (
        b"\"\\u00e9\xf8x\"",
        "'utf-8' codec can't decode byte 0xf8 in position 2: invalid start byte",
    ),
    (
        b"{\"\xff\":1}",
        "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
    ),
    (b"1 2", "JSON is malformed: trailing characters (byte 3)"),
    (b"1 x", "JSON is malformed: trailing characters (byte 3)"),
    (b"[] ]", "JSON is malformed: trailing characters (byte 4)"),
    (b"/*c*/1", "JSON is malformed: invalid character (byte 0)"),
    (b"1//", "JSON is malformed: trailing characters (byte 2)"),
    (b"}", "JSON is malformed: invalid character (byte 0)"),
    (b"]", "JSON is malformed: invalid character (byte 0)"),
    (b",", "JSON is malformed: invalid character (byte 0)"),
    (b":", "JSON is malformed: invalid character (byte 0)"),
    (b"x", "JSON is malformed: invalid character (byte 0)"),
    (b"\x00", "JSON is malformed: invalid character (byte 0)"),
    (b"  x", "JSON is malformed: invalid character (byte 2)"),
    (b"\"a\"x", "JSON is malformed: trailing characters (byte 4)"),
    (b"1.5x", "JSON is malformed: trailing characters (byte 4)"),
    (b"1e5x", "JSON is malformed: trailing characters (byte 4)"),
    (b"\x0c1", "JSON is malformed: invalid character (byte 0)"),
    (
        b"nullnull",
        "JSON is malformed: trailing characters (byte 5)",
    ),
    (
        b"true false",
        "JSON is malformed: trailing characters (byte 6)",
    ),
    (b"1\x00", "JSON is malformed: trailing characters (byte 2)"),
];

// Printed by `python3 -c "import msgspec
// class S(msgspec.Struct): a: int = 0
// for x in CASES:
//     try: msgspec.json.decode(b'{\"b\":' + x + b'}', type=S)
//     except Exception as e: print(repr(x), e)"` (None: accepted).
const SKIP_ERRORS: &[(&[u8], Option<&str>)] = &[
    (
        b"nulx",
        Some("JSON is malformed: invalid character (byte 6)"),
    ),
    (b"nu", Some("Input data was truncated")),
    (
        b"truex",
        Some("JSON is malformed: expected ',' or '}' (byte 9)"),
    ),
    (
        b"fals",
        Some("JSON is malformed: invalid character (byte 6)"),
    ),
    (b"-", Some("JSON is malformed: invalid character (byte 6)")),
    (b"-a", Some("JSON is malformed: invalid character (byte 6)")),
    (b"01", Some("JSON is malformed: invalid number (byte 6)")),
    (b"1.", Some("JSON is malformed: invalid number (byte 7)")),
    (b"1e", Some("JSON is malformed: invalid number (byte 7)")),
    (b"1e+", Some("JSON is malformed: invalid number (byte 8)")),
    (b"x", Some("JSON is malformed: invalid character (byte 5)")),
    (b"}", Some("JSON is malformed: invalid character (byte 5)")),
    (
        b"\"\\x\"",
        Some("JSON is malformed: invalid escaped character (byte 7)"),
    ),
    (
        b"\"\\u12\"",
        Some("JSON is malformed: invalid character in unicode escape (byte 11)"),
    ),
    (
        b"\"\\u12G4\"",
        Some("JSON is malformed: invalid character in unicode escape (byte 11)"),
    ),
    (b"\"\\ud800\"", Some("Input data was truncated")),
    (
        b"\"\\ud800xxxxxx\"",
        Some("JSON is malformed: unexpected end of hex escape (byte 12)"),
    ),
    (
        b"\"\\ud800\\u0041\"",
        Some("JSON is malformed: invalid utf-16 surrogate pair (byte 18)"),
    ),
    (
        b"\"\\udc00\"",
        Some("JSON is malformed: invalid utf-16 surrogate pair (byte 12)"),
    ),
    (
        b"\"a\x01\"",
        Some("JSON is malformed: invalid character (byte 7)"),
    ),
    (b"\"\xff\"", None),
    (b"\"abc", Some("Input data was truncated")),
    (
        b"[1,]",
        Some("JSON is malformed: trailing comma in array (byte 8)"),
    ),
    (
        b"[1,2,}",
        Some("JSON is malformed: invalid character (byte 10)"),
    ),
    (
        b"[1 2]",
        Some("JSON is malformed: expected ',' or ']' (byte 8)"),
    ),
    (
        b"[,1]",
        Some("JSON is malformed: invalid character (byte 6)"),
    ),
    (b"[", Some("JSON is malformed: invalid character (byte 6)")),
    (
        b"[[[",
        Some("JSON is malformed: invalid character (byte 8)"),
    ),
    (b"{1:2}", Some("JSON is malformed: expected '\"' (byte 6)")),
    (
        b"{\"a\":1,}",
        Some("JSON is malformed: trailing comma in object (byte 12)"),
    ),
    (
        b"{\"a\" 1}",
        Some("JSON is malformed: expected ':' (byte 10)"),
    ),
    (
        b"{\"a\":1 \"b\":2}",
        Some("JSON is malformed: expected ',' or '}' (byte 12)"),
    ),
    (b"{,}", Some("JSON is malformed: expected '\"' (byte 6)")),
    (
        b"{\"a\":1]",
        Some("JSON is malformed: expected ',' or '}' (byte 11)"),
    ),
    (b"{\"\xff\":1}", None),
    (b"1e400", None),
    (
        b"[{\"x\":[1,{\"y\":\"z\"}]}, null, true, false, -0.5e-3]",
        None,
    ),
    (b"{\"a\":{\"b\":{\"c\":[]}}}", None),
    (b"\"\\ud83d\\ude00\"", None),
];

#[derive(Debug, Clone, Copy)]
enum Num {
    I(i64),
    U(u64),
    /// An integer beyond 64 bits: the bits of `msgspec.json.decode(lit, type=float)`
    /// (infinite where msgspec says `Number out of range`).
    B(u64),
    /// A float literal: the bits of `msgspec.json.decode(lit)` (infinite where msgspec says
    /// `Number out of range`).
    F(u64),
}

// Printed by `python3 -c "import msgspec, struct
// bits = lambda x: struct.unpack('<Q', struct.pack('<d', x))[0]
// for l in LITERALS: v = msgspec.json.decode(l); print(l, v if isinstance(v, int) else hex(bits(v)))"`
// (plus `type=float` for the integers beyond 64 bits), with 40 random literals.
const NUMBERS: &[(&str, Num)] = &[
    ("0", Num::I(0)),
    ("-0", Num::I(0)),
    ("1", Num::I(1)),
    ("-1", Num::I(-1)),
    ("9223372036854775807", Num::I(9223372036854775807)),
    ("-9223372036854775808", Num::I(-9223372036854775808)),
    ("9223372036854775808", Num::U(9223372036854775808)),
    ("-9223372036854775809", Num::B(0xc3e0000000000000)),
    ("18446744073709551615", Num::U(18446744073709551615)),
    ("18446744073709551616", Num::B(0x43f0000000000000)),
    ("99999999999999999999", Num::B(0x4415af1d78b58c40)),
    ("123456789012345678901234567890", Num::B(0x45f8ee90ff6c373e)),
    (
        "-123456789012345678901234567890",
        Num::B(0xc5f8ee90ff6c373e),
    ),
    ("0.0", Num::F(0x0000000000000000)),
    ("-0.0", Num::F(0x8000000000000000)),
    ("1.5", Num::F(0x3ff8000000000000)),
    ("-1.5", Num::F(0xbff8000000000000)),
    ("0.1", Num::F(0x3fb999999999999a)),
    ("1e5", Num::F(0x40f86a0000000000)),
    ("1E5", Num::F(0x40f86a0000000000)),
    ("1e+5", Num::F(0x40f86a0000000000)),
    ("1e-5", Num::F(0x3ee4f8b588e368f1)),
    ("1.0e-400", Num::F(0x0000000000000000)),
    ("1e400", Num::F(0x7ff0000000000000)),
    ("-1e400", Num::F(0xfff0000000000000)),
    ("1.7976931348623157e308", Num::F(0x7fefffffffffffff)),
    ("1.7976931348623159e308", Num::F(0x7ff0000000000000)),
    ("4.9406564584124654e-324", Num::F(0x0000000000000001)),
    ("2.4703282292062327e-324", Num::F(0x0000000000000000)),
    ("2.4703282292062328e-324", Num::F(0x0000000000000001)),
    ("9007199254740993.0", Num::F(0x4340000000000000)),
    ("9007199254740993", Num::I(9007199254740993)),
    (
        "0.000000000000000000000000000001",
        Num::F(0x39b4484bfeebc2a0),
    ),
    (
        "123456789012345678901234567890.5",
        Num::F(0x45f8ee90ff6c373e),
    ),
    ("2.2250738585072011e-308", Num::F(0x000fffffffffffff)),
    ("1e23", Num::F(0x44b52d02c7e14af6)),
    ("8.98846567431158e307", Num::F(0x7fe0000000000000)),
    ("0.1e1", Num::F(0x3ff0000000000000)),
    ("1e-7", Num::F(0x3e7ad7f29abcaf48)),
    ("12345678901234567890e-5", Num::F(0x42dc12218377de6b)),
    (
        "1.00000000000000011102230246251565404236316680908203125",
        Num::F(0x3ff0000000000000),
    ),
    (
        "1.00000000000000011102230246251565404236316680908203124",
        Num::F(0x3ff0000000000000),
    ),
    (
        "1.00000000000000011102230246251565404236316680908203126",
        Num::F(0x3ff0000000000001),
    ),
    ("7.2057594037927933e16", Num::F(0x4370000000000000)),
    ("1e22", Num::F(0x4480f0cf064dd592)),
    ("1e-22", Num::F(0x3b5e392010175ee6)),
    ("3e22", Num::F(0x449969368974c05b)),
    ("123e-24", Num::F(0x3b629654ffa7f915)),
    ("-5e-324", Num::F(0x8000000000000001)),
    ("0e10", Num::F(0x0000000000000000)),
    ("0.0e-10000000000", Num::F(0x0000000000000000)),
    (
        "1e00000000000000000000000000001",
        Num::F(0x4024000000000000),
    ),
    ("26018159083.1e104", Num::F(0x57b0e782c3ce60cf)),
    ("18609139.9e259", Num::F(0x773715c3634ba7d2)),
    ("8246281.482199351819093786e-19", Num::F(0x3d6d03970cff8288)),
    (
        "754323194875749118625276018955.5979711471049746507529e-221",
        Num::F(0x18413530abdc5ee4),
    ),
    ("4236671.76842", Num::F(0x4150295ff12dcb14)),
    (
        "656321223.307924402685995289078e61",
        Num::F(0x4e6e6e2da4fa8d21),
    ),
    ("1760313721590.092e209", Num::F(0x6ddf2ab83a55f15b)),
    ("901396245957.177e151", Num::F(0x61c4092e60cf04e9)),
    ("215.47280385280841485253888e-3", Num::F(0x3fcb949ce2dcd480)),
    ("33633875004743957551.1373537", Num::F(0x43fd2c3871deda74)),
    ("7511637265167612220.9729", Num::F(0x43da0fac92d5f9be)),
    (
        "5288200182633043483954.62057986828288072e283",
        Num::F(0x7f334748eb2185a2),
    ),
    (
        "22279180588871803340187801.59898347887838",
        Num::F(0x45326dccccbe8d2c),
    ),
    (
        "37261675136134125242731672326.6563551505877065e189",
        Num::F(0x6d1b05c2689f791b),
    ),
    (
        "11311440242646288.751402614014193141e124",
        Num::F(0x5d02ff4962e8cedb),
    ),
    (
        "649208312402344834.82450400088387",
        Num::F(0x43a204e70a7bf1f7),
    ),
    ("6786.4335326502014620e-254", Num::F(0x0bff18d28ee367e1)),
    ("8493407224704.58530435205e50", Num::F(0x4d00845e448f3a02)),
    ("833801412.906044319829", Num::F(0x41c8d9666273f943)),
    (
        "724920868288909310025167.00837407188181741e-69",
        Num::F(0x36908de463888954),
    ),
    (
        "3377617409319254499207074.137484777183417047187e-65",
        Num::F(0x378789deedeb77c4),
    ),
    (
        "319128452984153776020776426565.505",
        Num::F(0x46101ca37a1578b7),
    ),
    ("3044.16691564041", Num::F(0x40a7c85575f78181)),
    (
        "2346853560.6883106792470822765444463e-32",
        Num::F(0x3b3c5f28f3fa082b),
    ),
    ("6122138783757628331258.53e37", Num::F(0x4c23819a39d48d6b)),
    ("3066683645074952883.43e53", Num::F(0x4ec6377b1d865775)),
    ("640206797016877.1322817e-253", Num::F(0x0e7aae40c88b4184)),
    ("2.9042486e-226", Num::F(0x111b852765fe909c)),
    ("8936439008.745378383", Num::F(0x4200a539e705f689)),
    (
        "40037614365370565630481.734337e-114",
        Num::F(0x2cf4e0fd34282e66),
    ),
    (
        "41979237609260309260026751125.287046",
        Num::F(0x45e0f48d2ad86471),
    ),
    ("210141561836546.07e-140", Num::F(0x25d6c28809d1209c)),
    (
        "735570636060710431955459045440.91031776467272042935575e270",
        Num::F(0x7e3192ec8711a419),
    ),
    ("6236107.85261149131677232e86", Num::F(0x5333222e8b0df4aa)),
    (
        "38144494544373233249351643883.17010737504310399315",
        Num::F(0x45ded018ba2ac977),
    ),
    ("940199530552034.9", Num::F(0x430ab8da184ad717)),
    ("565294130787161682812646446.4", Num::F(0x457d399b03c11305)),
    (
        "60536630626116.572200826199582254e-175",
        Num::F(0x1e75c9b58ee4aa51),
    ),
    (
        "116734207509619239693729306826.12330805169e126",
        Num::F(0x602169b1d75b12d5),
    ),
    ("464936657872009773797.76112e27", Num::F(0x49d45c1ec542ffad)),
];

#[test]
fn syntax_errors_match_msgspec() {
    for &(input, expected) in DECODE_ERRORS {
        assert_eq!(
            decode_value(input),
            Err(expected.to_string()),
            "input {:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn skip_errors_match_msgspec() {
    for &(x, expected) in SKIP_ERRORS {
        assert_eq!(
            skip_field(x),
            expected.map(str::to_string).ok_or(()).map_or(Ok(()), Err),
            "value {:?}",
            String::from_utf8_lossy(x)
        );
    }
}

#[test]
fn numbers_match_msgspec() {
    for &(lit, expected) in NUMBERS {
        let mut r = JsonReader::new(lit.as_bytes());
        let kind = r.peek().unwrap();
        let got = match (kind, expected) {
            (Kind::Int, Num::I(v)) => r.read_int().unwrap() == Int::I64(v),
            (Kind::Int, Num::U(v)) => r.read_int().unwrap() == Int::U64(v),
            (Kind::Int, Num::B(bits)) => {
                matches!(r.read_int().unwrap(), Int::Big(f) if f.to_bits() == bits)
            }
            (Kind::Float, Num::F(bits)) => r.read_float().unwrap().to_bits() == bits,
            _ => false,
        };
        assert!(got, "{lit}: {kind:?} {expected:?}");
        r.end().unwrap();
        // read_float reads integer literals too, as the nearest float.
        let mut r = JsonReader::new(lit.as_bytes());
        let f = r.read_float().unwrap();
        let want = match expected {
            Num::I(v) => v as f64,
            Num::U(v) => v as f64,
            Num::B(bits) | Num::F(bits) => f64::from_bits(bits),
        };
        assert_eq!(f.to_bits(), want.to_bits(), "{lit}");
    }
    // 1 followed by 400 zeros: beyond f64 (msgspec with type=float: `Number out of range`).
    let lit = format!("1{}", "0".repeat(400));
    assert_eq!(
        JsonReader::new(lit.as_bytes()).read_int().unwrap(),
        Int::Big(f64::INFINITY)
    );
}

#[test]
fn float_vectors_from_msgspec() {
    // runtime/tests/data/json_floats.jsonl, from gen_json_floats.py: [bits_hex, msgspec text].
    let data = include_str!("../../tests/data/json_floats.jsonl");
    let mut count = 0;
    for line in data.lines() {
        let (bits, text): (String, String) = serde_json::from_str(line).unwrap();
        let value = f64::from_bits(u64::from_str_radix(&bits, 16).unwrap());
        let mut out = Vec::new();
        write_f64(&mut out, value);
        assert_eq!(std::str::from_utf8(&out).unwrap(), text, "bits {bits}");
        if value.is_finite() {
            let mut r = JsonReader::new(text.as_bytes());
            r.peek().unwrap();
            assert_eq!(r.read_float().unwrap().to_bits(), value.to_bits(), "{text}");
            r.end().unwrap();
        }
        count += 1;
    }
    assert!(count > 1800);
}

#[test]
fn values_read_as_msgspec() {
    let doc =
        br#" { "a" : [1, -2.5e3, true, false, null, "x"], "b": {}, "c": [], "d": {"e": [[]]} } "#;
    let v = decode_value(doc).unwrap();
    assert_eq!(
        v,
        V::Map(vec![
            (
                "a".into(),
                V::Array(vec![
                    V::Int(Int::I64(1)),
                    V::Float(-2500.0),
                    V::Bool(true),
                    V::Bool(false),
                    V::Null,
                    V::Str("x".into()),
                ])
            ),
            ("b".into(), V::Map(vec![])),
            ("c".into(), V::Array(vec![])),
            (
                "d".into(),
                V::Map(vec![("e".into(), V::Array(vec![V::Array(vec![])]))])
            ),
        ])
    );
    // Whitespace is space, tab, CR, LF only.
    assert_eq!(decode_value(b"\t\n\r 1 \t\n\r"), Ok(V::Int(Int::I64(1))));
}

#[test]
fn strings_borrow_unless_escaped() {
    let mut r = JsonReader::new("\"plain ascii and é\"".as_bytes());
    assert!(matches!(
        r.read_str().unwrap(),
        Cow::Borrowed("plain ascii and é")
    ));
    // python3 -c "import msgspec; print(msgspec.json.decode(rb'\"a\u00e9\ud83d\ude00\/\b\f\n\r\t\\\\\"z\"'))"
    let mut r = JsonReader::new(br#""a\u00e9\ud83d\ude00\/\b\f\n\r\t\\\"z""#);
    let s = r.read_str().unwrap();
    assert!(matches!(s, Cow::Owned(_)));
    assert_eq!(s, "a\u{e9}\u{1F600}/\u{8}\u{c}\n\r\t\\\"z");
    // DEL and NUL (escaped) are fine: msgspec.json.decode(b'"\\u0000\x7f\xc3\xa9"') == '\x00\x7fé'
    let mut r = JsonReader::new(b"\"\\u0000\x7f\xc3\xa9\"");
    assert_eq!(r.read_str().unwrap(), "\0\u{7f}é");
    // Long strings cross the 16-byte scan blocks at every offset.
    for len in 0..40 {
        for special in ["\"", "\\n", "\u{1}"] {
            let body = "x".repeat(len);
            let doc = format!("\"{body}{special}");
            let mut r = JsonReader::new(doc.as_bytes());
            match special {
                "\"" => assert_eq!(r.read_str().unwrap(), body),
                "\\n" => assert_eq!(r.read_str().unwrap_err().message, TRUNCATED),
                _ => assert_eq!(
                    r.read_str().unwrap_err().message,
                    format!("JSON is malformed: invalid character (byte {})", len + 1)
                ),
            }
        }
    }
    // A document that is not all UTF-8 (the skipped value is not): strings are checked one
    // by one. msgspec accepts this for a struct without field `b`.
    let mut r = JsonReader::new(b"{\"b\":\"\xff\",\"a\":\"\xc3\xa9\"}");
    let mut seq = r.begin_map().unwrap();
    assert_eq!(r.next_key(&mut seq).unwrap(), Some(Key::Str("b".into())));
    r.skip().unwrap();
    assert_eq!(r.next_key(&mut seq).unwrap(), Some(Key::Str("a".into())));
    assert!(matches!(r.read_str().unwrap(), Cow::Borrowed("\u{e9}")));
    assert_eq!(r.next_key(&mut seq).unwrap(), None);
    // Keys borrow too.
    let mut r = JsonReader::new(br#"{"k":1}"#);
    let mut seq = r.begin_map().unwrap();
    assert!(matches!(
        r.next_key(&mut seq).unwrap(),
        Some(Key::Str(Cow::Borrowed("k")))
    ));
}

#[test]
fn mark_and_reset() {
    let mut r = JsonReader::new(br#"{"x": 1, "tag": "b"}"#);
    let mut seq = r.begin_map().unwrap();
    let mark = r.mark();
    let mut seq2 = seq;
    assert_eq!(r.next_key(&mut seq2).unwrap(), Some(Key::Str("x".into())));
    r.skip().unwrap();
    assert_eq!(r.next_key(&mut seq2).unwrap(), Some(Key::Str("tag".into())));
    assert_eq!(r.read_str().unwrap(), "b");
    r.reset(mark);
    assert_eq!(r.next_key(&mut seq).unwrap(), Some(Key::Str("x".into())));
    assert_eq!(r.peek().unwrap(), Kind::Int);
    assert_eq!(r.read_int().unwrap(), Int::I64(1));
}

#[test]
fn skip_is_iterative() {
    let n = 100_000;
    let deep = "[".repeat(n);
    assert_eq!(
        JsonReader::new(deep.as_bytes()).skip().unwrap_err().message,
        TRUNCATED
    );
    let closed = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let mut r = JsonReader::new(closed.as_bytes());
    r.skip().unwrap();
    r.end().unwrap();
    let objects = format!("{}1{}", "{\"a\":[".repeat(n), "]}".repeat(n));
    let mut r = JsonReader::new(objects.as_bytes());
    r.skip().unwrap();
    r.end().unwrap();
    let mismatched = format!("{}{}", "[{\"a\":".repeat(70), "1]}".repeat(70));
    assert!(JsonReader::new(mismatched.as_bytes())
        .skip()
        .unwrap_err()
        .message
        .contains("expected ',' or '}'"));
}

#[test]
fn reading_a_wrong_kind_is_an_error_not_a_panic() {
    assert!(JsonReader::new(b"1").read_str().is_err());
    assert!(JsonReader::new(b"\"x\"").read_int().is_err());
    assert!(JsonReader::new(b"1.5").read_int().is_err());
    assert!(JsonReader::new(b"1").read_bytes().is_err());
    assert!(JsonReader::new(b"1").read_ext().is_err());
    assert!(JsonReader::new(b"1").read_datetime().is_err());
    assert!(JsonReader::new(b"1").begin_array().is_err());
    assert!(JsonReader::new(b"[").begin_map().is_err());
    assert!(JsonReader::new(b"x").read_null().is_err());
    assert!(JsonReader::new(b"x").read_bool().is_err());
    assert!(JsonReader::new(b"").peek().is_err());
}

// ---- writer ----

fn written(f: impl FnOnce(&mut JsonWriter)) -> String {
    let mut w = JsonWriter::new();
    f(&mut w);
    String::from_utf8(w.into_bytes()).unwrap()
}

#[test]
fn string_escapes_match_msgspec() {
    // python3 -c "import msgspec; print(msgspec.json.encode(''.join(map(chr, range(0x30)))))"
    let all: String = (0u8..0x30).map(char::from).collect();
    assert_eq!(
        written(|w| w.str(&all)),
        r##""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f !\"#$%&'()*+,-./""##
    );
    // python3 -c "import msgspec; print(msgspec.json.encode('\x7f/\u2028\u2029é😀\\\\'))"
    // -> b'"\x7f/\xe2\x80\xa8\xe2\x80\xa9\xc3\xa9\xf0\x9f\x98\x80\\\\"' (DEL, /, non-ASCII as is)
    assert_eq!(
        written(|w| w.str("\u{7f}/\u{2028}\u{2029}é😀\\")),
        "\"\u{7f}/\u{2028}\u{2029}é😀\\\\\""
    );
    // Escapes at every offset of the 8-byte scan.
    for len in 0..20 {
        let s = format!("{}\"{}", "a".repeat(len), "b".repeat(len));
        assert_eq!(
            written(|w| w.str(&s)),
            format!("\"{}\\\"{}\"", "a".repeat(len), "b".repeat(len))
        );
    }
}

#[test]
fn scalars_match_msgspec() {
    // python3 -c "import msgspec; print(msgspec.json.encode([True, False, None, -9223372036854775808, 18446744073709551615]))"
    let s = written(|w| {
        w.begin_array(5);
        w.element(0);
        w.bool(true);
        w.element(1);
        w.bool(false);
        w.element(2);
        w.null();
        w.element(3);
        w.i64(i64::MIN);
        w.element(4);
        w.u64(u64::MAX);
        w.end_array();
    });
    assert_eq!(
        s,
        "[true,false,null,-9223372036854775808,18446744073709551615]"
    );
    // python3 -c "import msgspec; print(msgspec.json.encode([float('nan'), float('inf'), -float('inf'), -0.0, 0.0, 1.0, 1e16, 1e-7, 0.00001, 1.2345678901234567e19, 5e-324, 1e15, 0.0001, 1e22, 1.5e300]))"
    let floats = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        0.0,
        1.0,
        1e16,
        1e-7,
        0.00001,
        1.2345678901234567e19,
        5e-324,
        1e15,
        0.0001,
        1e22,
        1.5e300,
    ];
    let s = written(|w| {
        w.begin_array(floats.len());
        for (i, &f) in floats.iter().enumerate() {
            w.element(i);
            w.f64(f);
        }
        w.end_array();
    });
    assert_eq!(s, "[null,null,null,-0.0,0.0,1.0,1e16,1e-7,0.00001,1.2345678901234567e19,5e-324,1000000000000000.0,0.0001,1e22,1.5e300]");
    // python3 -c "import msgspec; print(msgspec.json.encode([b'\x00\x01\xff', b'', b'a', b'ab']))"
    let s = written(|w| {
        w.begin_array(4);
        for (i, b) in [&b"\x00\x01\xff"[..], b"", b"a", b"ab"]
            .into_iter()
            .enumerate()
        {
            w.element(i);
            w.bytes(b);
        }
        w.end_array();
    });
    assert_eq!(s, r#"["AAH/","","YQ==","YWI="]"#);
    assert_eq!(written(|w| w.ext(5, b"ab")), r#""YWI=""#);
    assert_eq!(
        written(|w| w.datetime("2024-01-02T03:04:05Z", 1_704_164_645, 0)),
        r#""2024-01-02T03:04:05Z""#
    );
}

#[test]
fn maps_match_msgspec() {
    // python3 -c "import msgspec; print(msgspec.json.encode({'a': {'1': [], '-2': {}}, 'b\"': 1}))"
    let s = written(|w| {
        w.begin_map(2);
        w.field(0, "a", "\"a\"");
        w.begin_map(2);
        w.int_key(0, 1);
        w.begin_array(0);
        w.end_array();
        w.int_key(1, -2);
        w.begin_map(0);
        w.end_map();
        w.end_map();
        w.key(1, "b\"");
        w.i64(1);
        w.end_map();
    });
    assert_eq!(s, r#"{"a":{"1":[],"-2":{}},"b\"":1}"#);
}

// ---- entry points, with tiny local Decode/Encode impls ----

#[derive(Debug, PartialEq)]
struct I(i64);

impl Decode for I {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Int => match r.read_int()? {
                Int::I64(v) => Ok(Some(I(v))),
                _ => {
                    cx.issue(IssueKind::OutOfRange, "Integer value out of range");
                    Ok(None)
                }
            },
            Kind::Str if cx.lax() => {
                let s = r.read_str()?;
                match s.parse() {
                    Ok(v) => Ok(Some(I(v))),
                    Err(_) => {
                        cx.issue(IssueKind::Type, "Expected `int`, got `str`");
                        Ok(None)
                    }
                }
            }
            other => mismatch(r, cx, "int", other),
        }
    }
}

impl Encode for I {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.i64(self.0);
    }
}

/// `struct Rec { a: int }` with unknown fields ignored.
#[derive(Debug, PartialEq)]
struct Rec {
    a: i64,
}

impl Decode for Rec {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        let kind = r.peek()?;
        if kind != Kind::Map {
            return mismatch(r, cx, "object", kind);
        }
        cx.enter()?;
        let mut seq = r.begin_map()?;
        let mut a = None;
        let mut ok = true;
        while let Some(key) = r.next_key(&mut seq)? {
            match key {
                Key::Str(k) if k == "a" => {
                    cx.push(Segment::Field("a"));
                    a = I::decode(r, cx)?;
                    ok &= a.is_some();
                    cx.pop();
                }
                _ => r.skip()?,
            }
        }
        cx.leave();
        if a.is_none() && ok {
            cx.issue(IssueKind::MissingField, "Object missing required field `a`");
        }
        Ok(a.map(|I(a)| Rec { a }))
    }
}

impl Encode for Rec {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.begin_map(1);
        w.field(0, "a", "\"a\"");
        w.i64(self.a);
        w.end_map();
    }
}

#[test]
fn decode_entry_points() {
    assert_eq!(decode::<I>(b" 5 "), Ok(I(5)));
    let e = decode::<I>(b"5 6").unwrap_err();
    assert_eq!(
        e.to_string(),
        "JSON is malformed: trailing characters (byte 3)"
    );
    let e = decode::<I>(b"\"5\"").unwrap_err();
    assert_eq!(e.to_string(), "Expected `int`, got `str`");
    assert_eq!(decode_lax::<I>(b"\"5\""), Ok(I(5)));
    // python3 -c "import msgspec
    // class Rec(msgspec.Struct): a: int
    // print(msgspec.json.decode(b'{\"x\":[{}],\"a\":\"1\"}', type=Rec))" -> Expected `int`, got `str` - at `$.a`
    let e = decode::<Rec>(br#"{"x":[{}],"a":"1"}"#).unwrap_err();
    assert_eq!(e.to_string(), "Expected `int`, got `str` - at `$.a`");
    assert_eq!(e.issues()[0].pointer, "/a");
    assert_eq!(
        decode::<Rec>(br#"{"x":[{"\u0041":"\ud83d\ude00"}],"a":1}"#),
        Ok(Rec { a: 1 })
    );
    // A syntax error after a problem: both are reported, the syntax error last.
    let e = decode::<Rec>(br#"{"a":"1"} x"#).unwrap_err();
    assert_eq!(e.issues().len(), 2);
    assert_eq!(
        e.issues()[1].message,
        "JSON is malformed: trailing characters (byte 11)"
    );
    assert_eq!(e.issues()[1].kind, IssueKind::Syntax);
}

#[test]
fn encode_entry_points() {
    assert_eq!(encode(&Rec { a: -3 }), br#"{"a":-3}"#);
    // python3 -c "import msgspec; print(msgspec.json.encode_lines([1, 2])); print(msgspec.json.encode_lines([]))"
    assert_eq!(encode_lines(&[I(1), I(2)]), b"1\n2\n");
    assert_eq!(encode_lines::<I>(&[]), b"");
}

#[test]
fn decode_lines_as_msgspec() {
    // python3 -c "import msgspec; print(msgspec.json.Decoder(int).decode_lines(b'1\n\n  \n2\r\n3 4'))" -> [1, 2, 3, 4]
    assert_eq!(
        decode_lines::<I>(b"1\n\n  \n2\r\n3 4"),
        Ok(vec![I(1), I(2), I(3), I(4)])
    );
    assert_eq!(decode_lines::<I>(b""), Ok(vec![]));
    assert_eq!(decode_lines::<I>(b"\n"), Ok(vec![]));
    // python3 -c "import msgspec
    // class Rec(msgspec.Struct): a: int
    // msgspec.json.Decoder(Rec).decode_lines(b'{\"a\":1}\n{\"a\":\"x\"}\n')" -> Expected `int`, got `str` - at `$[1].a`
    let e = decode_lines::<Rec>(b"{\"a\":1}\n{\"a\":\"x\"}\n{}\n{\"a\":2}\n").unwrap_err();
    let paths: Vec<_> = e
        .issues()
        .iter()
        .map(|i| (i.path.as_str(), i.pointer.as_str(), i.message.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("$[1].a", "/1/a", "Expected `int`, got `str`"),
            ("$[2]", "/2", "Object missing required field `a`")
        ]
    );
    assert_eq!(e.to_string(), "Expected `int`, got `str` - at `$[1].a`");
    // python3 -c "import msgspec; msgspec.json.Decoder(int).decode_lines(b'1\nx\n')" -> JSON is malformed: invalid character (byte 2)
    let e = decode_lines::<I>(b"1\nx\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "JSON is malformed: invalid character (byte 2)"
    );
}

#[test]
fn depth_limit_through_ctx() {
    /// `list<Nested>`-like: arrays of arrays, with the depth check of generated code.
    #[derive(Debug)]
    struct Nested;
    impl Decode for Nested {
        fn decode<'de, R: Reader<'de> + ?Sized>(
            r: &mut R,
            cx: &mut Ctx,
        ) -> Result<Option<Self>, Fatal> {
            let kind = r.peek()?;
            if kind != Kind::Array {
                return mismatch(r, cx, "array", kind);
            }
            crate::de::array_items(r, cx, |r, cx, _| Nested::decode(r, cx).map(drop))?;
            Ok(Some(Nested))
        }
    }
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(decode::<Nested>(ok.as_bytes()).is_ok());
    let deep = "[".repeat(100_000);
    let e = decode::<Nested>(deep.as_bytes()).unwrap_err();
    assert_eq!(e.first().kind, IssueKind::Depth);
}

// ---- no panics, whatever the input ----

/// Walks any input through every reader entry point; must never panic.
fn fuzz_walk(input: &[u8]) {
    let _ = decode_value(input);
    let mut r = JsonReader::new(input);
    let _ = r.skip().and_then(|()| r.end());
    let _ = skip_field(input);
    // Read everything as the generic decoders might, including wrong calls.
    let mut r = JsonReader::new(input);
    for _ in 0..64 {
        let mark = r.mark();
        let _ = r.peek();
        let _ = r.read_int();
        r.reset(mark);
        let _ = r.read_float();
        r.reset(mark);
        let _ = r.read_str();
        let mut seq = crate::de::Seq::new(None);
        let _ = r.next_key(&mut seq);
        let _ = r.next_element(&mut seq);
        if r.skip().is_err() {
            r.reset(crate::de::Mark(mark.0 + 1));
        }
    }
}

fn json_soup() -> impl Strategy<Value = Vec<u8>> {
    let tokens = prop::sample::select(vec![
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "\\ud83d",
        "\\ude00",
        "\\n",
        "x",
        " ",
        "\n",
        "0",
        "1",
        "-",
        "9",
        ".",
        "e",
        "E",
        "+",
        "null",
        "nul",
        "true",
        "false",
        "\"a\"",
        "\u{e9}",
        "\u{1}",
        "\u{7f}",
        "12345678901234567890123",
        "1e400",
        "1.5",
        "\u{ff}",
    ]);
    prop::collection::vec(tokens, 0..64).prop_map(|t| t.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn garbage_never_panics(input in prop::collection::vec(any::<u8>(), 0..256)) {
        fuzz_walk(&input);
    }

    #[test]
    fn json_like_garbage_never_panics(input in json_soup()) {
        fuzz_walk(&input);
    }

    #[test]
    fn non_utf8_bytes_never_panic(mut input in json_soup(), junk in prop::collection::vec(128u8.., 1..4), at in any::<prop::sample::Index>()) {
        let i = at.index(input.len() + 1);
        input.splice(i..i, junk);
        fuzz_walk(&input);
    }

    /// Skipping a well-formed value consumes exactly what reading it does.
    #[test]
    fn skip_agrees_with_read(input in json_soup()) {
        let mut a = JsonReader::new(&input);
        let mut b = JsonReader::new(&input);
        if walk(&mut a, 0).is_ok() {
            prop_assert!(b.skip().is_ok());
            prop_assert_eq!(a.position(), b.position());
        }
    }

    /// Any string round-trips through the writer and the reader.
    #[test]
    fn strings_round_trip(s in any::<String>()) {
        let mut out = Vec::new();
        write_str(&mut out, &s);
        let mut r = JsonReader::new(&out);
        prop_assert_eq!(r.read_str().unwrap(), s.as_str());
        prop_assert!(r.end().is_ok());
    }

    /// Any finite float round-trips through the writer and the reader.
    #[test]
    fn floats_round_trip(bits in any::<u64>()) {
        let f = f64::from_bits(bits);
        let mut out = Vec::new();
        write_f64(&mut out, f);
        let mut r = JsonReader::new(&out);
        if f.is_finite() {
            prop_assert_eq!(r.read_float().unwrap().to_bits(), bits);
        } else {
            prop_assert_eq!(&out[..], b"null");
        }
    }
}
