//! Decodes every vector of `data/scalar_vectors.jsonl` (written by `gen_scalar_vectors.py`
//! from msgspec) and compares the outcome: the re-encoded value, or the error message.
//!
//! Two paths: a minimal reader/writer of one JSON scalar (independent of the JSON module), and
//! `seam_runtime::json::{decode, decode_lax, encode}`.

use std::borrow::Cow;

use seam_runtime::de::{Ctx, Decode, Fatal, Int, Key, Kind, Mark, NativeDatetime, Reader, Seq};
use seam_runtime::ser::{Encode, Writer};
use seam_runtime::time::{Date, Duration, OffsetDateTime};
use seam_runtime::uuid::Uuid;
use seam_runtime::{check_time_tz, json, Bytes, Decimal, Issue, IssueKind, TimeOfDay};

const VECTORS: &str = include_str!("data/scalar_vectors.jsonl");

// ---------------------------------------------------------------------------------------------
// A reader of one JSON value: a scalar, or an empty array or object.

#[derive(Debug, Clone)]
enum Value {
    Null,
    Bool(bool),
    Int(Int),
    Float(f64),
    Str(String),
    EmptyArray,
    EmptyMap,
    Bytes(Vec<u8>),
    Native(NativeDatetime),
}

struct OneValue {
    value: Value,
    consumed: bool,
}

fn parse_value(text: &str) -> Value {
    match text {
        "null" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "[]" => Value::EmptyArray,
        "{}" => Value::EmptyMap,
        _ if text.starts_with('"') => {
            Value::Str(serde_json::from_str(text).expect("a JSON string"))
        }
        _ if text.contains(['.', 'e', 'E']) => Value::Float(text.parse().expect("a float")),
        _ => Value::Int(
            text.parse::<i64>()
                .map(Int::I64)
                .or_else(|_| text.parse::<u64>().map(Int::U64))
                .unwrap_or_else(|_| Int::Big(text.parse().expect("an integer"))),
        ),
    }
}

fn fatal(message: &str) -> Fatal {
    Box::new(Issue {
        kind: IssueKind::Syntax,
        path: "$".into(),
        pointer: String::new(),
        message: message.into(),
    })
}

impl OneValue {
    fn take(&mut self) -> Result<Value, Fatal> {
        if self.consumed {
            return Err(fatal("end of input"));
        }
        self.consumed = true;
        Ok(self.value.clone())
    }
}

impl<'de> Reader<'de> for OneValue {
    fn peek(&mut self) -> Result<Kind, Fatal> {
        if self.consumed {
            return Err(fatal("end of input"));
        }
        Ok(match self.value {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Int(_) => Kind::Int,
            Value::Float(_) => Kind::Float,
            Value::Str(_) => Kind::Str,
            Value::EmptyArray => Kind::Array,
            Value::EmptyMap => Kind::Map,
            Value::Bytes(_) => Kind::Bytes,
            Value::Native(_) => Kind::Datetime,
        })
    }
    fn read_null(&mut self) -> Result<(), Fatal> {
        self.take().map(|_| ())
    }
    fn read_bool(&mut self) -> Result<bool, Fatal> {
        match self.take()? {
            Value::Bool(b) => Ok(b),
            _ => Err(fatal("not a bool")),
        }
    }
    fn read_int(&mut self) -> Result<Int, Fatal> {
        match self.take()? {
            Value::Int(i) => Ok(i),
            _ => Err(fatal("not an int")),
        }
    }
    fn read_float(&mut self) -> Result<f64, Fatal> {
        match self.take()? {
            Value::Float(f) => Ok(f),
            Value::Int(Int::I64(i)) => Ok(i as f64),
            Value::Int(Int::U64(u)) => Ok(u as f64),
            Value::Int(Int::Big(f)) => Ok(f),
            _ => Err(fatal("not a number")),
        }
    }
    fn read_str(&mut self) -> Result<Cow<'de, str>, Fatal> {
        match self.take()? {
            Value::Str(s) => Ok(Cow::Owned(s)),
            _ => Err(fatal("not a string")),
        }
    }
    fn read_bytes(&mut self) -> Result<Cow<'de, [u8]>, Fatal> {
        match self.take()? {
            Value::Bytes(b) => Ok(Cow::Owned(b)),
            _ => Err(fatal("not bytes")),
        }
    }
    fn read_ext(&mut self) -> Result<(i8, Cow<'de, [u8]>), Fatal> {
        Err(fatal("no ext in JSON"))
    }
    fn read_datetime(&mut self) -> Result<NativeDatetime, Fatal> {
        match self.take()? {
            Value::Native(d) => Ok(d),
            _ => Err(fatal("not a datetime")),
        }
    }
    fn begin_array(&mut self) -> Result<Seq, Fatal> {
        self.take().map(|_| Seq::new(Some(0)))
    }
    fn next_element(&mut self, _seq: &mut Seq) -> Result<bool, Fatal> {
        Ok(false)
    }
    fn begin_map(&mut self) -> Result<Seq, Fatal> {
        self.take().map(|_| Seq::new(Some(0)))
    }
    fn next_key(&mut self, _seq: &mut Seq) -> Result<Option<Key<'de>>, Fatal> {
        Ok(None)
    }
    fn skip(&mut self) -> Result<(), Fatal> {
        self.take().map(|_| ())
    }
    fn mark(&mut self) -> Mark {
        Mark(usize::from(self.consumed))
    }
    fn reset(&mut self, mark: Mark) {
        self.consumed = mark.0 == 1;
    }
}

