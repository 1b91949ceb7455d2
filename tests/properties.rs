//! Property tests of the loader and validator on inputs nobody wrote by hand:
//! arbitrary bytes and token soups as each kind of file, and real files of
//! `tests/fixtures/base` after random edits (lines deleted, duplicated and
//! swapped, TOML tokens inserted, values of another type, unicode controls,
//! invalid UTF-8, truncation). On every input:
//!
//! - nothing panics, in `check` or in printing its diagnostics (nor in `build`
//!   when the edited data still passes);
//! - every diagnostic points inside its file: its span lies on character
//!   boundaries of the file's text, and its `line:col` is a real place there;
//! - the output is deterministic: checking twice prints the same, in sorted order.
//!
//! `cargo test` runs a bounded number of cases from a fixed seed.
//! `PROPTEST_CASES=N` and `PROPTEST_RNG_SEED=S` run a longer campaign
//! (see the README). Inputs that once failed are kept in
//! `tests/fixtures/fuzz-regressions/` and replayed by `fuzz_regressions_stay_fixed`.

mod common;

use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use scorecard::diagnostic::{self, Diagnostic, Format};
use scorecard::load::{check_file, Kind};
use scorecard::source::SourceMap;

/// Each kind of file, at the path it has in the base fixture.
const FILES: [(Kind, &str); 6] = [
    (Kind::Settings, "scorecard.toml"),
    (Kind::Edition, "editions/2026/edition.toml"),
    (Kind::Framework, "editions/2026/framework.toml"),
    (Kind::Platform, "editions/2026/platforms/ex-a/platform.toml"),
    (Kind::Findings, "editions/2026/platforms/ex-a/findings.toml"),
    (Kind::Page, "pages/about.md"),
];

fn base() -> std::path::PathBuf {
    common::repo().join("tests/fixtures/base")
}

/// A bounded run by default; `PROPTEST_CASES` and `PROPTEST_RNG_SEED` override.
fn config(cases: u32) -> Config {
    let defaults = Config::default();
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        rng_seed: match defaults.rng_seed {
            RngSeed::Random => RngSeed::Fixed(0x5c0e_ca7d),
            fixed => fixed,
        },
        failure_persistence: None,
        ..defaults
    }
}

/// Runs one property with `config`, panicking with the smallest failing input.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(config(cases));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

/// Everything `check` prints, in all three formats.
fn printed(sources: &SourceMap, diagnostics: &[Diagnostic]) -> [String; 3] {
    [Format::Short, Format::Json, Format::Human].map(|format| {
        let mut out = Vec::new();
        diagnostic::render(&mut out, format, false, sources, diagnostics).expect("in memory");
        String::from_utf8(out).expect("diagnostics print as UTF-8")
    })
}

/// The properties every set of diagnostics must have; returns what is printed.
fn assert_sound(sources: &SourceMap, diagnostics: &[Diagnostic]) -> [String; 3] {
    for d in diagnostics {
        let spans = d.span.into_iter().chain(d.related.iter().map(|r| r.span));
        for span in spans {
            let file = sources.get(span.file);
            let text = file.text();
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(
                start <= end && end <= text.len(),
                "{d:?}: span {start}..{end} outside {} bytes",
                text.len()
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{d:?}: span {start}..{end} splits a character of {:?}",
                text.get(start.saturating_sub(4)..).unwrap_or("")
            );
            for offset in [start, end] {
                let (line, col) = sources.line_col(span.file, offset);
                let lines: Vec<&str> = text.split('\n').collect();
                assert!(
                    line >= 1 && line <= lines.len(),
                    "{d:?}: line {line} of {}",
                    lines.len()
                );
                let width = lines[line - 1].chars().count();
                assert!(
                    col >= 1 && col <= width + 1,
                    "{d:?}: column {col} of a line {width} long"
                );
            }
        }
        if d.span.is_none() {
            assert_eq!(diagnostic::position(sources, d), (1, 1));
        }
    }
    // Sorted by file and place, as documented.
    let keys: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.path.clone(), d.span.map(|s| (s.start, s.end))))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "not sorted: {keys:?}"
    );
    let printed = printed(sources, diagnostics);
    // One line per diagnostic, and nothing that a terminal would obey.
    assert_eq!(
        printed[0].lines().count(),
        diagnostics.len(),
        "short format:\n{}",
        printed[0]
    );
    for text in &printed {
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || BIDI.contains(&c)),
            "control character printed: {text:?}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&printed[1]).expect("valid JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(diagnostics.len()));
    printed
}

