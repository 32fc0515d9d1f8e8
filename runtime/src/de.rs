//! Decoding: a format-independent pull [`Reader`], the [`Ctx`] that collects problems, and the
//! [`Decode`] trait that generated types and the runtime's own types implement.
//!
//! Decoding is one pass over the input. A value of the wrong type, or one that breaks a
//! constraint, is recorded as an [`Issue`] and skipped, and decoding goes on, so one run reports
//! every problem in document order. Only a syntax error (or nesting beyond the limit) stops it:
//! that is a [`Fatal`].

use std::borrow::Cow;

use crate::error::{render_path, DecodeError, Issue, IssueKind, Segment};
use crate::limits::Limits;

/// What the next value on the input is. The names are msgspec's ("got `object`").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Int,
    Float,
    Str,
    /// MessagePack `bin`.
    Bytes,
    Array,
    Map,
    /// A MessagePack extension value (other than the timestamp).
    Ext,
    /// A MessagePack timestamp (extension -1) or a TOML date-time.
    Datetime,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Str => "str",
            Kind::Bytes => "bytes",
            Kind::Array => "array",
            Kind::Map => "object",
            Kind::Ext => "ext",
            Kind::Datetime => "datetime",
        }
    }
}

/// An integer as read from the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Int {
    I64(i64),
    /// Above `i64::MAX`.
    U64(u64),
    /// Beyond 64 bits (JSON only); the nearest float, for `float` targets.
    Big(f64),
}

/// A date-time value read natively (MessagePack timestamp, TOML date-time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NativeDatetime {
    /// Seconds and nanoseconds since the Unix epoch, UTC.
    Timestamp { seconds: i64, nanoseconds: u32 },
    /// The text form (TOML), parsed by the target type.
    Text(String),
}

/// A map key as read from the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Key<'de> {
    Str(Cow<'de, str>),
    Int(Int),
    /// A key of another kind; the reader has already skipped it.
    Other(Kind),
}

