//! Constraint checks (IDL.md section 4) with msgspec's messages.
//!
//! Generated code describes each constrained type with `const` values of these types and calls
//! the checks after decoding the value; a failed check records an `Issue` of kind `constraint`.

use std::sync::OnceLock;

use std::collections::{BTreeMap, BTreeSet};

use crate::de::{Ctx, Decode, Fatal, Reader};
use crate::error::IssueKind;
use crate::prim::{decode_list, decode_map, decode_set, MapKey};

/// A numeric bound as written in the contract.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

/// Bounds of an integer or float type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub gt: Option<Num>,
    pub ge: Option<Num>,
    pub lt: Option<Num>,
    pub le: Option<Num>,
    pub multiple_of: Option<Num>,
}

impl Bounds {
    pub const NONE: Bounds = Bounds {
        gt: None,
        ge: None,
        lt: None,
        le: None,
        multiple_of: None,
    };

    /// These bounds with `> n` (generated code writes `Bounds::NONE.ge(Num::Int(0))`).
    pub const fn gt(self, n: Num) -> Self {
        Bounds {
            gt: Some(n),
            ..self
        }
    }

    /// These bounds with `>= n`.
    pub const fn ge(self, n: Num) -> Self {
        Bounds {
            ge: Some(n),
            ..self
        }
    }

    /// These bounds with `< n`.
    pub const fn lt(self, n: Num) -> Self {
        Bounds {
            lt: Some(n),
            ..self
        }
    }

    /// These bounds with `<= n`.
    pub const fn le(self, n: Num) -> Self {
        Bounds {
            le: Some(n),
            ..self
        }
    }

    /// These bounds with `multiple_of = n`.
    pub const fn multiple_of(self, n: Num) -> Self {
        Bounds {
            multiple_of: Some(n),
            ..self
        }
    }
}

/// Checks an integer; msgspec states strict bounds as inclusive ones (`gt = 0` reads `>= 1`).
pub fn check_int(cx: &mut Ctx, value: i128, b: &Bounds) -> bool {
    let int = |n: Num| match n {
        Num::Int(i) => i,
        Num::Float(f) => f as i128,
    };
    let mut fail = |message: String| {
        cx.issue(IssueKind::Constraint, message);
        false
    };
    if let Some(n) = b.gt.map(int) {
        if value <= n {
            return fail(format!("Expected `int` >= {}", n + 1));
        }
    }
    if let Some(n) = b.ge.map(int) {
        if value < n {
            return fail(format!("Expected `int` >= {n}"));
        }
    }
    if let Some(n) = b.lt.map(int) {
        if value >= n {
            return fail(format!("Expected `int` <= {}", n - 1));
        }
    }
    if let Some(n) = b.le.map(int) {
        if value > n {
            return fail(format!("Expected `int` <= {n}"));
        }
    }
    if let Some(n) = b.multiple_of.map(int) {
        if n != 0 && value % n != 0 {
            return fail(format!("Expected `int` that's a multiple of {n}"));
        }
    }
    true
}

/// Checks a float; bounds print as Python prints floats (`1e+16`, `0.5`, `1.0`). The negated
/// comparisons are deliberate: NaN fails every bound.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub fn check_float(cx: &mut Ctx, value: f64, b: &Bounds) -> bool {
    let mut fail = |op: &str, n: Num| {
        cx.issue(
            IssueKind::Constraint,
            format!("Expected `float` {op} {}", python_float_repr(n.as_f64())),
        );
        false
    };
    if let Some(n) = b.gt {
        if !(value > n.as_f64()) {
            return fail(">", n);
        }
    }
    if let Some(n) = b.ge {
        if !(value >= n.as_f64()) {
            return fail(">=", n);
        }
    }
    if let Some(n) = b.lt {
        if !(value < n.as_f64()) {
            return fail("<", n);
        }
    }
    if let Some(n) = b.le {
        if !(value <= n.as_f64()) {
            return fail("<=", n);
        }
    }
    if let Some(n) = b.multiple_of {
        let m = n.as_f64();
        if m != 0.0 && value % m != 0.0 {
            cx.issue(
                IssueKind::Constraint,
                format!(
                    "Expected `float` that's a multiple of {}",
                    python_float_repr(m)
                ),
            );
            return false;
        }
    }
    true
}