/// Characters that reorder the text around them on screen.
const BIDI: [char; 12] = [
    '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Checks one file's bytes as `kind`, twice, and asserts the properties.
fn check_one(kind: Kind, path: &str, bytes: &[u8]) {
    let (sources, diagnostics) = check_file(kind, path, bytes.to_vec());
    let first = assert_sound(&sources, &diagnostics);
    let (sources, diagnostics) = check_file(kind, path, bytes.to_vec());
    assert_eq!(first, printed(&sources, &diagnostics), "not deterministic");
}

/// Pieces of TOML, markdown and text that the readers care about.
const TOKENS: &[&str] = &[
    "\n",
    "\r\n",
    " ",
    "\t",
    "=",
    " = ",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "#",
    "+++",
    "+++\n",
    "\\",
    "\\u0000",
    "\\uD800",
    "\\U0010FFFF",
    "\\x41",
    "title",
    "name",
    "company",
    "website",
    "assessed",
    "finding",
    "source",
    "indicator",
    "rating",
    "rationale",
    "url",
    "accessed",
    "published",
    "action",
    "number",
    "slug",
    "weight",
    "points",
    "label",
    "id",
    "status",
    "summary",
    "response",
    "services",
    "[[finding]]\n",
    "[[finding.source]]\n",
    "[[action]]\n",
    "[[action.indicator]]\n",
    "[[rating]]\n",
    "[[response]]\n",
    "[finding]\n",
    "\"1.1\"",
    "\"2.2\"",
    "\"9.9\"",
    "\"full\"",
    "\"no_evidence\"",
    "2026-01-15",
    "2026-02-30",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "0",
    "-1",
    "1000",
    "1.5",
    "-0.0",
    "1e400",
    "nan",
    "inf",
    "0x10",
    "0o7",
    "0b1",
    "99999999999999999999",
    "true",
    "false",
    "\"https://a.example/\"",
    "\"javascript:x\"",
    "\"ex-a\"",
    "\"2026\"",
    "\"\"",
    "[]",
    "{}",
    "é",
    "\u{202e}",
    "\u{200f}",
    "\u{0301}",
    "\u{200b}",
    "\u{feff}",
    "\u{1b}[2J",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "𝕏",
    "\u{0}",
];

/// Characters that editors hide or that move text around.
const UNICODE: &[char] = &[
    '\u{202e}',
    '\u{202d}',
    '\u{2066}',
    '\u{200f}',
    '\u{0301}',
    '\u{0308}',
    '\u{200b}',
    '\u{200d}',
    '\u{feff}',
    '\u{fffd}',
    '\u{0}',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{2028}',
    '\r',
    '\t',
    'é',
    'ß',
    'İ',
    '𝕏',
    '😀',
    'ﷺ',
    '\u{10ffff}',
    '"',
    '\\',
    '\n',
];

/// Values of every TOML type, to put where another type belongs.
const VALUES: &[&str] = &[
    "1",
    "-1",
    "0",
    "256",
    "1.5",
    "nan",
    "true",
    "2026-01-15",
    "2026-01-15T10:00:00",
    "10:00:00",
    "\"text\"",
    "\"\"",
    "'literal'",
    "\"\"\"\nmulti\n\"\"\"",
    "[1, \"a\"]",
    "[]",
    "[\"a\", \"b\"]",
    "{ a = 1 }",
    "{}",
    "[[1]]",
    "99999999999999999999999",
    "\"2026-01-15\"",
    "\"https://x.example/\"",
    "\"ftp://x.example/\"",
];

fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..80)
        .prop_map(|tokens| tokens.concat().into_bytes())
}

#[test]
fn arbitrary_bytes_as_every_kind_of_file() {
    let files = proptest::sample::select(FILES.to_vec());
    let bytes = prop_oneof![proptest::collection::vec(any::<u8>(), 0..400), token_soup(),];
    run(600, (files, bytes), |((kind, path), bytes)| {
        check_one(kind, path, &bytes);
        Ok(())
    });
}

