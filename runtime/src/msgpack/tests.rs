//! Tests of the MessagePack reader and writer against msgspec 0.22. Each expected value comes
//! from the Python next to it (`from msgspec.msgpack import encode, decode`), or from
//! `runtime/tests/data/msgpack_vectors.json`, written by `gen_msgpack_vectors.py` beside it.

use std::borrow::Cow;

use super::*;
use crate::de::{array_items, Fatal, Int, Key, Kind, NativeDatetime, Reader, DEFAULT_MAX_DEPTH};
use crate::error::{IssueKind, Segment};
use crate::ser::Writer;

/// Any MessagePack value, as msgspec's `object` type reads it (test-only `Decode`/`Encode`).
#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Int(Int),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Ext(i8, Vec<u8>),
    Ts(i64, u32),
    Arr(Vec<V>),
    Map(Vec<(K, V)>),
}

#[derive(Debug, Clone, PartialEq)]
enum K {
    Str(String),
    Int(Int),
    Other(Kind),
}

impl Decode for V {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        Ok(Some(match r.peek()? {
            Kind::Null => {
                r.read_null()?;
                V::Null
            }
            Kind::Bool => V::Bool(r.read_bool()?),
            Kind::Int => V::Int(r.read_int()?),
            Kind::Float => V::Float(r.read_float()?),
            Kind::Str => V::Str(r.read_str()?.into_owned()),
            Kind::Bytes => V::Bytes(r.read_bytes()?.into_owned()),
            Kind::Ext => {
                let (code, data) = r.read_ext()?;
                V::Ext(code, data.into_owned())
            }
            Kind::Datetime => match r.read_datetime()? {
                NativeDatetime::Timestamp {
                    seconds,
                    nanoseconds,
                } => V::Ts(seconds, nanoseconds),
                NativeDatetime::Text(text) => V::Str(text),
            },
            Kind::Array => {
                let mut items = Vec::new();
                let mut ok = true;
                array_items(r, cx, |r, cx, _| {
                    match V::decode(r, cx)? {
                        Some(v) => items.push(v),
                        None => ok = false,
                    }
                    Ok(())
                })?;
                if !ok {
                    return Ok(None);
                }
                V::Arr(items)
            }
            Kind::Map => {
                cx.enter()?;
                let mut seq = r.begin_map()?;
                let mut entries = Vec::new();
                let mut ok = true;
                while let Some(key) = r.next_key(&mut seq)? {
                    let key = match key {
                        Key::Str(s) => K::Str(s.into_owned()),
                        Key::Int(i) => K::Int(i),
                        Key::Other(kind) => K::Other(kind),
                    };
                    cx.push(Segment::Key(format!("{key:?}")));
                    match V::decode(r, cx)? {
                        Some(v) => entries.push((key, v)),
                        None => ok = false,
                    }
                    cx.pop();
                }
                cx.leave();
                if !ok {
                    return Ok(None);
                }
                V::Map(entries)
            }
        }))
    }
}

impl crate::ser::Encode for V {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        match self {
            V::Null => w.null(),
            V::Bool(b) => w.bool(*b),
            V::Int(Int::I64(i)) => w.i64(*i),
            V::Int(Int::U64(u)) => w.u64(*u),
            V::Int(Int::Big(f)) | V::Float(f) => w.f64(*f),
            V::Str(s) => w.str(s),
            V::Bytes(b) => w.bytes(b),
            V::Ext(code, data) => w.ext(*code, data),
            V::Ts(s, ns) => w.datetime("", *s, *ns),
            V::Arr(items) => {
                w.begin_array(items.len());
                for (i, item) in items.iter().enumerate() {
                    w.element(i);
                    item.encode(w);
                }
                w.end_array();
            }
            V::Map(entries) => {
                w.begin_map(entries.len());
                for (i, (k, v)) in entries.iter().enumerate() {
                    match k {
                        K::Str(s) => w.key(i, s),
                        K::Int(Int::I64(n)) => w.int_key(i, *n),
                        K::Int(_) | K::Other(_) => unreachable!("not encodable"),
                    }
                    v.encode(w);
                }
                w.end_map();
            }
        }
    }
}

