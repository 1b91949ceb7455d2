//! Helpers shared by the integration tests: copying data folders, reading
//! built trees, building into temporary folders.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped example data.
pub fn example_data() -> PathBuf {
    repo().join("data")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file of a tree, by `/`-separated relative path.
pub fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn options(data: &Path, out: &Path) -> scorecard::BuildOptions {
    scorecard::BuildOptions {
        data: data.to_owned(),
        out: out.to_owned(),
        templates: None,
        base_url: None,
        include_drafts: false,
    }
}

/// Builds `data` into `out`, panicking with the diagnostics if it fails.
pub fn build(data: &Path, out: &Path) -> scorecard::Built {
    let (checked, built) = scorecard::build(&options(data, out)).expect("build runs");
    match built {
        Some(b) => b,
        None => panic!("check failed: {:#?}", checked.diagnostics),
    }
}

pub fn html(path: &Path) -> scraper::Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    scraper::Html::parse_document(&text)
}

pub fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

pub fn text(e: scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces the first `from` in the file at `path` with `to`; fails when
/// the file lacks `from`.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The first file under `dir` whose text contains `needle`.
pub fn file_with(dir: &Path, needle: &str) -> std::path::PathBuf {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .find(|e| {
            e.file_type().is_file() && std::fs::read_to_string(e.path()).unwrap().contains(needle)
        })
        .unwrap_or_else(|| panic!("no file under {} contains {needle:?}", dir.display()))
        .into_path()
}
