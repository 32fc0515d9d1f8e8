//! Directory trees as data, for the generation tests: every file under a directory by its
//! relative path (`/`-separated), with its bytes.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub type Tree = BTreeMap<String, Vec<u8>>;

/// Every file under `dir`, hidden ones included. Symbolic links are listed as files with their
/// target's path as content, and never followed.
pub fn snapshot(dir: &Path) -> Tree {
    let mut tree = Tree::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries {
            let entry = entry.expect("a readable directory entry");
            let path = entry.path();
            let kind = entry.file_type().expect("a file type");
            let relative = relative_name(dir, &path);
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_symlink() {
                let target = std::fs::read_link(&path).expect("a link target");
                tree.insert(relative, target.to_string_lossy().as_bytes().to_vec());
            } else {
                tree.insert(relative, std::fs::read(&path).expect("a readable file"));
            }
        }
    }
    tree
}

fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .expect("under the directory")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes `tree` under `dir`, creating directories as needed.
pub fn write_tree(dir: &Path, tree: &Tree) {
    for (relative, bytes) in tree {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create a directory");
        std::fs::write(&path, bytes).expect("write a file");
    }
}

/// Writes contract files (path relative to `dir`, text) under `dir`.
pub fn write_contracts(dir: &Path, files: &[(PathBuf, String)]) {
    for (relative, text) in files {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create a directory");
        std::fs::write(&path, text).expect("write a contract");
    }
}

/// The last component of a relative name.
pub fn file_name(relative: &str) -> &str {
    relative.rsplit('/').next().unwrap_or(relative)
}

/// Files seam keeps for itself while it writes: temporary files and the lock file.
pub fn is_scratch(relative: &str) -> bool {
    let name = file_name(relative);
    seam_codegen::generate::is_temporary_name(name) || name == seam_codegen::generate::LOCK_FILE
}

/// `tree` without seam's scratch files.
pub fn outputs_only(tree: &Tree) -> Tree {
    tree.iter()
        .filter(|(relative, _)| !is_scratch(relative))
        .map(|(relative, bytes)| (relative.clone(), bytes.clone()))
        .collect()
}

/// The scratch files in `tree`.
pub fn scratch_files(tree: &Tree) -> Vec<&str> {
    tree.keys()
        .map(String::as_str)
        .filter(|relative| is_scratch(relative))
        .collect()
}

/// The names of the files that differ between two trees, for assertion messages.
pub fn differences(left: &Tree, right: &Tree) -> Vec<String> {
    left.keys()
        .chain(right.keys())
        .filter(|relative| left.get(*relative) != right.get(*relative))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}