fn unhex(text: &str) -> Vec<u8> {
    assert!(text.len().is_multiple_of(2), "odd hex {text}");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn write(f: impl FnOnce(&mut MsgpackWriter)) -> String {
    let mut w = MsgpackWriter::new();
    f(&mut w);
    hex(w.as_bytes())
}

/// The first issue of a failed decode as `(kind, path, pointer, message)`.
fn first_issue(bytes: &[u8]) -> (IssueKind, String, String, String) {
    let error = decode::<V>(bytes).expect_err("must fail");
    let issue = error.first().clone();
    (issue.kind, issue.path, issue.pointer, issue.message)
}

fn message(bytes: &[u8]) -> String {
    decode::<V>(bytes).expect_err("must fail").to_string()
}

fn syntax(message: &str) -> (IssueKind, String, String, String) {
    (IssueKind::Syntax, "$".into(), String::new(), message.into())
}

fn int_of(text: &str) -> Int {
    match text.parse::<i64>() {
        Ok(v) => Int::I64(v),
        Err(_) => Int::U64(text.parse().unwrap()),
    }
}

#[test]
fn vectors_from_msgspec() {
    let vectors: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../../tests/data/msgpack_vectors.json")).unwrap();
    assert!(vectors.len() > 150);
    let s = |v: &serde_json::Value, k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("{k} in {v}"))
            .to_string()
    };
    let n = |v: &serde_json::Value, k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
    for v in &vectors {
        match s(v, "kind").as_str() {
            "int" => {
                let value = int_of(&s(v, "value"));
                let encoded = match value {
                    Int::I64(i) => write(|w| w.i64(i)),
                    Int::U64(u) => write(|w| w.u64(u)),
                    Int::Big(_) => unreachable!(),
                };
                assert_eq!(encoded, s(v, "hex"), "{v}");
                if let Int::I64(i) = value {
                    if i >= 0 {
                        assert_eq!(write(|w| w.u64(i as u64)), s(v, "hex"), "{v}");
                    }
                }
                assert_eq!(decode::<V>(&unhex(&s(v, "hex"))), Ok(V::Int(value)), "{v}");
            }
            "int_decode" => {
                assert_eq!(
                    decode::<V>(&unhex(&s(v, "hex"))),
                    Ok(V::Int(int_of(&s(v, "value")))),
                    "{v}"
                );
            }
            "float" => {
                let bits = u64::from_str_radix(&s(v, "bits"), 16).unwrap();
                assert_eq!(write(|w| w.f64(f64::from_bits(bits))), s(v, "hex"), "{v}");
                let bytes = unhex(&s(v, "hex"));
                let mut r = MsgpackReader::new(&bytes);
                assert_eq!(r.peek().unwrap(), Kind::Float);
                assert_eq!(r.read_float().unwrap().to_bits(), bits, "{v}");
                r.end().unwrap();
            }
            "float32" => {
                let bytes = unhex(&s(v, "hex"));
                let mut r = MsgpackReader::new(&bytes);
                assert_eq!(r.peek().unwrap(), Kind::Float);
                let got = r.read_float().unwrap();
                assert_eq!(
                    got.to_bits(),
                    u64::from_str_radix(&s(v, "bits"), 16).unwrap(),
                    "{v}"
                );
            }
            kind @ ("str" | "bin") => {
                let len = n(v, "len") as usize;
                let head = s(v, "head");
                let payload = "a".repeat(len);
                let encoded = if kind == "str" {
                    write(|w| w.str(&payload))
                } else {
                    write(|w| w.bytes(payload.as_bytes()))
                };
                assert_eq!(encoded.len(), head.len() + 2 * len, "{v}");
                assert!(encoded.starts_with(&head), "{v}");
                let bytes = unhex(&encoded);
                let mut r = MsgpackReader::new(&bytes);
                if kind == "str" {
                    assert_eq!(r.peek().unwrap(), Kind::Str);
                    assert!(matches!(r.read_str().unwrap(), Cow::Borrowed(t) if t == payload));
                } else {
                    assert_eq!(r.peek().unwrap(), Kind::Bytes);
                    assert!(
                        matches!(r.read_bytes().unwrap(), Cow::Borrowed(t) if t == payload.as_bytes())
                    );
                }
                r.end().unwrap();
            }
            "ext" => {
                let (len, code) = (n(v, "len") as usize, n(v, "code") as i8);
                let head = s(v, "head");
                let data = vec![b'a'; len];
                let encoded = write(|w| w.ext(code, &data));
                assert_eq!(encoded.len(), head.len() + 2 * len, "{v}");
                assert!(encoded.starts_with(&head), "{v}");
                let bytes = unhex(&encoded);
                assert_eq!(decode::<V>(&bytes), Ok(V::Ext(code, data)), "{v}");
            }
            kind @ ("array" | "map") => {
                let len = n(v, "len") as usize;
                let head = s(v, "head");
                let encoded = if kind == "array" {
                    write(|w| w.begin_array(len))
                } else {
                    write(|w| w.begin_map(len))
                };
                assert_eq!(encoded, head, "{v}");
                let mut bytes = unhex(&head);
                if kind == "array" {
                    bytes.extend(std::iter::repeat_n(0xc0, len));
                    assert_eq!(decode::<V>(&bytes), Ok(V::Arr(vec![V::Null; len])), "{v}");
                } else {
                    let entries: Vec<(K, V)> = (0..len as i64)
                        .map(|i| (K::Int(Int::I64(i)), V::Null))
                        .collect();
                    let body = encode(&V::Map(entries.clone()));
                    assert!(body.starts_with(&bytes), "{v}");
                    assert_eq!(decode::<V>(&body), Ok(V::Map(entries)), "{v}");
                }
            }
            "timestamp" => {
                let (seconds, nanos) = (n(v, "seconds"), n(v, "nanos") as u32);
                assert_eq!(
                    write(|w| w.datetime("ignored", seconds, nanos)),
                    s(v, "hex"),
                    "{v}"
                );
                let bytes = unhex(&s(v, "hex"));
                let mut r = MsgpackReader::new(&bytes);
                assert_eq!(r.peek().unwrap(), Kind::Datetime);
                assert_eq!(
                    r.read_datetime().unwrap(),
                    NativeDatetime::Timestamp {
                        seconds,
                        nanoseconds: nanos
                    },
                    "{v}"
                );
                r.end().unwrap();
            }
            "error" => {
                assert_eq!(message(&unhex(&s(v, "hex"))), s(v, "message"), "{v}");
            }
            other => panic!("unknown vector kind {other}"),
        }
    }
}

