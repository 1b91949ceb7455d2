//! What earlier runs of `scorecard check` found in the findings files that
//! read without a single diagnostic, kept in a file beside the data folder
//! (`.scorecard-check.json`) and looked up by a hash of each file's bytes. A
//! check after an edit then parses only the files that changed (or have
//! problems) and takes the others' summaries from the memo.
//!
//! A memo holds only what validation needs of a file that had no problem of
//! its own (its [`FindingSummary`]s), and counts only for the same build of
//! scorecard and the same site languages: anything else, or a memo that does
//! not read, is set aside and written anew.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::FindingSummary;
use crate::ids::{IndicatorId, RatingId};
use crate::source::{FileId, Span, Spanned};

/// The memo's file name, beside the data folder.
pub const MEMO_FILE: &str = ".scorecard-check.json";

/// Bump when what the load keeps of a finding, or checks of a file on its
/// own, changes in a way the build stamp would not show (a library user).
const FORMAT: u32 = 1;

/// A hash of a file's bytes.
pub type Print = u128;

/// The hash of `bytes` a memo looks files up by.
pub fn print(bytes: &[u8]) -> Print {
    twox_hash::XxHash3_128::oneshot(bytes)
}

pub struct Memo {
    path: PathBuf,
    /// What makes the memo's entries count: this build and these languages.
    stamp: String,
    /// From the memo file, if its stamp is this run's.
    earlier: HashMap<Print, Vec<Stored>>,
    /// The prints of `earlier` that this run used, and what it found in files
    /// not there: the memo is rewritten with these.
    used: Mutex<HashSet<Print>>,
    found: Mutex<HashMap<Print, Vec<Stored>>>,
}

/// The memo file, as read.
#[derive(Deserialize)]
struct MemoFile {
    format: u32,
    stamp: String,
    /// Hex print → summaries.
    files: HashMap<String, Vec<Stored>>,
}

/// The memo file, as written: borrowed from the memo, and sorted so that the
/// same memo is the same file.
#[derive(Serialize)]
struct MemoFileOut<'m> {
    format: u32,
    stamp: &'m str,
    files: BTreeMap<String, &'m [Stored]>,
}

/// A [`FindingSummary`] without its file: spans are byte ranges in the file.
/// Its keys are one letter each: a memo holds some 100,000 of them.
#[derive(Serialize, Deserialize)]
struct Stored {
    #[serde(rename = "i")]
    indicator: (String, u32, u32),
    #[serde(rename = "r")]
    rating: (String, u32, u32),
    #[serde(rename = "s")]
    sources: usize,
    #[serde(rename = "b")]
    rationale_blank: bool,
    #[serde(rename = "a")]
    accessed: Vec<(chrono::NaiveDate, u32, u32)>,
}

impl Memo {
    /// The memo of the data folder `data` (an empty one if there is none, or
    /// it does not read, or it was made by another build of scorecard).
    pub fn open(data: &Path) -> Memo {
        Memo::at(super::beside_data(data, MEMO_FILE), build_stamp())
    }

    fn at(path: PathBuf, build: String) -> Memo {
        Memo {
            path,
            stamp: build,
            earlier: HashMap::new(),
            used: Mutex::new(HashSet::new()),
            found: Mutex::new(HashMap::new()),
        }
    }

    /// The memo, counting only for a site in `languages` (the memo's
    /// entries say no translation is in any other).
    pub(super) fn for_languages(mut self, languages: &str) -> Memo {
        self.stamp = format!("{FORMAT} {} {languages}", self.stamp);
        let file: Option<MemoFile> = std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        self.earlier = match file {
            Some(file) if file.format == FORMAT && file.stamp == self.stamp => (file.files)
                .into_iter()
                .filter_map(|(hex, stored)| Some((Print::from_str_radix(&hex, 16).ok()?, stored)))
                .collect(),
            _ => HashMap::new(),
        };
        self
    }

    /// The summaries of findings file `file`, whose bytes have print `print`,
    /// if an earlier check found it without a problem.
    pub(super) fn recall(&self, print: Print, file: FileId) -> Option<Vec<FindingSummary>> {
        let stored = self.earlier.get(&print)?;
        let summaries = (stored.iter())
            .map(|s| s.summary(file))
            .collect::<Option<Vec<_>>>()?;
        self.used.lock().expect(UNPOISONED).insert(print);
        Some(summaries)
    }

