//! [`Limits`]: bounds a service sets on what one decode may read and report, and [`Limited`],
//! the reader wrapper that enforces the ones a reader can see (collection and string lengths).
//!
//! ```
//! use seam_runtime::Limits;
//!
//! // An endpoint that takes small documents from anyone.
//! let limits = Limits::default()
//!     .with_max_input_bytes(1 << 20)
//!     .with_max_depth(32)
//!     .with_max_collection_len(10_000)
//!     .with_max_string_len(64 * 1024);
//! let error = seam_runtime::json::decode_with::<Vec<i64>>(&[b' '; 2 << 20], &limits).unwrap_err();
//! assert_eq!(error.first().kind, seam_runtime::IssueKind::Limit);
//! assert_eq!(
//!     error.to_string(),
//!     "Input of 2097152 bytes exceeds the maximum size of 1048576 bytes"
//! );
//! ```
//!
//! Every limit that is exceeded is an issue of kind [`IssueKind::Limit`] (`limit`), except
//! nesting, which keeps its own kind, [`IssueKind::Depth`]. Exceeding the input size, a
//! collection length or a string length stops decoding (like a syntax error); the problems
//! found before it are reported with it. Exceeding the number of problems does not stop it: the
//! problems beyond the limit are counted and not kept. The defaults, and why, are in
//! `docs/runtime.md` ("Limits").

use std::borrow::Cow;

use crate::de::{
    Fatal, Int, Key, Kind, Mark, NativeDatetime, RawKey, Reader, Seq, DEFAULT_MAX_DEPTH,
};
use crate::error::{DecodeError, Issue, IssueKind};

/// Bounds on one decode. `Limits::default()` is what `decode`, `decode_lax`, `decode_lines`
/// and `toml::decode` use; the `decode_with` entry points take others.
///
/// The fields can be read and assigned; build a value from `Limits::default()` or
/// [`Limits::unlimited()`] and the `with_*` methods (the struct may gain fields, so it cannot
/// be written as a literal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// The size of the whole input in bytes (the text, for TOML). Checked before anything is
    /// read. Default: 64 MiB.
    pub max_input_bytes: usize,
    /// Arrays and maps (objects, structs) nested in one another; the top-level value is level 1.
    /// Default: 128, as IDL.md section 5 says.
    pub max_depth: usize,
    /// Items in one array, or entries in one map or struct object, that a decoder reads.
    /// Default: no limit beyond the input's.
    pub max_collection_len: usize,
    /// Bytes in one string (UTF-8, after unescaping; object keys too), MessagePack `bin` or
    /// extension payload that a decoder reads. Default: no limit beyond the input's.
    pub max_string_len: usize,
    /// Problems kept in a [`DecodeError`]. Default: 1,000.
    pub max_issues: usize,
    /// Bytes of text (paths, pointers and messages) kept in a [`DecodeError`]. Default: 1 MiB.
    pub max_report_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: Limits::DEFAULT_MAX_INPUT_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_collection_len: usize::MAX,
            max_string_len: usize::MAX,
            max_issues: Limits::DEFAULT_MAX_ISSUES,
            max_report_bytes: Limits::DEFAULT_MAX_REPORT_BYTES,
        }
    }
}

impl Limits {
    /// The default [`Limits::max_input_bytes`]: 64 MiB.
    pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 << 20;
    /// The default [`Limits::max_issues`].
    pub const DEFAULT_MAX_ISSUES: usize = 1_000;
    /// The default [`Limits::max_report_bytes`]: 1 MiB.
    pub const DEFAULT_MAX_REPORT_BYTES: usize = 1 << 20;

    /// No limit at all but the nesting depth, which stays at its default (decoders recurse, so
    /// it is what keeps the stack safe): for trusted input only.
    pub fn unlimited() -> Self {
        Limits {
            max_input_bytes: usize::MAX,
            max_depth: DEFAULT_MAX_DEPTH,
            max_collection_len: usize::MAX,
            max_string_len: usize::MAX,
            max_issues: usize::MAX,
            max_report_bytes: usize::MAX,
        }
    }