#[test]
fn syntax_errors_are_root_syntax_issues() {
    // msgspec.msgpack.decode(b'\x01\x02', type=int)
    //   -> DecodeError: MessagePack data is malformed: trailing characters (byte 1)
    assert_eq!(
        first_issue(b"\x01\x02"),
        syntax("MessagePack data is malformed: trailing characters (byte 1)")
    );
    // msgspec.msgpack.decode(b'')  -> Input data was truncated
    assert_eq!(first_issue(b""), syntax("Input data was truncated"));
    // msgspec.msgpack.decode(b'\x92\x01')  -> Input data was truncated
    assert_eq!(first_issue(b"\x92\x01"), syntax("Input data was truncated"));
    // msgspec.msgpack.decode(b'\x92\xc1\x01')
    //   -> MessagePack data is malformed: invalid opcode '\xc1' (byte 1)
    assert_eq!(
        first_issue(b"\x92\xc1\x01"),
        syntax("MessagePack data is malformed: invalid opcode '\\xc1' (byte 1)")
    );
    // msgspec.msgpack.decode(b'\xa2\xff\xfe')
    //   -> UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte
    assert_eq!(
        first_issue(b"\xa2\xff\xfe"),
        syntax("'utf-8' codec can't decode byte 0xff in position 0: invalid start byte")
    );
    // msgspec.msgpack.decode(b'\xa4a\xe2\x82a')
    //   -> 'utf-8' codec can't decode bytes in position 1-2: invalid continuation byte
    assert_eq!(
        message(b"\xa4a\xe2\x82a"),
        "'utf-8' codec can't decode bytes in position 1-2: invalid continuation byte"
    );
    // msgspec.msgpack.decode(b'\xa2\xe2\x82')
    //   -> 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data
    assert_eq!(
        message(b"\xa2\xe2\x82"),
        "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"
    );
    // msgspec.msgpack.decode(b'\x81\xa1\xff\x01') -> same text for a key
    assert_eq!(
        message(b"\x81\xa1\xff\x01"),
        "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
    );
}

