//! Unit-test support: checks a copy of `tests/fixtures/base` (the small valid
//! data folder) with some files replaced or removed, and gives each diagnostic
//! as the `file:line:col: severity[code]` start of its short-format line.

use std::path::Path;

use crate::diagnostic::{position, Diagnostic, Severity};
use crate::validate::Options;

/// Checks the base fixture with `files` written over it and `remove` deleted.
pub fn check_base_with(files: &[(&str, &str)], remove: &[&str]) -> Vec<Diagnostic> {
    let dir = base_with(files, remove);
    check(dir.path()).diagnostics
}

/// Like [`check_base_with`], as the short format's `file:line:col: severity[code]`.
pub fn positions_with(files: &[(&str, &str)], remove: &[&str]) -> Vec<String> {
    positions(base_with(files, remove).path())
}

/// Checks the data folder `dir`, as the short format's `file:line:col: severity[code]`.
pub fn positions(dir: &Path) -> Vec<String> {
    let checked = check(dir);
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = position(&checked.sources, d);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!("{}:{line}:{col}: {severity}[{}]", d.path, d.code.id())
        })
        .collect()
}

fn check(dir: &Path) -> crate::Checked {
    crate::check(dir, Options::default()).expect("the folder exists")
}

/// A temporary copy of the base fixture with `files` written over it and
/// `remove` deleted.
pub fn base_with(files: &[(&str, &str)], remove: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    for entry in walkdir::WalkDir::new(&base) {
        let entry = entry.expect("the base fixture is readable");
        let to = dir.path().join(entry.path().strip_prefix(&base).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    for (path, text) in files {
        let to = dir.path().join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, text).unwrap();
    }
    for path in remove {
        let target = dir.path().join(path);
        if target.is_dir() {
            std::fs::remove_dir_all(target).unwrap();
        } else {
            std::fs::remove_file(target).unwrap();
        }
    }
    dir
}

/// The text of the base fixture's file `file`.
pub fn fixture(file: &str) -> String {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    std::fs::read_to_string(base.join(file)).unwrap()
}