    /// Notes that the findings file with print `print` read without a
    /// problem, into `summaries`.
    pub(super) fn remember(&self, print: Print, summaries: &[FindingSummary]) {
        let stored = summaries.iter().map(Stored::from).collect();
        self.found.lock().expect(UNPOISONED).insert(print, stored);
    }

    /// How many files the memo gave this run.
    pub fn recalled(&self) -> usize {
        self.used.lock().expect(UNPOISONED).len()
    }

    /// Writes the memo of this run, if it differs from the one read: the files
    /// it found without a problem, and none it did not see.
    pub fn save(&self) -> Result<(), String> {
        let used = self.used.lock().expect(UNPOISONED);
        let found = self.found.lock().expect(UNPOISONED);
        if found.is_empty() && used.len() == self.earlier.len() {
            return Ok(());
        }
        let kept = (used.iter()).filter_map(|p| Some((p, self.earlier.get(p)?)));
        let file = MemoFileOut {
            format: FORMAT,
            stamp: &self.stamp,
            files: (kept.chain(found.iter()))
                .map(|(print, stored)| (format!("{print:032x}"), stored.as_slice()))
                .collect(),
        };
        let problem = |e: &dyn std::fmt::Display| format!("{}: {e}", self.path.display());
        let json = serde_json::to_vec(&file).map_err(|e| problem(&e))?;
        crate::write::replace_file(&self.path, &json).map_err(|e| match e {
            crate::write::WriteError::Io { source, .. } => problem(&source),
            other => other.to_string(),
        })
    }
}

const UNPOISONED: &str = "no thread panics while holding the memo";

/// What tells this build of scorecard from another: the size and time of
/// its executable. A memo made by another build may hold what that build's
/// rules found, so it does not count.
fn build_stamp() -> String {
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    let modified = (exe.as_ref().ok())
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    match (&exe, modified) {
        (Ok(meta), Some(time)) => format!(
            "{} {} {}",
            env!("CARGO_PKG_VERSION"),
            meta.len(),
            time.as_nanos()
        ),
        // Nothing to tell builds apart: a memo that never counts.
        _ => format!("unknown {}", std::process::id()),
    }
}

impl Stored {
    fn summary(&self, file: FileId) -> Option<FindingSummary> {
        let span = |start: u32, end: u32| Span { file, start, end };
        let (indicator, start, end) = &self.indicator;
        let indicator = Spanned::new(IndicatorId::parse(indicator).ok()?, span(*start, *end));
        let (rating, start, end) = &self.rating;
        let rating = Spanned::new(RatingId::parse(rating).ok()?, span(*start, *end));
        Some(FindingSummary {
            indicator,
            rating,
            sources: self.sources,
            rationale_blank: self.rationale_blank,
            accessed: (self.accessed.iter())
                .map(|(date, start, end)| Spanned::new(*date, span(*start, *end)))
                .collect(),
            file,
        })
    }
}