/// A writer of one JSON scalar as the scalar types write them.
#[derive(Default)]
struct OneScalar(String);

impl Writer for OneScalar {
    fn null(&mut self) {
        unreachable!()
    }
    fn bool(&mut self, _: bool) {
        unreachable!()
    }
    fn i64(&mut self, _: i64) {
        unreachable!()
    }
    fn u64(&mut self, _: u64) {
        unreachable!()
    }
    fn f64(&mut self, _: f64) {
        unreachable!()
    }
    fn str(&mut self, value: &str) {
        self.0 = serde_json::to_string(value).unwrap();
    }
    fn bytes(&mut self, value: &[u8]) {
        self.str(&seam_runtime::scalar::encode_base64(value));
    }
    fn ext(&mut self, _: i8, _: &[u8]) {
        unreachable!()
    }
    fn datetime(&mut self, text: &str, unix_seconds: i64, nanoseconds: u32) {
        // The instant handed over must be the text's.
        let parsed = seam_runtime::scalar::parse_datetime(text).expect("a datetime");
        assert_eq!(
            (parsed.unix_timestamp(), parsed.nanosecond()),
            (unix_seconds, nanoseconds)
        );
        self.str(text);
    }
    fn begin_array(&mut self, _: usize) {
        unreachable!()
    }
    fn element(&mut self, _: usize) {
        unreachable!()
    }
    fn end_array(&mut self) {
        unreachable!()
    }
    fn begin_map(&mut self, _: usize) {
        unreachable!()
    }
    fn key(&mut self, _: usize, _: &str) {
        unreachable!()
    }
    fn int_key(&mut self, _: usize, _: i64) {
        unreachable!()
    }
    fn field(&mut self, _: usize, _: &'static str, _: &'static str) {
        unreachable!()
    }
    fn end_map(&mut self) {
        unreachable!()
    }
}

/// A `time` with the `tz` constraint (`REQUIRED`: `tz = true`).
struct TzTime<const REQUIRED: bool>(TimeOfDay);

impl<const REQUIRED: bool> Decode for TzTime<REQUIRED> {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        Ok(TimeOfDay::decode(r, cx)?
            .filter(|t| check_time_tz(cx, t, REQUIRED))
            .map(TzTime))
    }
}

impl<const REQUIRED: bool> Encode for TzTime<REQUIRED> {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        self.0.encode(w)
    }
}

fn via_one_value<T: Decode + Encode>(input: &str, lax: bool) -> String {
    decode_one::<T>(parse_value(input), lax)
}

fn decode_one<T: Decode + Encode>(value: Value, lax: bool) -> String {
    let mut reader = OneValue {
        value,
        consumed: false,
    };
    let mut cx = Ctx::new(lax);
    let result = T::decode(&mut reader, &mut cx);
    match cx.finish(result) {
        Ok(value) => {
            let mut w = OneScalar::default();
            value.encode(&mut w);
            format!("ok:{}", w.0)
        }
        Err(e) => format!("err:{e}"),
    }
}