/// A map key as read by [`Reader::next_raw_key`].
#[derive(Debug, Clone, PartialEq)]
pub enum RawKey<'de> {
    /// A string key's bytes as they are in the input, not yet checked to be UTF-8 (see
    /// [`Reader::key_text`]).
    Bytes(&'de [u8]),
    Key(Key<'de>),
}

/// State of an array or map being read, returned by `begin_*` and passed back to `next_*`.
#[derive(Debug, Clone, Copy)]
pub struct Seq {
    /// Items left, when the format gives a length up front (MessagePack).
    pub remaining: Option<usize>,
    /// Whether no item has been read yet (JSON needs it for commas).
    pub first: bool,
    /// Items read so far, counted by [`crate::limits::Limited`].
    pub(crate) count: usize,
    /// Room a decoder may reserve for the items: see [`Seq::capacity_hint`].
    capacity: usize,
}

impl Seq {
    /// A sequence of `remaining` items when the length is known; the decoder may reserve room
    /// for all of them, so a reader whose length comes from the input uses [`Seq::announced`].
    pub fn new(remaining: Option<usize>) -> Self {
        Seq {
            remaining,
            first: true,
            count: 0,
            capacity: remaining.unwrap_or(0),
        }
    }

    /// A sequence whose length `len` was read from the input, with `input_left` bytes after
    /// its header: each item takes at least one byte, so room is reserved for at most
    /// `input_left` of them, whatever the header claims.
    pub fn announced(len: usize, input_left: usize) -> Self {
        Seq {
            capacity: len.min(input_left),
            ..Seq::new(Some(len))
        }
    }

    /// How many items a decoder may reserve room for before reading them. Never more than the
    /// input can hold: a 4 GiB length on a short input reserves nothing large.
    #[inline]
    pub fn capacity_hint(&self) -> usize {
        self.capacity
    }
}

/// A saved position of a reader, to look ahead and come back (union tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark(pub usize);

/// An error that stops decoding: invalid syntax or nesting too deep. It is an [`Issue`].
pub type Fatal = Box<Issue>;

/// A pull reader over one encoded document. Implemented for JSON, MessagePack and value trees
/// (`serde_json::Value`, TOML); generated code sees only this trait. The byte entry points
/// (JSON, MessagePack, TOML) wrap the reader in [`crate::limits::Limited`], which forwards every
/// method: a new method with a default body must be forwarded there too.
pub trait Reader<'de> {
    /// The kind of the next value. An error at the end of the input or on invalid syntax.
    fn peek(&mut self) -> Result<Kind, Fatal>;
    fn read_null(&mut self) -> Result<(), Fatal>;
    fn read_bool(&mut self) -> Result<bool, Fatal>;
    fn read_int(&mut self) -> Result<Int, Fatal>;
    fn read_float(&mut self) -> Result<f64, Fatal>;
    fn read_str(&mut self) -> Result<Cow<'de, str>, Fatal>;
    fn read_bytes(&mut self) -> Result<Cow<'de, [u8]>, Fatal>;
    fn read_ext(&mut self) -> Result<(i8, Cow<'de, [u8]>), Fatal>;
    fn read_datetime(&mut self) -> Result<NativeDatetime, Fatal>;
    /// Starts reading an array (the next value must be one).
    fn begin_array(&mut self) -> Result<Seq, Fatal>;
    /// Whether another element follows; the reader is then positioned on it. After `false`
    /// the array has been consumed.
    fn next_element(&mut self, seq: &mut Seq) -> Result<bool, Fatal>;
    fn begin_map(&mut self) -> Result<Seq, Fatal>;
    /// Reads the next key and positions the reader on its value, or returns `None` (and
    /// consumes the map's end) when there are no more entries.
    fn next_key(&mut self, seq: &mut Seq) -> Result<Option<Key<'de>>, Fatal>;
    /// Like [`Reader::next_key`], but a string key that is on the wire as it is (no escapes)
    /// comes as its bytes, not yet checked to be UTF-8. Struct decoding compares them with the
    /// field names first: a key equal to a name is UTF-8 without a check, and most keys are.
    #[inline]
    fn next_raw_key(&mut self, seq: &mut Seq) -> Result<Option<RawKey<'de>>, Fatal> {
        Ok(self.next_key(seq)?.map(RawKey::Key))
    }
    /// The bytes of a [`RawKey::Bytes`] as text, or this format's error for bytes that are
    /// not UTF-8.
    fn key_text(&self, bytes: &'de [u8]) -> Result<&'de str, Fatal> {
        std::str::from_utf8(bytes).map_err(|error| {
            Box::new(Issue {
                kind: IssueKind::Syntax,
                path: "$".into(),
                pointer: String::new(),
                message: error.to_string(),
            })
        })
    }
    /// Consumes the next value, whatever it is, without recursion.
    fn skip(&mut self) -> Result<(), Fatal>;
    fn mark(&mut self) -> Mark;
    fn reset(&mut self, mark: Mark);
}

/// The maximum nesting of arrays and maps (IDL.md section 5).
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// The decoding context: the problems found so far, the current path, the mode, the depth and
/// the [`Limits`].
#[derive(Debug)]
pub struct Ctx {
    issues: Vec<Issue>,
    path: Vec<Segment>,
    lax: bool,
    /// Whether the input is MessagePack, where msgspec names and accepts some things
    /// differently (`None` for nil; no strings for `bytes`).
    binary: bool,
    depth: usize,
    max_depth: usize,
    max_issues: usize,
    max_report_bytes: usize,
    /// Bytes of text in `issues` (paths, pointers, messages).
    report_bytes: usize,
    /// Problems found after the report was full, counted and not kept.
    dropped: usize,
}

impl Ctx {
    /// A context with the default [`Limits`].
    pub fn new(lax: bool) -> Self {
        Ctx::with_limits(lax, &Limits::default())
    }

    /// A context that applies `limits` (the depth and the size of the report; the reader
    /// applies the others).
    pub fn with_limits(lax: bool, limits: &Limits) -> Self {
        Ctx {
            issues: Vec::new(),
            path: Vec::new(),
            lax,
            binary: false,
            depth: 0,
            max_depth: limits.max_depth,
            max_issues: limits.max_issues,
            max_report_bytes: limits.max_report_bytes,
            report_bytes: 0,
            dropped: 0,
        }
    }

    /// A context for MessagePack input.
    pub fn binary(mut self) -> Self {
        self.binary = true;
        self
    }

    #[inline]
    pub fn is_binary(&self) -> bool {
        self.binary
    }

    /// The name msgspec gives a kind of value in "got `...`" for this format.
    #[inline]
    pub fn kind_name(&self, kind: Kind) -> &'static str {
        match (kind, self.binary) {
            (Kind::Null, true) => "None",
            (Kind::Datetime, true) => "ext",
            _ => kind.name(),
        }
    }

    /// Whether msgspec's `strict=False` coercions apply.
    #[inline]
    pub fn lax(&self) -> bool {
        self.lax
    }

    #[inline]
    pub fn push(&mut self, segment: Segment) {
        self.path.push(segment);
    }

    #[inline]
    pub fn pop(&mut self) {
        self.path.pop();
    }

    /// Records a problem at the current path. Once the report holds [`Limits::max_issues`]
    /// problems or [`Limits::max_report_bytes`] of text, later problems are only counted (the
    /// first one is always kept), so a hostile input cannot make the report grow without bound.
    pub fn issue(&mut self, kind: IssueKind, message: impl Into<String>) {
        if self.dropped > 0
            || (!self.issues.is_empty()
                && (self.issues.len() >= self.max_issues
                    || self.report_bytes >= self.max_report_bytes))
        {
            self.dropped += 1;
            return;
        }
        let issue = self.make_issue(kind, message.into());
        self.report_bytes += issue.path.len() + issue.pointer.len() + issue.message.len();
        self.issues.push(issue);
    }

    fn make_issue(&self, kind: IssueKind, message: String) -> Issue {
        let (path, pointer) = render_path(&self.path);
        Issue {
            kind,
            path,
            pointer,
            message,
        }
    }

    /// Enters an array or map: an error beyond the maximum depth.
    #[inline]
    pub fn enter(&mut self) -> Result<(), Fatal> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Box::new(self.make_issue(
                IssueKind::Depth,
                format!("Nesting exceeds the maximum depth of {}", self.max_depth),
            )));
        }
        Ok(())
    }

    #[inline]
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Problems found so far, kept or not.
    #[inline]
    pub fn issue_count(&self) -> usize {
        self.issues.len() + self.dropped
    }

    /// msgspec names a nullable type `int | null` in a type mismatch of the value itself
    /// (``Expected `int | null`, got `str` ``): rewrites the first such problem recorded since
    /// `start` at the current path. Constraint, length and nested problems are left as they are.
    pub fn nullable_since(&mut self, start: usize) {
        // The path is rendered only when there is a problem to look at: rendering it for every
        // failed value would take time in the depth times the number of values.
        let Some(kind) = self.issues.get(start).map(|issue| issue.kind) else {
            return;
        };
        if kind != IssueKind::Type {
            return;
        }
        let (here, _) = render_path(&self.path);
        if let Some(issue) = self.issues.get_mut(start) {
            if issue.path == here {
                if let Some(rest) = issue.message.strip_prefix("Expected `") {
                    if let Some((expected, got)) = rest.split_once("`, got `") {
                        if !expected.ends_with(" | null") {
                            issue.message = format!("Expected `{expected} | null`, got `{got}");
                        }
                    }
                }
            }
        }
    }

    /// Finishes a decode: the value, or every problem found (a fatal one last). When problems
    /// were left out of the report, a `limit` problem at `$` says how many, after those kept.
    pub fn finish<T>(mut self, result: Result<Option<T>, Fatal>) -> Result<T, DecodeError> {
        if self.dropped > 0 {
            let message = format!(
                "{} more problems not reported (the report keeps at most {} problems and {} \
                 bytes of text)",
                self.dropped, self.max_issues, self.max_report_bytes
            );
            self.issues.push(Issue {
                kind: IssueKind::Limit,
                path: "$".into(),
                pointer: String::new(),
                message,
            });
        }
        match result {
            Ok(Some(value)) if self.issues.is_empty() => Ok(value),
            Ok(_) => Err(DecodeError::from_issues(self.issues).unwrap_or_else(|| {
                DecodeError::single(Issue {
                    kind: IssueKind::InvalidValue,
                    path: "$".into(),
                    pointer: String::new(),
                    message: "Invalid value".into(),
                })
            })),
            Err(mut fatal) => {
                if fatal.kind == IssueKind::Limit {
                    // Raised by a reader, which does not know the path; the context's is still
                    // the one where it was raised (a `?` return skips the pops).
                    (fatal.path, fatal.pointer) = render_path(&self.path);
                }
                self.issues.push(*fatal);
                Err(DecodeError::from_issues(self.issues).expect("at least the fatal issue"))
            }
        }
    }
}