#[test]
fn timestamp_errors() {
    // msgspec.msgpack.decode(b'\xd5\xff\x00\x00') -> ValidationError: Invalid MessagePack timestamp
    let invalid = (
        IssueKind::InvalidValue,
        "$".to_string(),
        String::new(),
        "Invalid MessagePack timestamp".to_string(),
    );
    assert_eq!(first_issue(b"\xd5\xff\x00\x00"), invalid);
    // msgspec.msgpack.decode(b'\xd7\xff' + b'\xff' * 8)
    //   -> ValidationError: Invalid MessagePack timestamp: nanoseconds out of range
    assert_eq!(
        message(&[&[0xd7, 0xff][..], &[0xff; 8]].concat()),
        "Invalid MessagePack timestamp: nanoseconds out of range"
    );
    // 96-bit, nanoseconds = 10**9:
    // msgspec.msgpack.decode(b'\xc7\x0c\xff\x3b\x9a\xca\x00' + bytes(8)) -> same text
    assert_eq!(
        message(&unhex("c70cff3b9aca000000000000000000")),
        "Invalid MessagePack timestamp: nanoseconds out of range"
    );
    // 999999999 nanoseconds is fine (64-bit form): 0x3b9ac9ff << 34
    let data = (999_999_999u64 << 34) | 5;
    let bytes = [&[0xd7, 0xff][..], &data.to_be_bytes()].concat();
    assert_eq!(decode::<V>(&bytes), Ok(V::Ts(5, 999_999_999)));
    // The invalid value is consumed, so a caller may record the issue and go on.
    let bytes = unhex("d5ff000001");
    let mut r = MsgpackReader::new(&bytes);
    assert_eq!(r.read_datetime().unwrap_err().kind, IssueKind::InvalidValue);
    assert_eq!(r.position(), 4);
    // Skipping does not check the timestamp (msgspec ignores unknown fields unchecked:
    // class S(msgspec.Struct): a: int = 0
    // msgspec.msgpack.decode(b'\x81\xa1b\xd7\xff' + b'\xff' * 8, type=S) -> S(a=0)).
    let bytes = [&[0xd7, 0xff][..], &[0xff; 8], b"\xa2\xff\xfe"].concat();
    let mut r = MsgpackReader::new(&bytes);
    r.skip().unwrap();
    r.skip().unwrap();
    r.end().unwrap();
}