fn via_json<T: Decode + Encode>(input: &str, lax: bool) -> String {
    let result = if lax {
        json::decode_lax::<T>(input.as_bytes())
    } else {
        json::decode::<T>(input.as_bytes())
    };
    match result {
        Ok(value) => format!("ok:{}", String::from_utf8(json::encode(&value)).unwrap()),
        Err(e) => format!("err:{e}"),
    }
}

fn outcome(
    ty: &str,
    input: &str,
    lax: bool,
    run: fn(&str, &str, bool) -> Option<String>,
) -> String {
    run(ty, input, lax).unwrap_or_else(|| panic!("unknown type {ty}"))
}

macro_rules! dispatch {
    ($f:ident) => {
        |ty: &str, input: &str, lax: bool| -> Option<String> {
            Some(match ty {
                "datetime" => $f::<OffsetDateTime>(input, lax),
                "date" => $f::<Date>(input, lax),
                "time" => $f::<TimeOfDay>(input, lax),
                "time_tz" => $f::<TzTime<true>>(input, lax),
                "time_naive" => $f::<TzTime<false>>(input, lax),
                "duration" => $f::<Duration>(input, lax),
                "uuid" => $f::<Uuid>(input, lax),
                "decimal" => $f::<Decimal>(input, lax),
                "bytes" => $f::<Bytes>(input, lax),
                _ => return None,
            })
        }
    };
}

fn check_all(run: fn(&str, &str, bool) -> Option<String>) {
    let mut failures = Vec::new();
    let mut count = 0;
    for line in VECTORS.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let ty = v["type"].as_str().unwrap();
        let input = v["input"].as_str().unwrap();
        let lax = v["mode"].as_str().unwrap() == "lax";
        let expected = v["expected"].as_str().unwrap();
        let got = outcome(ty, input, lax, run);
        count += 1;
        if got != expected {
            failures.push(format!(
                "{ty} {} {input}: expected {expected:?}, got {got:?}",
                v["mode"]
            ));
        }
    }
    assert!(count > 500, "only {count} vectors");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn scalar_vectors_one_value() {
    check_all(dispatch!(via_one_value));
}

#[test]
fn scalar_vectors_through_json() {
    check_all(dispatch!(via_json));
}

// ---------------------------------------------------------------------------------------------
// Native date-times (MessagePack timestamps, TOML values) and `bin`, as msgspec reads them.

