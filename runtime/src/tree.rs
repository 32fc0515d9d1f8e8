//! A [`Reader`] over a value tree already in memory: a `serde_json::Value` (for `convert`) or
//! a TOML document (for `toml::decode`). The same generated decoders run over it, so a value
//! converted at a boundary is checked exactly like one decoded from bytes.

use std::borrow::Cow;

use crate::de::{Fatal, Int, Key, Kind, Mark, NativeDatetime, Reader, Seq};
use crate::error::{Issue, IssueKind};

/// A node of a value tree.
pub trait Node: Sized {
    fn kind(&self) -> Kind;
    fn as_bool(&self) -> bool;
    fn as_int(&self) -> Int;
    fn as_float(&self) -> f64;
    fn as_str(&self) -> &str;
    fn as_datetime(&self) -> NativeDatetime;
    fn items(&self) -> &[Self];
    /// The entries of a map, in the tree's own order.
    fn entries(&self) -> Vec<(&str, &Self)>;
}

enum Frame<'a, N> {
    Array {
        items: &'a [N],
        next: usize,
    },
    Map {
        entries: Vec<(&'a str, &'a N)>,
        next: usize,
    },
}

impl<N> Clone for Frame<'_, N> {
    fn clone(&self) -> Self {
        match self {
            Frame::Array { items, next } => Frame::Array { items, next: *next },
            Frame::Map { entries, next } => Frame::Map {
                entries: entries.clone(),
                next: *next,
            },
        }
    }
}

/// A saved cursor: the root (until it is consumed), the node the reader is on, the stack.
type Cursor<'a, N> = (Option<&'a N>, Option<&'a N>, Vec<Frame<'a, N>>);

/// Reads a value tree depth first.
pub struct TreeReader<'a, N> {
    root: Option<&'a N>,
    /// The node the reader is on, when it is on one.
    current: Option<&'a N>,
    stack: Vec<Frame<'a, N>>,
    saved: Vec<Cursor<'a, N>>,
}

impl<'a, N: Node> TreeReader<'a, N> {
    pub fn new(root: &'a N) -> Self {
        TreeReader {
            root: Some(root),
            current: Some(root),
            stack: Vec::new(),
            saved: Vec::new(),
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

    fn node(&self) -> Result<&'a N, Fatal> {
        self.current.ok_or_else(|| Self::fatal("No value to read"))
    }

    /// Leaves the current node: the reader is between values until `next_*` moves it.
    fn consume(&mut self) -> Result<&'a N, Fatal> {
        let node = self.node()?;
        self.current = None;
        if self.stack.is_empty() {
            self.root = None;
        }
        Ok(node)
    }
}

impl<'a, N: Node> Reader<'a> for TreeReader<'a, N> {
    fn peek(&mut self) -> Result<Kind, Fatal> {
        Ok(self.node()?.kind())
    }

    fn read_null(&mut self) -> Result<(), Fatal> {
        self.consume().map(|_| ())
    }

    fn read_bool(&mut self) -> Result<bool, Fatal> {
        Ok(self.consume()?.as_bool())
    }

    fn read_int(&mut self) -> Result<Int, Fatal> {
        Ok(self.consume()?.as_int())
    }

    fn read_float(&mut self) -> Result<f64, Fatal> {
        Ok(self.consume()?.as_float())
    }

    fn read_str(&mut self) -> Result<Cow<'a, str>, Fatal> {
        Ok(Cow::Borrowed(self.consume()?.as_str()))
    }

    fn read_bytes(&mut self) -> Result<Cow<'a, [u8]>, Fatal> {
        Err(Self::fatal("A value tree holds no binary values"))
    }

    fn read_ext(&mut self) -> Result<(i8, Cow<'a, [u8]>), Fatal> {
        Err(Self::fatal("A value tree holds no extension values"))
    }

    fn read_datetime(&mut self) -> Result<NativeDatetime, Fatal> {
        Ok(self.consume()?.as_datetime())
    }

    fn begin_array(&mut self) -> Result<Seq, Fatal> {
        let node = self.consume()?;
        let items = node.items();
        self.stack.push(Frame::Array { items, next: 0 });
        Ok(Seq::new(Some(items.len())))
    }

    fn next_element(&mut self, _seq: &mut Seq) -> Result<bool, Fatal> {
        match self.stack.last_mut() {
            Some(Frame::Array { items, next }) => {
                if let Some(item) = items.get(*next) {
                    *next += 1;
                    self.current = Some(item);
                    Ok(true)
                } else {
                    self.stack.pop();
                    Ok(false)
                }
            }
            _ => Err(Self::fatal("Not reading an array")),
        }
    }

    fn begin_map(&mut self) -> Result<Seq, Fatal> {
        let node = self.consume()?;
        let entries = node.entries();
        let len = entries.len();
        self.stack.push(Frame::Map { entries, next: 0 });
        Ok(Seq::new(Some(len)))
    }

    fn next_key(&mut self, _seq: &mut Seq) -> Result<Option<Key<'a>>, Fatal> {
        match self.stack.last_mut() {
            Some(Frame::Map { entries, next }) => {
                if let Some((key, value)) = entries.get(*next).copied() {
                    *next += 1;
                    self.current = Some(value);
                    Ok(Some(Key::Str(Cow::Borrowed(key))))
                } else {
                    self.stack.pop();
                    Ok(None)
                }
            }
            _ => Err(Self::fatal("Not reading a map")),
        }
    }

    fn skip(&mut self) -> Result<(), Fatal> {
        // A subtree is one node here: leaving it skips all of it.
        self.consume().map(|_| ())
    }

    /// Saves the whole cursor (a tree reader's position is a stack, not an offset).
    fn mark(&mut self) -> Mark {
        let mark = Mark(self.saved.len());
        self.saved
            .push((self.root, self.current, self.stack.clone()));
        mark
    }

    fn reset(&mut self, mark: Mark) {
        if let Some((root, current, stack)) = self.saved.get(mark.0).cloned() {
            self.root = root;
            self.current = current;
            self.stack = stack;
            self.saved.truncate(mark.0);
        }
    }
}