#[test]
fn huge_lengths_fail_fast() {
    // 4 GiB lengths on 10-byte inputs: a truncation error, no allocation, no long loop.
    // msgspec.msgpack.decode(b'\xdb\xff\xff\xff\xff' + b'aaaaa') -> Input data was truncated
    for marker in [0xdbu8, 0xc6, 0xdd, 0xdf, 0xc9] {
        let mut input = vec![marker, 0xff, 0xff, 0xff, 0xff];
        input.extend_from_slice(b"\x01\x02\x03\x04\x05");
        assert_eq!(
            first_issue(&input),
            syntax("Input data was truncated"),
            "{marker:x}"
        );
        let mut r = MsgpackReader::new(&input);
        assert_eq!(r.skip().unwrap_err().message, "Input data was truncated");
    }
    let input = unhex("dbffffffff61");
    let mut r = MsgpackReader::new(&input);
    assert_eq!(
        r.read_str().unwrap_err().message,
        "Input data was truncated"
    );
    let input = unhex("c6ffffffff61");
    assert_eq!(
        MsgpackReader::new(&input).read_bytes().unwrap_err().message,
        "Input data was truncated"
    );
    let input = unhex("c9ffffffff0561");
    assert_eq!(
        MsgpackReader::new(&input).read_ext().unwrap_err().message,
        "Input data was truncated"
    );
    // An array that claims more items than the input holds: the items before the end are
    // read (msgspec reports their problems first), then the truncation.
    let input = unhex("ddffffffff0102");
    let mut r = MsgpackReader::new(&input);
    let mut seq = r.begin_array().unwrap();
    assert_eq!(seq.remaining, Some(u32::MAX as usize));
    assert!(r.next_element(&mut seq).unwrap());
    assert_eq!(r.read_int().unwrap(), Int::I64(1));
    assert!(r.next_element(&mut seq).unwrap());
    assert_eq!(r.read_int().unwrap(), Int::I64(2));
    assert!(r.next_element(&mut seq).unwrap());
    assert_eq!(r.peek().unwrap_err().message, "Input data was truncated");
}

#[test]
fn deep_nesting_never_overflows() {
    let deep = |n: usize| {
        let mut v = vec![0x91u8; n];
        v.push(0x01);
        v
    };
    // Decoding: the context stops at depth 129.
    let (kind, _, _, msg) = first_issue(&deep(1_000_000));
    assert_eq!(
        (kind, msg.as_str()),
        (IssueKind::Depth, "Nesting exceeds the maximum depth of 128")
    );
    assert!(decode::<V>(&deep(DEFAULT_MAX_DEPTH)).is_ok());
    // Skipping: iterative, limited to 128 levels below the skipped value.
    for (n, ok) in [
        (DEFAULT_MAX_DEPTH, true),
        (DEFAULT_MAX_DEPTH + 1, false),
        (1_000_000, false),
    ] {
        let input = deep(n);
        let mut r = MsgpackReader::new(&input);
        match r.skip() {
            Ok(()) => {
                assert!(ok, "{n}");
                r.end().unwrap();
            }
            Err(e) => {
                assert!(!ok, "{n}");
                assert_eq!(
                    (e.kind, e.message.as_str()),
                    (IssueKind::Depth, "Nesting exceeds the maximum depth of 128")
                );
            }
        }
    }
    // Empty containers count as a level; maps too.
    let mut input = [0x81u8, 0x01].repeat(DEFAULT_MAX_DEPTH);
    input.push(0x80);
    assert_eq!(
        MsgpackReader::new(&input).skip().unwrap_err().kind,
        IssueKind::Depth
    );
    input.truncate(input.len() - 3);
    input.push(0x80);
    let mut r = MsgpackReader::new(&input);
    r.skip().unwrap();
    r.end().unwrap();
}

