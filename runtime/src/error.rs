//! Decode errors: every problem found, in document order, each with a kind, a path, a JSON
//! Pointer and msgspec's message text.

use std::fmt;

/// What kind of problem an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IssueKind {
    /// The input is not well-formed (JSON, MessagePack or TOML syntax).
    Syntax,
    /// A value of the wrong type.
    Type,
    MissingField,
    UnknownField,
    DuplicateField,
    /// A constraint (bound, multiple, pattern, time zone) is not met.
    Constraint,
    /// A value of the right type that is not allowed: an enum or literal value, a union tag,
    /// a malformed UUID, datetime, base64 string, duplicate set item, ...
    InvalidValue,
    /// A number outside the range of its type.
    OutOfRange,
    /// A length constraint, or the length of a tuple or array-like struct.
    Length,
    /// Nesting deeper than the limit.
    Depth,
    /// A [`crate::Limits`] bound other than the depth: the input size, a collection or string
    /// length, or the number of problems reported.
    Limit,
}

impl IssueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::Syntax => "syntax",
            IssueKind::Type => "type",
            IssueKind::MissingField => "missing_field",
            IssueKind::UnknownField => "unknown_field",
            IssueKind::DuplicateField => "duplicate_field",
            IssueKind::Constraint => "constraint",
            IssueKind::InvalidValue => "invalid_value",
            IssueKind::OutOfRange => "out_of_range",
            IssueKind::Length => "length",
            IssueKind::Depth => "depth",
            IssueKind::Limit => "limit",
        }
    }
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub kind: IssueKind,
    /// `$`, `$.field`, `$[3]`, `$.tags["x"]` (wire names).
    pub path: String,
    /// The same location as an RFC 6901 JSON Pointer: ``, `/field`, `/3`, `/tags/x`.
    pub pointer: String,
    /// msgspec's text for the same problem.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // msgspec leaves the location out for problems at the root and for syntax errors.
        if self.path == "$" || self.kind == IssueKind::Syntax {
            f.write_str(&self.message)
        } else {
            write!(f, "{} - at `{}`", self.message, self.path)
        }
    }
}

/// A failed decode: every problem found, in document order. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    issues: Vec<Issue>,
}

impl DecodeError {
    /// Builds an error from its issues; `None` when there are none.
    pub fn from_issues(issues: Vec<Issue>) -> Option<Self> {
        (!issues.is_empty()).then_some(DecodeError { issues })
    }

    pub(crate) fn single(issue: Issue) -> Self {
        DecodeError {
            issues: vec![issue],
        }
    }

    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The first problem, as `Display` prints it.
    pub fn first(&self) -> &Issue {
        &self.issues[0]
    }

    /// The error as a JSON payload for APIs and logs:
    /// `{"message": first problem as Display prints it, "issues": [{"kind", "path", "pointer", "message"}, ...]}`.
    pub fn to_payload(&self) -> serde_json::Value {
        let issues: Vec<serde_json::Value> = self
            .issues
            .iter()
            .map(|i| {
                serde_json::json!({
                    "kind": i.kind.as_str(),
                    "path": i.path,
                    "pointer": i.pointer,
                    "message": i.message,
                })
            })
            .collect();
        serde_json::json!({ "message": self.to_string(), "issues": issues })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.first().fmt(f)
    }
}

impl std::error::Error for DecodeError {}

/// A step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A struct field, by wire name.
    Field(&'static str),
    /// An array index, or a line of JSONL.
    Index(usize),
    /// A map key, as its text on the wire.
    Key(String),
}

/// Renders a path (`$.tags["x"][3]`) and its JSON Pointer (`/tags/x/3`).
pub fn render_path(segments: &[Segment]) -> (String, String) {
    let mut path = String::from("$");
    let mut pointer = String::new();
    for segment in segments {
        match segment {
            Segment::Field(name) => {
                path.push('.');
                path.push_str(name);
                pointer.push('/');
                push_pointer_token(&mut pointer, name);
            }
            Segment::Index(i) => {
                path.push_str(&format!("[{i}]"));
                pointer.push_str(&format!("/{i}"));
            }
            Segment::Key(key) => {
                path.push('[');
                path.push_str(&serde_json::to_string(key).unwrap_or_default());
                path.push(']');
                pointer.push('/');
                push_pointer_token(&mut pointer, key);
            }
        }
    }
    (path, pointer)
}

fn push_pointer_token(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_pointers() {
        let segments = vec![
            Segment::Field("tags"),
            Segment::Key("a/b~c".into()),
            Segment::Index(3),
            Segment::Key("\"q\"".into()),
        ];
        let (path, pointer) = render_path(&segments);
        assert_eq!(path, r#"$.tags["a/b~c"][3]["\"q\""]"#);
        assert_eq!(pointer, r#"/tags/a~1b~0c/3/"q""#);
        assert_eq!(render_path(&[]), ("$".to_string(), String::new()));
    }

    #[test]
    fn display_follows_msgspec() {
        let issue = |path: &str, kind| Issue {
            kind,
            path: path.into(),
            pointer: String::new(),
            message: "Expected `int`, got `str`".into(),
        };
        assert_eq!(
            issue("$.id", IssueKind::Type).to_string(),
            "Expected `int`, got `str` - at `$.id`"
        );
        assert_eq!(
            issue("$", IssueKind::Type).to_string(),
            "Expected `int`, got `str`"
        );
    }
}