/// Length bounds of a string (in Unicode scalar values), bytes, array or map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lengths {
    pub min: Option<usize>,
    pub max: Option<usize>,
}

impl Lengths {
    pub const ANY: Lengths = Lengths {
        min: None,
        max: None,
    };

    /// These lengths with a minimum (generated code writes `Lengths::ANY.min(1).max(64)`).
    pub const fn min(self, n: usize) -> Self {
        Lengths {
            min: Some(n),
            ..self
        }
    }

    /// These lengths with a maximum.
    pub const fn max(self, n: usize) -> Self {
        Lengths {
            max: Some(n),
            ..self
        }
    }
}

/// Checks a length; `what` is msgspec's name of the type (`str`, `bytes`, `array`, `object`).
pub fn check_length(cx: &mut Ctx, len: usize, what: &str, l: &Lengths) -> bool {
    if let Some(min) = l.min {
        if len < min {
            cx.issue(
                IssueKind::Length,
                format!("Expected `{what}` of length >= {min}"),
            );
            return false;
        }
    }
    if let Some(max) = l.max {
        if len > max {
            cx.issue(
                IssueKind::Length,
                format!("Expected `{what}` of length <= {max}"),
            );
            return false;
        }
    }
    true
}

/// A `pattern` constraint: the regular expression is compiled once, on first use. Matching is
/// a search (msgspec uses `re.search`), in time linear in the input (the `regex` crate).
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    regex: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            regex: OnceLock::new(),
        }
    }

    pub fn source(&self) -> &'static str {
        self.source
    }

    pub fn is_match(&self, text: &str) -> bool {
        // The compiler has checked that the pattern compiles; should it not, nothing matches.
        self.regex
            .get_or_init(|| regex::Regex::new(&python_pattern(self.source)).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }
}

/// Whether `text` matches `pattern` as a `pattern` constraint does (compiled on each call: for
/// the compiler's checks of defaults and examples, not for decoding).
pub fn pattern_matches(pattern: &str, text: &str) -> bool {
    regex::Regex::new(&python_pattern(pattern)).is_ok_and(|re| re.is_match(text))
}

/// A pattern rewritten so that the `regex` crate matches what Python's `re.search` matches:
/// Python's `$` (without the multiline flag) also matches before a newline that ends the text,
/// and `\Z` is the very end. The compiler validates patterns after this rewriting too.
pub fn python_pattern(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 8);
    let mut chars = source.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('Z') if class_depth == 0 => out.push_str("\\z"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal, not the end of the class.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            '$' if class_depth == 0 => out.push_str("(?:\\n?\\z)"),
            c => out.push(c),
        }
    }
    out
}