#[test]
fn native_values() {
    let ts = |seconds, nanoseconds| {
        Value::Native(NativeDatetime::Timestamp {
            seconds,
            nanoseconds,
        })
    };
    let text = |t: &str| Value::Native(NativeDatetime::Text(t.into()));
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "datetime",
            ts(0, 999_999_999),
            r#"ok:"1970-01-01T00:00:01Z""#,
        ),
        (
            "datetime",
            ts(-1, 500),
            r#"ok:"1969-12-31T23:59:59.000001Z""#,
        ),
        (
            "datetime",
            ts(0, 2500),
            r#"ok:"1970-01-01T00:00:00.000003Z""#,
        ),
        (
            "datetime",
            ts(253_402_300_799, 999_999_500),
            "err:Timestamp is out of range ",
        ),
        (
            "datetime",
            ts(-62_135_596_801, 0),
            "err:Timestamp is out of range ",
        ),
        (
            "datetime",
            ts(0, 1_000_000_000),
            "err:Invalid MessagePack timestamp: nanoseconds out of range",
        ),
        (
            "datetime",
            text("1979-05-27T07:32:00Z"),
            r#"ok:"1979-05-27T07:32:00Z""#,
        ),
        (
            "datetime",
            text("1979-05-27T07:32:00.9999999-07:00"),
            r#"ok:"1979-05-27T07:32:00.999999-07:00""#,
        ),
        (
            "datetime",
            text("1979-05-27T07:32:00"),
            "err:Expected `datetime` with a timezone component",
        ),
        (
            "datetime",
            text("1979-05-27"),
            "err:Expected `datetime`, got `date`",
        ),
        (
            "datetime",
            text("07:32:00"),
            "err:Expected `datetime`, got `time`",
        ),
        ("date", text("1979-05-27"), r#"ok:"1979-05-27""#),
        (
            "date",
            text("1979-05-27T07:32:00Z"),
            "err:Expected `date`, got `datetime`",
        ),
        ("date", text("07:32:00"), "err:Expected `date`, got `time`"),
        ("date", ts(0, 0), "err:Expected `date`, got `ext`"),
        ("time", text("07:32:00.1234567"), r#"ok:"07:32:00.123456""#),
        (
            "time",
            text("1979-05-27 07:32:00"),
            "err:Expected `time`, got `datetime`",
        ),
        (
            "time",
            text("1979-05-27"),
            "err:Expected `time`, got `date`",
        ),
        ("time", ts(0, 0), "err:Expected `time`, got `ext`"),
        (
            "duration",
            text("1979-05-27"),
            "err:Expected `duration`, got `date`",
        ),
        ("duration", ts(0, 0), "err:Expected `duration`, got `ext`"),
        ("decimal", ts(0, 0), "err:Expected `decimal`, got `ext`"),
        ("uuid", text("07:32:00"), "err:Expected `uuid`, got `time`"),
        ("bytes", ts(0, 0), "err:Expected `bytes`, got `ext`"),
        (
            "uuid",
            Value::Bytes([0x12, 0x34].into_iter().chain([0; 14]).collect()),
            r#"ok:"12340000-0000-0000-0000-000000000000""#,
        ),
        (
            "uuid",
            Value::Bytes(vec![0x12; 15]),
            "err:Invalid UUID bytes",
        ),
        ("bytes", Value::Bytes(vec![0, 255]), r#"ok:"AP8=""#),
        ("decimal", Value::Float(f64::NAN), r#"ok:"NaN""#),
        (
            "decimal",
            Value::Float(f64::NEG_INFINITY),
            r#"ok:"-Infinity""#,
        ),
    ];
    for (ty, value, expected) in cases {
        let got = match ty {
            "datetime" => decode_one::<OffsetDateTime>(value.clone(), false),
            "date" => decode_one::<Date>(value.clone(), false),
            "time" => decode_one::<TimeOfDay>(value.clone(), false),
            "duration" => decode_one::<Duration>(value.clone(), false),
            "uuid" => decode_one::<Uuid>(value.clone(), false),
            "decimal" => decode_one::<Decimal>(value.clone(), false),
            "bytes" => decode_one::<Bytes>(value.clone(), false),
            _ => unreachable!(),
        };
        assert_eq!(got, expected, "{ty} {value:?}");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// MessagePack bytes as msgspec writes and reads them.
#[test]
fn msgpack_forms() {
    use seam_runtime::msgpack;
    let dt = |s: &str| seam_runtime::scalar::parse_datetime(s).unwrap();
    for (text, expected) in [
        ("2021-01-01T01:00:00+01:00", "d6ff5fee6600"),
        ("2021-01-01T00:00:00.123456Z", "d7ff1d6f28005fee6600"),
        (
            "1969-12-31T23:59:59.999999Z",
            "c70cff3b9ac618ffffffffffffffff",
        ),
        ("2500-01-01T00:00:00Z", "d7ff00000003e4e6b080"),
    ] {
        assert_eq!(hex(&msgpack::encode(&dt(text))), expected, "{text}");
        // Read back in UTC: the offset is not carried.
        let back: OffsetDateTime = msgpack::decode(&unhex(expected)).unwrap();
        assert_eq!(back, dt(text));
        assert_eq!(back.offset(), seam_runtime::time::UtcOffset::UTC);
    }
    let uuid: Uuid = "123e4567-e89b-12d3-a456-426614174000".parse().unwrap();
    assert_eq!(
        hex(&msgpack::encode(&uuid)),
        "d92431323365343536372d653839622d313264332d613435362d343236363134313734303030"
    );
    let d = seam_runtime::scalar::parse_duration("P1DT5.000007S").unwrap();
    assert_eq!(hex(&msgpack::encode(&d)), "ad50314454352e30303030303753");
    assert_eq!(hex(&msgpack::encode(&Bytes(vec![0, 255]))), "c40200ff");
    assert_eq!(
        hex(&msgpack::encode(&"1.10".parse::<Decimal>().unwrap())),
        "a4312e3130"
    );
    assert_eq!(
        hex(&msgpack::encode(
            &TimeOfDay::parse("01:02:03.00004").unwrap()
        )),
        "af30313a30323a30332e303030303430"
    );
    assert_eq!(
        hex(&msgpack::encode(
            &seam_runtime::scalar::parse_date("2021-01-02").unwrap()
        )),
        "aa323032312d30312d3032"
    );
    let u: Uuid = msgpack::decode(&unhex("c41012340000000000000000000000000000")).unwrap();
    assert_eq!(u.to_string(), "12340000-0000-0000-0000-000000000000");
    let dec: Decimal = msgpack::decode(&msgpack::encode(&1.1f64)).unwrap();
    assert_eq!(dec.as_str(), "1.1");
    let dec: Decimal = msgpack::decode(&msgpack::encode(&-5i64)).unwrap();
    assert_eq!(dec.as_str(), "-5");
}

/// Sets encode in msgspec's `order="deterministic"` order (Python's comparison of the values).
#[test]
fn set_order() {
    use std::collections::BTreeSet;
    fn encoded<T: Decode + Encode + Ord>(items: &str) -> String {
        let set: BTreeSet<T> = json::decode(items.as_bytes()).unwrap();
        String::from_utf8(json::encode(&set)).unwrap()
    }
    assert_eq!(
        encoded::<OffsetDateTime>(
            r#"["2021-01-01T06:00:00Z","2021-01-01T05:30:00Z","2021-01-01T10:00:00+05:00"]"#
        ),
        r#"["2021-01-01T10:00:00+05:00","2021-01-01T05:30:00Z","2021-01-01T06:00:00Z"]"#
    );
    assert_eq!(
        encoded::<TimeOfDay>(r#"["08:00:00Z","12:00:00+05:00"]"#),
        r#"["12:00:00+05:00","08:00:00Z"]"#
    );
    assert_eq!(
        encoded::<Decimal>(r#"["10","1.5","-2"]"#),
        r#"["-2","1.5","10"]"#
    );
    assert_eq!(
        encoded::<Duration>(r#"["P1D","P0D","-PT1S"]"#),
        r#"["-PT1S","P0D","P1D"]"#
    );
    assert_eq!(
        encoded::<Uuid>(
            r#"["80000000-0000-0000-0000-000000000000","00000000000000000000000000000005"]"#
        ),
        r#"["00000000-0000-0000-0000-000000000005","80000000-0000-0000-0000-000000000000"]"#
    );
    assert_eq!(
        encoded::<Bytes>(r#"["Yg==","YWI=","YQ=="]"#),
        r#"["YQ==","YWI=","Yg=="]"#
    );
    assert_eq!(
        encoded::<Date>(r#"["2021-01-02","2020-12-31"]"#),
        r#"["2020-12-31","2021-01-02"]"#
    );
    // The same instant twice is the same datetime (Python: equal, collapsed in a set).
    let err = json::decode::<BTreeSet<OffsetDateTime>>(
        br#"["2021-01-01T00:00:00Z","2021-01-01T01:00:00+01:00"]"#,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "Duplicate item in set - at `$[1]`");
}

/// A field path, and lax "null" for an optional scalar (these types do not read "null" as text).
#[test]
fn paths_and_optional() {
    let err =
        json::decode::<Vec<OffsetDateTime>>(br#"["2021-01-01T00:00:00Z","2021-01-01T00:00:00"]"#)
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Expected `datetime` with a timezone component - at `$[1]`"
    );
    assert_eq!(err.issues()[0].kind, IssueKind::Constraint);
    let err = json::decode::<Vec<Uuid>>(br#"["x"]"#).unwrap_err();
    assert_eq!(err.issues()[0].kind, IssueKind::InvalidValue);
    let err = json::decode_lax::<OffsetDateTime>(b"1e20").unwrap_err();
    assert_eq!(err.issues()[0].kind, IssueKind::OutOfRange);
    let none: Option<OffsetDateTime> = json::decode_lax(br#""null""#).unwrap();
    assert!(none.is_none());
    let none: Option<Decimal> = json::decode_lax(br#""null""#).unwrap();
    assert!(none.is_none());
}