/// One random edit of a file's bytes.
#[derive(Debug, Clone)]
enum Edit {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    InsertToken(Index, &'static str),
    /// Replaces what follows the `=` of a line by a value of some type.
    ChangeValue(Index, &'static str),
    InsertChar(Index, char),
    DeleteBytes(Index, u8),
    SetByte(Index, u8),
    Truncate(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<Index>().prop_map(Edit::DeleteLine),
        any::<Index>().prop_map(Edit::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<Index>(), proptest::sample::select(TOKENS))
            .prop_map(|(i, t)| Edit::InsertToken(i, t)),
        (any::<Index>(), proptest::sample::select(VALUES))
            .prop_map(|(i, v)| Edit::ChangeValue(i, v)),
        (any::<Index>(), proptest::sample::select(UNICODE))
            .prop_map(|(i, c)| Edit::InsertChar(i, c)),
        (any::<Index>(), 1..16u8).prop_map(|(i, n)| Edit::DeleteBytes(i, n)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::SetByte(i, b)),
        any::<Index>().prop_map(Edit::Truncate),
    ]
}

/// The lines of `bytes`, each with its `\n`.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let mut ls = lines(bytes);
    let at = |i: &Index, len: usize| i.index(len + 1);
    match edit {
        Edit::DeleteLine(i) if !ls.is_empty() => {
            ls.remove(i.index(ls.len()));
        }
        Edit::DuplicateLine(i) if !ls.is_empty() => {
            let n = i.index(ls.len());
            ls.insert(n, ls[n].clone());
        }
        Edit::SwapLines(a, b) if !ls.is_empty() => {
            let (a, b) = (a.index(ls.len()), b.index(ls.len()));
            ls.swap(a, b);
        }
        Edit::ChangeValue(i, value) if !ls.is_empty() => {
            let n = i.index(ls.len());
            if let Some(eq) = ls[n].iter().position(|&b| b == b'=') {
                let newline = ls[n].ends_with(b"\n");
                ls[n].truncate(eq + 1);
                ls[n].push(b' ');
                ls[n].extend_from_slice(value.as_bytes());
                if newline {
                    ls[n].push(b'\n');
                }
            }
        }
        Edit::InsertToken(i, token) => {
            let n = at(i, bytes.len());
            bytes.splice(n..n, token.bytes());
            return;
        }
        Edit::InsertChar(i, c) => {
            let n = at(i, bytes.len());
            let mut buf = [0; 4];
            bytes.splice(n..n, c.encode_utf8(&mut buf).bytes());
            return;
        }
        Edit::DeleteBytes(i, count) => {
            let n = at(i, bytes.len());
            let end = (n + usize::from(*count)).min(bytes.len());
            bytes.drain(n..end);
            return;
        }
        Edit::SetByte(i, b) if !bytes.is_empty() => {
            let n = i.index(bytes.len());
            bytes[n] = *b;
            return;
        }
        Edit::Truncate(i) => {
            bytes.truncate(at(i, bytes.len()));
            return;
        }
        _ => return,
    }
    *bytes = ls.concat();
}

/// A copy of the base fixture in which one file at a time is replaced.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&base(), &dir.path().join("data"));
        Workspace { dir }
    }

    fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    /// Checks (and builds, if it passes) the data with `path` holding `bytes`,
    /// then puts the original file back.
    fn check_with(&self, path: &str, bytes: &[u8]) {
        let file = self.data().join(path);
        let original = std::fs::read(&file).unwrap();
        std::fs::write(&file, bytes).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check_data(&self.data(), &self.dir.path().join("site"))
        }));
        std::fs::write(&file, original).unwrap();
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }
}

/// Checks a data folder twice and asserts the properties; builds it when it passes.
pub fn check_data(data: &Path, out: &Path) {
    let checked = scorecard::check(data, Default::default()).expect("the data folder opens");
    let first = assert_sound(&checked.sources, &checked.diagnostics);
    let again = scorecard::check(data, Default::default()).unwrap();
    assert_eq!(
        first,
        printed(&again.sources, &again.diagnostics),
        "not deterministic"
    );
    if checked.error_count() == 0 {
        let options = common::options(data, out);
        match scorecard::build(&options) {
            Ok((_, Some(_))) => {}
            Ok((checked, None)) => panic!("check passed, build did not: {:?}", checked.diagnostics),
            // An edition with no published edition has nothing to build; that is
            // reported, not a crash.
            Err(scorecard::Error::NothingToBuild) => {}
            Err(e) => panic!("the build failed: {e}"),
        }
    }
}

#[test]
fn edited_fixture_files_never_break_the_checker() {
    let workspace = Workspace::new();
    let originals: Vec<(Kind, &str, Vec<u8>)> = FILES
        .iter()
        .chain(&[(Kind::Findings, "editions/2026/platforms/ex-b/findings.toml")])
        .map(|&(kind, path)| (kind, path, std::fs::read(base().join(path)).unwrap()))
        .collect();
    let strategy = (
        proptest::sample::select(originals),
        proptest::collection::vec(edit(), 1..8),
    );
    run(300, strategy, |((kind, path, mut bytes), edits)| {
        for e in &edits {
            apply(&mut bytes, e);
        }
        check_one(kind, path, &bytes);
        workspace.check_with(path, &bytes);
        Ok(())
    });
}

/// Every input kept in `tests/fixtures/fuzz-regressions/<case>/` (an overlay on
/// the base fixture, as in `tests/fixtures/invalid/`) passes the properties.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = common::repo().join("tests/fixtures/fuzz-regressions");
    let mut cases = 0;
    for case in std::fs::read_dir(&root).unwrap() {
        let case = case.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        let workspace = Workspace::new();
        for entry in walkdir::WalkDir::new(&case) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&case).unwrap();
                let bytes = std::fs::read(entry.path()).unwrap();
                let rel_str = rel.to_string_lossy().replace('\\', "/");
                if let Some(&(kind, _)) = FILES.iter().find(|(_, p)| *p == rel_str) {
                    check_one(kind, &rel_str, &bytes);
                }
                let target = workspace.data().join(rel);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(target, bytes).unwrap();
            }
        }
        check_data(&workspace.data(), &workspace.dir.path().join("site"));
        cases += 1;
    }
    assert!(cases > 0, "no regression case in {}", root.display());
}
