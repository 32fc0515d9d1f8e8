//! Source files: where `.ir` text comes from and how byte offsets map to lines and columns.
//!
//! The loader reads from a [`SourceProvider`], so the same pipeline runs on a directory on disk
//! (the CLI and `build.rs`) and on files held in memory (tests, benchmarks, the fuzzer).

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::ast::Span;

/// An index into a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// One source file and the offsets where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user: relative to where the tool was pointed, normalised.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let column = self.text[self.line_starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// Byte range of the 0-based line, without its line break.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .map(|next| next - 1)
            .unwrap_or(self.text.len());
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some(start..end)
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// An offset moved back onto a character boundary inside the text.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// A span clamped to the text and to character boundaries.
    pub fn clamp_span(&self, span: Span) -> Span {
        let start = self.clamp(span.start);
        Span::new(start, self.clamp(span.end).max(start))
    }
}

/// Every source file the compiler has read, in the order it read them.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(FileId)
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> {
        (0..self.files.len()).map(FileId)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Where `.ir` text comes from.
pub trait SourceProvider {
    fn read(&self, path: &Path) -> io::Result<String>;
}

/// Reads files from disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskSources;

impl SourceProvider for DiskSources {
    fn read(&self, path: &Path) -> io::Result<String> {
        let bytes = std::fs::read(path)?;
        String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the file is not valid UTF-8 (invalid byte at offset {valid})"),
            )
        })
    }
}

/// Files held in memory, keyed by their normalised path.
#[derive(Debug, Clone, Default)]
pub struct MemorySources {
    pub files: BTreeMap<PathBuf, String>,
}

impl MemorySources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files.insert(normalize_path(&path.into()), text.into());
    }
}

impl SourceProvider for MemorySources {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.files
            .get(&normalize_path(path))
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
}

/// Removes `.` components and folds `dir/..` pairs without touching the file system, so that the
/// same file reached through different import paths gets one identity.
pub fn normalize_path(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => parts.push(component),
            },
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

/// Resolves an import path written in `importer` to a normalised path.
pub fn resolve_import_path(importer: &Path, import: &str) -> PathBuf {
    let base = importer.parent().unwrap_or_else(|| Path::new(""));
    normalize_path(&base.join(import))
}

/// Every `.ir` file under the given paths (files are taken as they are), sorted so that the
/// result does not depend on the order the file system lists directories in.
pub fn discover_files(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        if metadata.is_dir() {
            walk_dir(path, &mut found)?;
        } else {
            found.push(normalize_path(path));
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk_dir(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            walk_dir(&path, found)?;
        } else if path.extension().is_some_and(|ext| ext == "ir") {
            found.push(normalize_path(&path));
        }
    }
    Ok(())
}
