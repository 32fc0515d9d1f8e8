//! Diagnostics for people (text with the source line and a caret, via `codespan-reporting`) and
//! for tools (JSON).

use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{FileId, SourceMap};

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, FilesError> {
        Ok(self.get(id).path.to_string_lossy().replace('\\', "/"))
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.get(id).text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.get(id).line_col(byte_index).0 - 1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.get(id);
        match file.line_range(line_index) {
            Some(range) => {
                // codespan wants the range with its line break.
                let end = file
                    .line_starts()
                    .get(line_index + 1)
                    .copied()
                    .unwrap_or(file.text.len());
                Ok(range.start..end)
            }
            None => Err(FilesError::LineTooLarge {
                given: line_index,
                max: file.line_starts().len() - 1,
            }),
        }
    }
}

fn to_codespan(sources: &SourceMap, diagnostic: &Diagnostic) -> cs::Diagnostic<FileId> {
    let severity = match diagnostic.severity() {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let label = |style: cs::LabelStyle, l: &Label| {
        let span = sources.get(l.file).clamp_span(l.span);
        cs::Label::new(style, l.file, span.start..span.end).with_message(l.message.clone())
    };
    let mut labels = vec![label(cs::LabelStyle::Primary, &diagnostic.primary)];
    labels.extend(
        diagnostic
            .secondary
            .iter()
            .map(|l| label(cs::LabelStyle::Secondary, l)),
    );
    let mut out = cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels);
    if let Some(help) = &diagnostic.help {
        out = out.with_notes(vec![format!("help: {help}")]);
    }
    out
}

/// Renders one diagnostic as text: the header, `file:line:col`, the source line with a caret
/// under the span, related places, and the help line.
pub fn render_text(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let config = term::Config {
        chars: term::Chars::ascii(),
        ..term::Config::default()
    };
    term::emit_into_string(&config, sources, &to_codespan(sources, diagnostic)).unwrap_or_else(
        |e| {
            format!(
                "{}[{}]: {} ({e})\n",
                "error", diagnostic.code, diagnostic.message
            )
        },
    )
}

/// A diagnostic as `seam check --format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    /// 1-based line of the start of the span.
    pub line: usize,
    /// 1-based column (in characters) of the start of the span.
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub label: String,
    pub related: Vec<JsonLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JsonLabel {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub fn to_json(sources: &SourceMap, diagnostic: &Diagnostic) -> JsonDiagnostic {
    let file = sources.get(diagnostic.primary.file);
    let (line, column) = file.line_col(diagnostic.primary.span.start);
    let (end_line, end_column) = file.line_col(diagnostic.primary.span.end);
    JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity(),
        message: diagnostic.message.clone(),
        file: file.path.to_string_lossy().replace('\\', "/"),
        line,
        column,
        end_line,
        end_column,
        label: diagnostic.primary.message.clone(),
        related: diagnostic
            .secondary
            .iter()
            .map(|l| {
                let f = sources.get(l.file);
                let (line, column) = f.line_col(l.span.start);
                JsonLabel {
                    file: f.path.to_string_lossy().replace('\\', "/"),
                    line,
                    column,
                    message: l.message.clone(),
                }
            })
            .collect(),
        help: diagnostic.help.clone(),
    }
}