impl From<&FindingSummary> for Stored {
    fn from(s: &FindingSummary) -> Stored {
        let spanned = |value: String, span: Span| (value, span.start, span.end);
        Stored {
            indicator: spanned(s.indicator.value.to_string(), s.indicator.span),
            rating: spanned(s.rating.value.to_string(), s.rating.span),
            sources: s.sources,
            rationale_blank: s.rationale_blank,
            accessed: (s.accessed.iter())
                .map(|a| (a.value, a.span.start, a.span.end))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Memo, MEMO_FILE};
    use crate::load::LoadCache;
    use crate::testing::{base_with, fixture};
    use crate::validate::Options;

    const A: &str = "editions/2026/platforms/ex-a/findings.toml";
    const B: &str = "editions/2026/platforms/ex-b/findings.toml";

    /// `dir` checked with the memo at `memo` of build `build`, which is then
    /// saved; and how many files it gave.
    fn check(dir: &Path, memo: &Path, build: &str) -> (crate::Checked, usize) {
        let memo = Memo::at(memo.to_owned(), build.to_owned());
        let mut cache = LoadCache::letting_go_above(0).remembering(memo);
        let checked = crate::check_cached(dir, Options::default(), &mut cache).unwrap();
        let memo = cache.memo().expect("the load keeps its memo");
        memo.save().unwrap();
        (checked, memo.recalled())
    }

    /// Each diagnostic with everything it says, and where.
    fn shown(checked: &crate::Checked) -> Vec<String> {
        (checked.diagnostics.iter())
            .map(|d| {
                let (line, col) = crate::diagnostic::position(&checked.sources, d);
                let related = d.related.iter().map(|r| (r.span, &r.message));
                let related: Vec<_> = related.collect();
                format!(
                    "{}:{line}:{col} {:?} {} {:?} {related:?}",
                    d.path, d.code, d.message, d.help
                )
            })
            .collect()
    }

    #[test]
    fn a_check_from_the_memo_reports_what_a_whole_check_does() {
        // ex-a's file reads without a problem of its own, but names an
        // unknown indicator and rating (rules across files), which the memo
        // must not hide; ex-b's has a problem of its own (no archive).
        let a = fixture(A)
            .replacen("indicator = \"1.2\"", "indicator = \"9.9\"", 1)
            .replacen("rating = \"partial\"", "rating = \"partal\"", 1);
        let b = fixture(B).replacen("archive = ", "# archive = ", 1);
        assert_ne!(b, fixture(B));
        let dir = base_with(&[(A, &a), (B, &b)], &[]);
        let memo = dir.path().join(MEMO_FILE);
        let whole = crate::check(dir.path(), Options::default()).unwrap();
        assert!(whole.error_count() >= 2 && whole.warning_count() >= 1);

        let (first, recalled) = check(dir.path(), &memo, "build 1");
        assert_eq!(recalled, 0);
        assert_eq!(shown(&first), shown(&whole));
        let (second, recalled) = check(dir.path(), &memo, "build 1");
        assert_eq!(recalled, 1, "ex-a's file, not ex-b's");
        assert_eq!(shown(&second), shown(&whole));
    }

    #[test]
    fn an_edited_file_is_read_again() {
        let dir = base_with(&[], &[]);
        let memo = dir.path().join(MEMO_FILE);
        let (first, _) = check(dir.path(), &memo, "build 1");
        assert_eq!(first.error_count(), 0);
        assert_eq!(check(dir.path(), &memo, "build 1").1, 2);

        let broken = fixture(A).replacen("rating = \"full\"", "rating = full", 1);
        assert_ne!(broken, fixture(A));
        std::fs::write(dir.path().join(A), &broken).unwrap();
        let (edited, recalled) = check(dir.path(), &memo, "build 1");
        assert_eq!(recalled, 1, "only ex-b's file is unchanged");
        assert_eq!(
            shown(&edited),
            shown(&crate::check(dir.path(), Options::default()).unwrap())
        );
        assert!(edited.error_count() > 0);

        // Put back: the memo keeps only what the last check saw, so the file
        // is read once more, and recalled after that.
        std::fs::write(dir.path().join(A), fixture(A)).unwrap();
        assert_eq!(check(dir.path(), &memo, "build 1").1, 1);
        assert_eq!(check(dir.path(), &memo, "build 1").1, 2);
    }

    #[test]
    fn a_memo_of_another_build_or_other_languages_or_unreadable_counts_for_nothing() {
        let dir = base_with(&[], &[]);
        let memo = dir.path().join(MEMO_FILE);
        check(dir.path(), &memo, "build 1");
        assert_eq!(check(dir.path(), &memo, "build 2").1, 0);
        assert_eq!(check(dir.path(), &memo, "build 2").1, 2);

        let settings = fixture("scorecard.toml").replacen(
            "language = \"en\"",
            "languages = [\"en\", \"es\"]",
            1,
        );
        assert_ne!(settings, fixture("scorecard.toml"));
        std::fs::write(dir.path().join("scorecard.toml"), settings).unwrap();
        assert_eq!(check(dir.path(), &memo, "build 2").1, 0);

        std::fs::write(&memo, "{ not json").unwrap();
        let (checked, recalled) = check(dir.path(), &memo, "build 2");
        assert_eq!((checked.error_count(), recalled), (0, 0));
        assert_eq!(check(dir.path(), &memo, "build 2").1, 2, "written anew");
    }
}
