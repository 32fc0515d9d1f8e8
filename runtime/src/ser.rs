//! Encoding: a format-independent [`Writer`] and the [`Encode`] trait.
//!
//! There is one encoding, the deterministic one: fields in declaration order (a union tag
//! first), map entries and set items sorted, no insignificant whitespace. Callers give lengths
//! up front (MessagePack needs them); the writer adds separators from the item index.

/// A sink for one encoded document.
pub trait Writer {
    fn null(&mut self);
    fn bool(&mut self, value: bool);
    fn i64(&mut self, value: i64);
    fn u64(&mut self, value: u64);
    fn f64(&mut self, value: f64);
    fn str(&mut self, value: &str);
    /// `bytes`: base64 in JSON, `bin` in MessagePack.
    fn bytes(&mut self, value: &[u8]);
    /// An `@ext` value: base64 in JSON, the extension type in MessagePack.
    fn ext(&mut self, code: i8, data: &[u8]);
    /// A datetime: its RFC 3339 text in JSON, the timestamp extension in MessagePack (which
    /// carries no offset: msgspec converts to UTC).
    fn datetime(&mut self, text: &str, unix_seconds: i64, nanoseconds: u32);
    fn begin_array(&mut self, len: usize);
    /// Called before element `index` (0-based).
    fn element(&mut self, index: usize);
    fn end_array(&mut self);
    fn begin_map(&mut self, len: usize);
    /// A struct's map: `len` entries written, out of `fields` the struct has (its tag
    /// included). msgspec sizes a MessagePack map header by `fields`, so a struct of 16 or more
    /// fields always gets a `map16` header, however many it writes.
    fn begin_struct(&mut self, len: usize, fields: usize) {
        let _ = fields;
        self.begin_map(len);
    }
    /// A string key before entry `index`; the writer adds the separator and `:`.
    fn key(&mut self, index: usize, key: &str);
    /// An integer key: a decimal string in JSON, an integer in MessagePack.
    fn int_key(&mut self, index: usize, key: i64);
    /// A field name known at compile time. `json` is the name already quoted and escaped
    /// (`"name"`), so a JSON writer copies it without escaping.
    fn field(&mut self, index: usize, name: &'static str, json: &'static str);
    fn end_map(&mut self);
}

/// A type that can be encoded to any [`Writer`].
pub trait Encode {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W);
}