    /// The limits of checking a value already in memory (`validate()`, a newtype's `new()`,
    /// which decode the value's own encoding): its size is the caller's business, so the input
    /// size is not limited; the depth and the report keep their defaults.
    pub(crate) fn in_memory() -> Self {
        Limits {
            max_input_bytes: usize::MAX,
            ..Limits::default()
        }
    }

    pub fn with_max_input_bytes(mut self, n: usize) -> Self {
        self.max_input_bytes = n;
        self
    }

    /// A depth far above the default needs a larger stack: each level is a few frames of
    /// recursion in the generated decoders.
    pub fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }

    pub fn with_max_collection_len(mut self, n: usize) -> Self {
        self.max_collection_len = n;
        self
    }

    pub fn with_max_string_len(mut self, n: usize) -> Self {
        self.max_string_len = n;
        self
    }

    pub fn with_max_issues(mut self, n: usize) -> Self {
        self.max_issues = n;
        self
    }

    pub fn with_max_report_bytes(mut self, n: usize) -> Self {
        self.max_report_bytes = n;
        self
    }

    /// The error for an input longer than [`Limits::max_input_bytes`], if it is.
    pub(crate) fn check_input(&self, len: usize) -> Result<(), DecodeError> {
        if len <= self.max_input_bytes {
            return Ok(());
        }
        Err(DecodeError::single(*limit_error(format!(
            "Input of {len} bytes exceeds the maximum size of {} bytes",
            self.max_input_bytes
        ))))
    }
}

/// A `limit` fatal. Its path is filled in by `Ctx::finish`: a reader does not know where it is,
/// but the context's path is still the one where the error was raised.
#[cold]
#[inline(never)]
pub(crate) fn limit_error(message: String) -> Fatal {
    Box::new(Issue {
        kind: IssueKind::Limit,
        path: "$".into(),
        pointer: String::new(),
        message,
    })
}

/// An array (`what` = `"Array"`) or map (`"Object"`) longer than [`Limits::max_collection_len`].
#[cold]
#[inline(never)]
pub(crate) fn collection_too_long(what: &str, max: usize) -> Fatal {
    limit_error(format!("{what} exceeds the maximum length of {max}"))
}

/// A string or byte string of `len` bytes, longer than [`Limits::max_string_len`].
#[cold]
#[inline(never)]
pub(crate) fn string_too_long(len: usize, max: usize) -> Fatal {
    limit_error(format!(
        "String of {len} bytes exceeds the maximum length of {max} bytes"
    ))
}

/// A [`Reader`] that checks [`Limits::max_collection_len`] and [`Limits::max_string_len`] on
/// what the decoders read through it, and passes everything else to the reader it wraps. The
/// JSON and TOML entry points decode through it; the MessagePack reader checks the lengths
/// itself, at the headers that announce them (`MsgpackReader::with_limits`). Skipped values
/// ([`Reader::skip`]) are not counted: skipping keeps nothing.
///
/// An array or map whose length is known up front is refused when it starts; otherwise when the
/// item after the limit starts.
#[derive(Debug, Clone)]
pub struct Limited<R> {
    inner: R,
    max_collection_len: usize,
    max_string_len: usize,
}

impl<R> Limited<R> {
    pub fn new(inner: R, limits: &Limits) -> Self {
        Limited {
            inner,
            max_collection_len: limits.max_collection_len,
            max_string_len: limits.max_string_len,
        }
    }

    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    pub fn into_inner(self) -> R {
        self.inner
    }

    #[inline]
    fn check_announced(&self, seq: &Seq, what: &str) -> Result<(), Fatal> {
        match seq.remaining {
            Some(n) if n > self.max_collection_len => Err(self.too_long(what)),
            _ => Ok(()),
        }
    }

    /// Counts one more item of `seq`.
    #[inline]
    fn count(&self, seq: &mut Seq, what: &str) -> Result<(), Fatal> {
        seq.count += 1;
        if seq.count > self.max_collection_len {
            return Err(self.too_long(what));
        }
        Ok(())
    }