#[test]
fn skip_consumes_exactly_one_value() {
    // msgspec.msgpack.encode([{"a": [1, 2.5, None, True], 3: b"x"}, "s", msgspec.msgpack.Ext(3, b"ab"), []]) + b'\x07'
    let mut input = encode(&V::Arr(vec![
        V::Map(vec![
            (
                K::Str("a".into()),
                V::Arr(vec![
                    V::Int(Int::I64(1)),
                    V::Float(2.5),
                    V::Null,
                    V::Bool(true),
                ]),
            ),
            (K::Int(Int::I64(3)), V::Bytes(b"x".to_vec())),
        ]),
        V::Str("s".into()),
        V::Ext(3, b"ab".to_vec()),
        V::Arr(vec![]),
    ]));
    assert_eq!(
        hex(&input),
        "9482a1619401cb4004000000000000c0c303c40178a173d503616290"
    );
    input.push(0x07);
    let mut r = MsgpackReader::new(&input);
    r.skip().unwrap();
    assert_eq!(r.position(), input.len() - 1);
    assert_eq!(r.read_int().unwrap(), Int::I64(7));
    r.end().unwrap();
    // Every scalar format, skipped one by one.
    let scalars: Vec<u8> = [
        "c0",
        "c2",
        "c3",
        "00",
        "7f",
        "e0",
        "ff", // nil, bools, fixints
        "cc01",
        "cd0102",
        "ce01020304",
        "cf0102030405060708", // uint8..64
        "d001",
        "d10102",
        "d201020304",
        "d30102030405060708", // int8..64
        "ca01020304",
        "cb0102030405060708", // float32, float64
        "a161",
        "d90161",
        "da000161",
        "db0000000161", // fixstr, str8..32
        "c40161",
        "c5000161",
        "c60000000161", // bin8..32
        "d40161",
        "d5016162",
        "d60161626364",
        "d7016162636465666768",                  // fixext1..8
        "d801616263646566676869 6a6b6c6d6e6f70", // fixext16
        "c7010161",
        "c800010161",
        "c9000000010161", // ext8..32
    ]
    .iter()
    .flat_map(|part| unhex(&part.replace(' ', "")))
    .collect();
    let mut r = MsgpackReader::new(&scalars);
    let mut count = 0;
    while r.position() < scalars.len() {
        r.skip().unwrap();
        count += 1;
    }
    assert_eq!(count, 32);
}

#[test]
fn keys() {
    // msgspec.msgpack.encode({"a": 1, -5: 2, 2**64-1: 3, None: 4, (1, 2): 5, b"k": 6, 1.5: 8})
    // with the key Ext(1, b"x") (d40178, unhashable in Python) and its value 7 spliced in.
    let input = unhex(
        "88a16101fb02cfffffffffffffffff03c004920102 05c4016b06d4017807cb3ff800000000000008"
            .replace(' ', "")
            .as_str(),
    );
    let mut r = MsgpackReader::new(&input);
    let mut seq = r.begin_map().unwrap();
    let mut keys = Vec::new();
    while let Some(key) = r.next_key(&mut seq).unwrap() {
        keys.push(key);
        r.read_int().unwrap();
    }
    r.end().unwrap();
    assert_eq!(
        keys,
        vec![
            Key::Str(Cow::Borrowed("a")),
            Key::Int(Int::I64(-5)),
            Key::Int(Int::U64(u64::MAX)),
            Key::Other(Kind::Null),
            Key::Other(Kind::Array),
            Key::Other(Kind::Bytes),
            Key::Other(Kind::Ext),
            Key::Other(Kind::Float),
        ]
    );
    assert!(matches!(keys[0], Key::Str(Cow::Borrowed(_))));
}

#[test]
fn mark_reset_and_zero_copy() {
    let input = encode(&V::Arr(vec![
        V::Str("hello".into()),
        V::Bytes(vec![1, 2, 3]),
    ]));
    let mut r = MsgpackReader::new(&input);
    let start = r.mark();
    let mut seq = r.begin_array().unwrap();
    assert!(r.next_element(&mut seq).unwrap());
    let inside = r.mark();
    let text = r.read_str().unwrap();
    match text {
        Cow::Borrowed(s) => assert!(std::ptr::eq(s.as_bytes(), &input[2..7])),
        Cow::Owned(_) => panic!("str must be borrowed"),
    }
    r.reset(inside);
    assert_eq!(r.read_str().unwrap(), "hello");
    assert!(r.next_element(&mut seq).unwrap());
    assert!(matches!(r.read_bytes().unwrap(), Cow::Borrowed([1, 2, 3])));
    assert!(!r.next_element(&mut seq).unwrap());
    r.end().unwrap();
    r.reset(start);
    assert_eq!(r.position(), 0);
    r.skip().unwrap();
    r.end().unwrap();
    r.reset(crate::de::Mark(usize::MAX));
    assert_eq!(r.position(), input.len());
}