/// Checks a string against its length bounds and pattern, in msgspec's order.
pub fn check_str(cx: &mut Ctx, value: &str, lengths: &Lengths, pattern: Option<&Pattern>) -> bool {
    if lengths.min.is_some() || lengths.max.is_some() {
        // Counting characters is only needed near the bounds: a string of n bytes holds
        // between n/4 and n characters.
        let bytes = value.len();
        let surely_ok = lengths.min.is_none_or(|min| bytes / 4 >= min)
            && lengths.max.is_none_or(|max| bytes <= max);
        if !surely_ok && !check_length(cx, value.chars().count(), "str", lengths) {
            return false;
        }
    }
    if let Some(pattern) = pattern {
        if !pattern.is_match(value) {
            cx.issue(
                IssueKind::Constraint,
                format!(
                    "Expected `str` matching regex {}",
                    python_str_repr(pattern.source)
                ),
            );
            return false;
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Decoding with constraints: decode the value, then check it. Used by generated code for
// constrained types written inline (`int(ge = 1)`); constrained aliases are newtypes that call
// the same checks.

/// The integer types, with their ranges.
pub trait IntType: Copy + TryFrom<i128> {
    const MIN: i128;
    const MAX: i128;
}

macro_rules! int_types {
    ($($t:ty),*) => {$(
        impl IntType for $t {
            const MIN: i128 = <$t>::MIN as i128;
            const MAX: i128 = <$t>::MAX as i128;
        }
    )*};
}
int_types!(i8, i16, i32, i64, u8, u16, u32, u64);

/// Decodes an integer of type `T` and checks its bounds together with the type's range: the
/// tighter of the two is the one reported (`u16(ge = 1)` given -1 reads `>= 1`), as in msgspec,
/// where the type's range is one more bound.
pub fn decode_int<'de, R: Reader<'de> + ?Sized, T: IntType>(
    r: &mut R,
    cx: &mut Ctx,
    bounds: &Bounds,
) -> Result<Option<T>, Fatal> {
    let Some(value) = crate::prim::read_integer(r, cx)? else {
        return Ok(None);
    };
    let as_int = |n: Num| match n {
        Num::Int(i) => i,
        Num::Float(f) => f as i128,
    };
    let lower = bounds.gt.map(|n| as_int(n) + 1).or(bounds.ge.map(as_int));
    let upper = bounds.lt.map(|n| as_int(n) - 1).or(bounds.le.map(as_int));
    let (lo, lo_kind) = match lower {
        Some(n) if n >= T::MIN => (n, IssueKind::Constraint),
        _ => (T::MIN, IssueKind::OutOfRange),
    };
    let (hi, hi_kind) = match upper {
        Some(n) if n <= T::MAX => (n, IssueKind::Constraint),
        _ => (T::MAX, IssueKind::OutOfRange),
    };
    let (below, above, v) = match value {
        crate::de::Int::I64(i) => (i128::from(i) < lo, i128::from(i) > hi, i128::from(i)),
        crate::de::Int::U64(u) => (i128::from(u) < lo, i128::from(u) > hi, i128::from(u)),
        crate::de::Int::Big(f) => (f < 0.0, f > 0.0, 0),
    };
    if below {
        cx.issue(lo_kind, format!("Expected `int` >= {lo}"));
        return Ok(None);
    }
    if above {
        cx.issue(hi_kind, format!("Expected `int` <= {hi}"));
        return Ok(None);
    }
    if let Some(m) = bounds.multiple_of.map(as_int).filter(|m| *m != 0) {
        if v % m != 0 {
            cx.issue(
                IssueKind::Constraint,
                format!("Expected `int` that's a multiple of {m}"),
            );
            return Ok(None);
        }
    }
    Ok(T::try_from(v).ok())
}

/// [`decode_int`] for `u64`.
pub fn decode_uint<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    bounds: &Bounds,
) -> Result<Option<u64>, Fatal> {
    decode_int::<R, u64>(r, cx, bounds)
}

pub fn decode_float<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    bounds: &Bounds,
) -> Result<Option<f64>, Fatal> {
    Ok(f64::decode(r, cx)?.filter(|v| check_float(cx, *v, bounds)))
}

pub fn decode_str<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    lengths: &Lengths,
    pattern: Option<&Pattern>,
) -> Result<Option<String>, Fatal> {
    Ok(String::decode(r, cx)?.filter(|v| check_str(cx, v, lengths, pattern)))
}

pub fn decode_list_len<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    lengths: &Lengths,
    item: impl FnMut(&mut R, &mut Ctx) -> Result<Option<T>, Fatal>,
) -> Result<Option<Vec<T>>, Fatal> {
    Ok(decode_list(r, cx, item)?.filter(|v| check_length(cx, v.len(), "array", lengths)))
}

pub fn decode_set_len<'de, R: Reader<'de> + ?Sized, T: Ord>(
    r: &mut R,
    cx: &mut Ctx,
    lengths: &Lengths,
    item: impl FnMut(&mut R, &mut Ctx) -> Result<Option<T>, Fatal>,
) -> Result<Option<BTreeSet<T>>, Fatal> {
    Ok(decode_set(r, cx, item)?.filter(|v| check_length(cx, v.len(), "array", lengths)))
}

pub fn decode_map_len<'de, R: Reader<'de> + ?Sized, K: MapKey, V>(
    r: &mut R,
    cx: &mut Ctx,
    lengths: &Lengths,
    value: impl FnMut(&mut R, &mut Ctx) -> Result<Option<V>, Fatal>,
) -> Result<Option<BTreeMap<K, V>>, Fatal> {
    Ok(decode_map(r, cx, value)?.filter(|v| check_length(cx, v.len(), "object", lengths)))
}

pub fn decode_bytes<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    lengths: &Lengths,
) -> Result<Option<crate::Bytes>, Fatal> {
    Ok(crate::Bytes::decode(r, cx)?.filter(|v| check_length(cx, v.len(), "bytes", lengths)))
}