/// A type that can be decoded from any [`Reader`].
pub trait Decode: Sized {
    /// Whether the type reads strings from the wire (so that, in lax mode, `"null"` is a value
    /// of it rather than a null for an enclosing `Option`).
    const STR_LIKE: bool = false;

    /// Decodes one value. `Ok(None)` means a problem was recorded in `cx` and the value was
    /// consumed; decoding of the enclosing value goes on.
    fn decode<'de, R: Reader<'de> + ?Sized>(r: &mut R, cx: &mut Ctx)
        -> Result<Option<Self>, Fatal>;
}

/// Records "Expected `x`, got `y`" and skips the value.
pub fn mismatch<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    expected: &str,
    got: Kind,
) -> Result<Option<T>, Fatal> {
    let message = |got: &str| format!("Expected `{expected}`, got `{got}`");
    match got {
        // msgspec reports a container of the wrong type before reading it.
        Kind::Array | Kind::Map => {
            cx.issue(IssueKind::Type, message(cx.kind_name(got)));
            r.skip()?;
        }
        // Numbers are read whole first: one beyond the range of a float is "Number out of
        // range" whatever was expected, and an integer beyond 64 bits is read as a float.
        Kind::Int | Kind::Float if !cx.is_binary() => {
            let value = if got == Kind::Float {
                Some(r.read_float()?)
            } else {
                match r.read_int()? {
                    Int::Big(f) => Some(f),
                    _ => None,
                }
            };
            match value {
                Some(f) if f.is_infinite() => {
                    cx.issue(IssueKind::OutOfRange, "Number out of range")
                }
                Some(_) => cx.issue(IssueKind::Type, message("float")),
                None => cx.issue(IssueKind::Type, message("int")),
            }
        }
        // A JSON string is read whole first, so a syntax error in it (a bad escape) is the one
        // reported, with the text msgspec gives when reading rather than skipping.
        Kind::Str if !cx.is_binary() => {
            r.read_str()?;
            cx.issue(IssueKind::Type, message(cx.kind_name(got)));
        }
        // Other scalars are read first too, as msgspec does.
        _ => {
            r.skip()?;
            cx.issue(IssueKind::Type, message(cx.kind_name(got)));
        }
    }
    Ok(None)
}

/// Reads the elements of an array with `item`, pushing the index on the path.
pub fn array_items<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    mut item: impl FnMut(&mut R, &mut Ctx, usize) -> Result<(), Fatal>,
) -> Result<usize, Fatal> {
    cx.enter()?;
    let mut seq = r.begin_array()?;
    let mut index = 0;
    while r.next_element(&mut seq)? {
        cx.push(Segment::Index(index));
        item(r, cx, index)?;
        cx.pop();
        index += 1;
    }
    cx.leave();
    Ok(index)
}

/// Whether the decode of a part failed; used by containers to drop the whole value.
#[inline]
pub fn track<T>(ok: &mut bool, value: Option<T>) -> Option<T> {
    if value.is_none() {
        *ok = false;
    }
    value
}