#[test]
fn wrong_kind_reads_consume_nothing() {
    let input = unhex("a161");
    let mut r = MsgpackReader::new(&input);
    let e = r.read_int().unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (IssueKind::Type, "Expected `int`, got `str`")
    );
    assert_eq!(
        r.read_bool().unwrap_err().message,
        "Expected `bool`, got `str`"
    );
    assert_eq!(
        r.read_null().unwrap_err().message,
        "Expected `null`, got `str`"
    );
    assert_eq!(
        r.read_bytes().unwrap_err().message,
        "Expected `bytes`, got `str`"
    );
    assert_eq!(
        r.read_float().unwrap_err().message,
        "Expected `float`, got `str`"
    );
    assert_eq!(
        r.read_ext().unwrap_err().message,
        "Expected `ext`, got `str`"
    );
    assert_eq!(
        r.read_datetime().unwrap_err().message,
        "Expected `datetime`, got `str`"
    );
    assert_eq!(
        r.begin_array().unwrap_err().message,
        "Expected `array`, got `str`"
    );
    assert_eq!(
        r.begin_map().unwrap_err().message,
        "Expected `object`, got `str`"
    );
    assert_eq!(r.position(), 0);
    assert_eq!(r.read_str().unwrap(), "a");
    // An ext that is not a timestamp is not a datetime; a timestamp is also an ext.
    let input = unhex("d40501");
    assert_eq!(
        MsgpackReader::new(&input)
            .read_datetime()
            .unwrap_err()
            .message,
        "Expected `datetime`, got `ext`"
    );
    let input = unhex("d6ff00000001");
    assert_eq!(
        MsgpackReader::new(&input).read_ext().unwrap(),
        (-1, Cow::Borrowed(&[0u8, 0, 0, 1][..]))
    );
    // read_float takes integers too (as float(int)).
    let input = unhex("cfffffffffffffffff");
    assert_eq!(
        MsgpackReader::new(&input).read_float().unwrap(),
        18446744073709551615.0
    );
}

#[test]
fn encode_matches_msgspec() {
    // msgspec.msgpack.encode({"id": 300, "tags": ["x", "y"], "ratio": 0.5, "raw": b"\x00\xff", "ok": False, "n": None, "neg": -200})
    let value = V::Map(vec![
        (K::Str("id".into()), V::Int(Int::I64(300))),
        (
            K::Str("tags".into()),
            V::Arr(vec![V::Str("x".into()), V::Str("y".into())]),
        ),
        (K::Str("ratio".into()), V::Float(0.5)),
        (K::Str("raw".into()), V::Bytes(vec![0, 255])),
        (K::Str("ok".into()), V::Bool(false)),
        (K::Str("n".into()), V::Null),
        (K::Str("neg".into()), V::Int(Int::I64(-200))),
    ]);
    let expected =
        "87a26964cd012ca47461677392a178a179a5726174696fcb3fe0000000000000a3726177c40200ffa26f6bc2a16ec0a36e6567d1ff38";
    assert_eq!(hex(&encode(&value)), expected);
    assert_eq!(decode::<V>(&unhex(expected)), Ok(value.clone()));
    assert_eq!(decode_lax::<V>(&unhex(expected)), Ok(value));
    // field() writes the plain name; int_key an integer.
    // msgspec.msgpack.encode({"a": 1, 7: 2}) -> 82a1610107 02
    let out = write(|w| {
        w.begin_map(2);
        w.field(0, "a", "\"a\"");
        w.i64(1);
        w.int_key(1, 7);
        w.i64(2);
        w.end_map();
    });
    assert_eq!(out, "82a161010702");
    // msgspec.msgpack.encode("é" * 20) -> d928 + 40 bytes (str8 header for 32..255 bytes)
    assert!(write(|w| w.str(&"é".repeat(20))).starts_with("d928c3a9"));
}