/// A `time` with a `tz` constraint: an offset required (`true`) or forbidden (`false`).
pub fn decode_time<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    tz: Option<bool>,
) -> Result<Option<crate::TimeOfDay>, Fatal> {
    let value = crate::TimeOfDay::decode(r, cx)?;
    Ok(match tz {
        Some(required) => value.filter(|v| crate::check_time_tz(cx, v, required)),
        None => value,
    })
}

/// Python's `repr()` of a float: the shortest text that reads back as the same float, in
/// scientific notation when the exponent is below -4 or at least 16 (`1e-07`, `1e+16`).
pub fn python_float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    // `{:e}` gives the shortest round-trip digits: "1.2345e-7".
    let sci = format!("{value:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let text = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{exp_sign}{:02}", exponent.abs())
    }
}

/// Python's `repr()` of a string: single quotes unless the text has a single quote and no
/// double quote; backslashes and the quote doubled or escaped; non-printable characters escaped.
pub fn python_str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_reprs() {
        // python3 -c "print(repr(1e-7), repr(1e16), repr(0.5), repr(1.0), repr(123456789.0), repr(1e15), repr(-2.5e-5))"
        let cases = [
            (1e-7, "1e-07"),
            (1e16, "1e+16"),
            (0.5, "0.5"),
            (1.0, "1.0"),
            (123456789.0, "123456789.0"),
            (1e15, "1000000000000000.0"),
            (-2.5e-5, "-2.5e-05"),
            (0.0001, "0.0001"),
            (1.5e300, "1.5e+300"),
        ];
        for (value, expected) in cases {
            assert_eq!(python_float_repr(value), expected, "{value}");
        }
        // python3 -c "print(repr('^\\\\d+\\'x\"$'), repr(\"it's\"), repr('é\\t'))"
        assert_eq!(python_str_repr("^\\d+'x\"$"), r#"'^\\d+\'x"$'"#);
        assert_eq!(python_str_repr("it's"), "\"it's\"");
        assert_eq!(python_str_repr("é\t"), "'é\\t'");
    }

    #[test]
    fn patterns_match_as_python_does() {
        // python3 -c "import re; print([bool(re.search(p, s)) for p, s in [('^a$', 'a\\n'), ('^a$', 'a\\n\\n'), ('^a\\Z', 'a\\n'), ('[$]', '$'), ('a$|b', 'xb')]])"
        // [True, False, False, True, True]
        let cases = [
            ("^a$", "a\n", true),
            ("^a$", "a\n\n", false),
            ("^a\\Z", "a\n", false),
            ("[$]", "$", true),
            ("a$|b", "xb", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                Pattern::new(pattern).is_match(text),
                expected,
                "{pattern:?} on {text:?}"
            );
        }
        assert_eq!(python_pattern(r"^[0-9a-f]{64}$"), r"^[0-9a-f]{64}(?:\n?\z)");
        assert_eq!(python_pattern(r"[]$]x\$"), r"[]$]x\$");
    }

    #[test]
    fn messages_follow_msgspec() {
        let mut cx = Ctx::new(false);
        let b = Bounds {
            gt: Some(Num::Int(5)),
            lt: Some(Num::Int(3)),
            ..Bounds::NONE
        };
        assert!(!check_int(&mut cx, 4, &b));
        let b = Bounds {
            multiple_of: Some(Num::Int(2)),
            ..Bounds::NONE
        };
        assert!(!check_float(&mut cx, 3.0, &b));
        assert!(!check_str(
            &mut cx,
            "a",
            &Lengths {
                min: Some(2),
                max: None
            },
            None
        ));
        static P: Pattern = Pattern::new("^a+$");
        assert!(!check_str(
            &mut cx,
            "b",
            &Lengths {
                min: None,
                max: None
            },
            Some(&P)
        ));
        assert!(check_str(
            &mut cx,
            "xaay",
            &Lengths {
                min: None,
                max: None
            },
            Some(&Pattern::new("a+"))
        ));
        let messages: Vec<String> = match cx.finish::<()>(Ok(None)) {
            Err(e) => e.issues().iter().map(|i| i.message.clone()).collect(),
            Ok(()) => Vec::new(),
        };
        assert_eq!(
            messages,
            [
                "Expected `int` >= 6",
                "Expected `float` that's a multiple of 2.0",
                "Expected `str` of length >= 2",
                "Expected `str` matching regex '^a+$'",
            ]
        );
    }
}