    fn too_long(&self, what: &str) -> Fatal {
        collection_too_long(what, self.max_collection_len)
    }

    #[inline]
    fn check_str(&self, len: usize) -> Result<(), Fatal> {
        if len > self.max_string_len {
            return Err(string_too_long(len, self.max_string_len));
        }
        Ok(())
    }

    #[inline]
    fn check_key(&self, key: &Key<'_>) -> Result<(), Fatal> {
        match key {
            Key::Str(text) => self.check_str(text.len()),
            _ => Ok(()),
        }
    }
}

// Every method of `Reader` is forwarded, the ones with a default body too (a reader may have its
// own, faster one).
impl<'de, R: Reader<'de>> Reader<'de> for Limited<R> {
    #[inline]
    fn peek(&mut self) -> Result<Kind, Fatal> {
        self.inner.peek()
    }

    #[inline]
    fn read_null(&mut self) -> Result<(), Fatal> {
        self.inner.read_null()
    }

    #[inline]
    fn read_bool(&mut self) -> Result<bool, Fatal> {
        self.inner.read_bool()
    }

    #[inline]
    fn read_int(&mut self) -> Result<Int, Fatal> {
        self.inner.read_int()
    }

    #[inline]
    fn read_float(&mut self) -> Result<f64, Fatal> {
        self.inner.read_float()
    }

    #[inline]
    fn read_str(&mut self) -> Result<Cow<'de, str>, Fatal> {
        let text = self.inner.read_str()?;
        self.check_str(text.len())?;
        Ok(text)
    }

    #[inline]
    fn read_bytes(&mut self) -> Result<Cow<'de, [u8]>, Fatal> {
        let bytes = self.inner.read_bytes()?;
        self.check_str(bytes.len())?;
        Ok(bytes)
    }

    #[inline]
    fn read_ext(&mut self) -> Result<(i8, Cow<'de, [u8]>), Fatal> {
        let (ext_type, bytes) = self.inner.read_ext()?;
        self.check_str(bytes.len())?;
        Ok((ext_type, bytes))
    }

    #[inline]
    fn read_datetime(&mut self) -> Result<NativeDatetime, Fatal> {
        self.inner.read_datetime()
    }

    #[inline]
    fn begin_array(&mut self) -> Result<Seq, Fatal> {
        let seq = self.inner.begin_array()?;
        self.check_announced(&seq, "Array")?;
        Ok(seq)
    }

    #[inline]
    fn next_element(&mut self, seq: &mut Seq) -> Result<bool, Fatal> {
        let more = self.inner.next_element(seq)?;
        if more {
            self.count(seq, "Array")?;
        }
        Ok(more)
    }

    #[inline]
    fn begin_map(&mut self) -> Result<Seq, Fatal> {
        let seq = self.inner.begin_map()?;
        self.check_announced(&seq, "Object")?;
        Ok(seq)
    }

    #[inline]
    fn next_key(&mut self, seq: &mut Seq) -> Result<Option<Key<'de>>, Fatal> {
        let key = self.inner.next_key(seq)?;
        if let Some(key) = &key {
            self.count(seq, "Object")?;
            self.check_key(key)?;
        }
        Ok(key)
    }

    #[inline]
    fn next_raw_key(&mut self, seq: &mut Seq) -> Result<Option<RawKey<'de>>, Fatal> {
        let key = self.inner.next_raw_key(seq)?;
        if let Some(key) = &key {
            self.count(seq, "Object")?;
            match key {
                RawKey::Bytes(bytes) => self.check_str(bytes.len())?,
                RawKey::Key(key) => self.check_key(key)?,
            }
        }
        Ok(key)
    }

    #[inline]
    fn key_text(&self, bytes: &'de [u8]) -> Result<&'de str, Fatal> {
        self.inner.key_text(bytes)
    }

    #[inline]
    fn skip(&mut self) -> Result<(), Fatal> {
        self.inner.skip()
    }

    #[inline]
    fn mark(&mut self) -> Mark {
        self.inner.mark()
    }

    #[inline]
    fn reset(&mut self, mark: Mark) {
        self.inner.reset(mark)
    }
}