#[test]
fn issues_then_trailing_bytes() {
    // A type problem is recorded, then the trailing bytes (a fatal syntax issue, last).
    struct Int64;
    impl Decode for Int64 {
        fn decode<'de, R: Reader<'de> + ?Sized>(
            r: &mut R,
            cx: &mut Ctx,
        ) -> Result<Option<Self>, Fatal> {
            match r.peek()? {
                Kind::Int => {
                    r.read_int()?;
                    Ok(Some(Int64))
                }
                got => crate::de::mismatch(r, cx, "int", got),
            }
        }
    }
    // msgspec.msgpack.decode(b'\xa1a\x01', type=int) -> Expected `int`, got `str`
    let error = decode::<Int64>(b"\xa1a\x01").err().unwrap();
    assert_eq!(error.to_string(), "Expected `int`, got `str`");
    assert_eq!(error.issues().len(), 2);
    assert_eq!(
        error.issues()[1].message,
        "MessagePack data is malformed: trailing characters (byte 2)"
    );
    assert!(decode::<Int64>(b"\x05").is_ok());
    assert!(decode_lax::<Int64>(b"\x05\x06").is_err());
}

/// xorshift64*: deterministic random bytes without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A byte biased towards markers and small lengths.
    fn byte(&mut self) -> u8 {
        match self.below(4) {
            0 => [
                0x90, 0x91, 0x81, 0xdc, 0xdd, 0xde, 0xdf, 0xc1, 0xa1, 0xd9, 0xc4, 0xc7, 0xd6, 0xd7,
                0xff, 0x00,
            ][self.below(16) as usize],
            1 => self.below(8) as u8,
            _ => self.next() as u8,
        }
    }
}

/// Reads a value through every entry point; only checks that nothing panics.
fn exercise(input: &[u8]) {
    let _ = decode::<V>(input);
    let _ = decode_lax::<V>(input);
    let mut r = MsgpackReader::new(input);
    while r.position() < input.len() && r.skip().is_ok() {}
    let mut r = MsgpackReader::new(input);
    for _ in 0..input.len() + 1 {
        let _ = match r.peek() {
            Ok(Kind::Array) => r.begin_array().map(|_| ()),
            Ok(Kind::Map) => r
                .begin_map()
                .and_then(|mut seq| r.next_key(&mut seq))
                .map(|_| ()),
            Ok(Kind::Datetime) => r.read_datetime().map(|_| ()),
            Ok(_) => r.skip(),
            Err(_) => r
                .read_float()
                .map(|_| ())
                .or_else(|_| r.read_ext().map(|_| ())),
        };
        r.reset(crate::de::Mark(r.position() + 1));
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..30_000 {
        let len = rng.below(48) as usize;
        let input: Vec<u8> = (0..len).map(|_| rng.byte()).collect();
        exercise(&input);
    }
}

#[test]
fn mutated_documents_never_panic() {
    let mut rng = Rng(42);
    let base =
        unhex("9482a1619401cb4004000000000000c0c303c40178a173d503616290d6ff00000001c70cff3b9ac618ffffffffffffffff");
    for _ in 0..30_000 {
        let mut input = base.clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(input.len() as u64) as usize;
            match rng.below(3) {
                0 => input[at] = rng.byte(),
                1 => input.truncate(at),
                _ => input.insert(at, rng.byte()),
            }
            if input.is_empty() {
                break;
            }
        }
        exercise(&input);
    }
}