impl<N> Clone for TreeReader<'_, N> {
    fn clone(&self) -> Self {
        TreeReader {
            root: self.root,
            current: self.current,
            stack: self.stack.clone(),
            saved: self.saved.clone(),
        }
    }
}

impl Node for serde_json::Value {
    fn kind(&self) -> Kind {
        use serde_json::Value;
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(n) if n.is_f64() => Kind::Float,
            Value::Number(_) => Kind::Int,
            Value::String(_) => Kind::Str,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Map,
        }
    }

    fn as_bool(&self) -> bool {
        self.as_bool().unwrap_or(false)
    }

    fn as_int(&self) -> Int {
        match (self.as_i64(), self.as_u64()) {
            (Some(i), _) => Int::I64(i),
            (None, Some(u)) => Int::U64(u),
            _ => Int::Big(self.as_f64().unwrap_or(f64::NAN)),
        }
    }

    fn as_float(&self) -> f64 {
        self.as_f64().unwrap_or(f64::NAN)
    }

    fn as_str(&self) -> &str {
        self.as_str().unwrap_or("")
    }

    fn as_datetime(&self) -> NativeDatetime {
        NativeDatetime::Text(Node::as_str(self).to_string())
    }

    fn items(&self) -> &[Self] {
        self.as_array().map(Vec::as_slice).unwrap_or(&[])
    }

    fn entries(&self) -> Vec<(&str, &Self)> {
        self.as_object()
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default()
    }
}

impl Node for toml::Value {
    fn kind(&self) -> Kind {
        use toml::Value;
        match self {
            Value::String(_) => Kind::Str,
            Value::Integer(_) => Kind::Int,
            Value::Float(_) => Kind::Float,
            Value::Boolean(_) => Kind::Bool,
            Value::Datetime(_) => Kind::Datetime,
            Value::Array(_) => Kind::Array,
            Value::Table(_) => Kind::Map,
        }
    }

    fn as_bool(&self) -> bool {
        self.as_bool().unwrap_or(false)
    }

    fn as_int(&self) -> Int {
        Int::I64(self.as_integer().unwrap_or(0))
    }

    fn as_float(&self) -> f64 {
        self.as_float().unwrap_or(f64::NAN)
    }

    fn as_str(&self) -> &str {
        self.as_str().unwrap_or("")
    }

    fn as_datetime(&self) -> NativeDatetime {
        NativeDatetime::Text(
            self.as_datetime()
                .map(ToString::to_string)
                .unwrap_or_default(),
        )
    }

    fn items(&self) -> &[Self] {
        self.as_array().map(Vec::as_slice).unwrap_or(&[])
    }

    fn entries(&self) -> Vec<(&str, &Self)> {
        self.as_table()
            .map(|t| t.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default()
    }
}
