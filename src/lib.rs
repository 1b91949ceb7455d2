//! `scorecard` turns a folder of TOML evidence files into a public scorecard
//! website. The pipeline runs one way:
//!
//! **load** (read and parse every file, keeping spans) → **validate** (every
//! rule, all diagnostics at once) → **score** (pure functions) → **render**
//! (templates, sanitised markdown) → **write** (temporary folder, swapped in).

pub mod diagnostic;
pub mod diff;
pub mod evidence;
pub mod i18n;
pub mod ids;
pub mod linkcheck;
pub mod load;
pub mod model;
pub mod preview;
pub mod recent;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod score;
pub mod serve;
pub mod session;
pub mod source;
pub mod validate;
pub mod write;

#[cfg(test)]
mod testing;

use std::path::{Path, PathBuf};

use diagnostic::Diagnostic;
use model::Dataset;
use source::SourceMap;

/// Failures that stop a run before any diagnostic can be given.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot open the data folder `{}`: {source}", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
    #[error("broken internal links (the previous site is left in place):\n{}", .0.join("\n"))]
    BrokenLinks(Vec<String>),
    #[error("there is no edition to build")]
    NothingToBuild,
    #[error("there is no edition `{label}` (editions: {known}){hint}")]
    UnknownEdition {
        label: String,
        known: String,
        /// Set when the edition exists as a draft.
        hint: &'static str,
    },
    #[error("{0}")]
    Serve(String),
    #[error("cannot write the changes: {0}")]
    Diff(String),
}

/// The outcome of checking a data folder.
pub struct Checked {
    pub sources: SourceMap,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Present only when there is no error.
    pub dataset: Option<Dataset>,
}

impl Checked {
    pub fn error_count(&self) -> usize {
        self.count(diagnostic::Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(diagnostic::Severity::Warning)
    }

    fn count(&self, severity: diagnostic::Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Load and validate: everything `scorecard check` does.
pub fn check(data: &Path, options: validate::Options) -> Result<Checked, Error> {
    check_cached(data, options, &mut load::LoadCache::default())
}

/// [`check`], reusing the files parsed by earlier checks of the same folder.
pub fn check_cached(
    data: &Path,
    options: validate::Options,
    cache: &mut load::LoadCache,
) -> Result<Checked, Error> {
    let (loaded, mut diagnostics) = load::load_cached(data, cache)?;
    let (mut sources, dataset) = validate::validate(loaded, options, &mut diagnostics);
    let diagnostics = diagnostics.sorted();
    if diagnostics.is_empty() {
        // Nothing will quote them: a large data folder's texts are a good
        // part of the memory a build holds.
        sources.release_texts();
    }
    Ok(Checked {
        sources,
        diagnostics,
        dataset,
    })
}

/// Fetches every source address of a checked data folder (see
/// [`linkcheck`]) and adds a warning for each that does not answer. Does
/// nothing when the check found errors.
pub fn check_links(
    checked: &mut Checked,
    options: &linkcheck::LinkOptions,
) -> linkcheck::LinkReport {
    let Some(dataset) = &checked.dataset else {
        return linkcheck::LinkReport::default();
    };
    let mut all = diagnostic::Diagnostics::new();
    let report = linkcheck::check(dataset, &checked.sources, options, &mut all);
    for d in checked.diagnostics.drain(..) {
        all.push(d);
    }
    checked.diagnostics = all.sorted();
    report
}

/// What `scorecard build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub data: PathBuf,
    pub out: PathBuf,
    /// Templates overriding the built-in ones.
    pub templates: Option<PathBuf>,
    /// Overrides `base_url` of `scorecard.toml` (e.g. for a local preview).
    pub base_url: Option<ids::HttpUrl>,
    pub include_drafts: bool,
}

/// What a successful build wrote.
#[derive(Debug, Clone, Copy)]
pub struct Built {
    /// Files the site holds.
    pub files: usize,
    /// Files rendered by this build (all of them, unless it was incremental).
    pub rendered: usize,
    /// Bytes of the files rendered.
    pub bytes: u64,
    /// A preview's build stopped before it rewrote every file, because a
    /// newer change came in.
    pub stopped_early: bool,
}

/// Check, score, render and write the site. When the check finds errors,
/// nothing is written and `Built` is `None`.
pub fn build(options: &BuildOptions) -> Result<(Checked, Option<Built>), Error> {
    session::Session::once(options.clone()).build(session::Target::Fresh)
}

/// Check the data, then compare edition `old` with edition `new` (labels):
/// everything `scorecard diff` does. When the check finds errors the report
/// is `None`.
pub fn diff(
    data: &Path,
    old: &str,
    new: &str,
    include_drafts: bool,
) -> Result<(Checked, Option<diff::Report>), Error> {
    let checked = check(data, validate::Options { include_drafts })?;
    let Some(dataset) = &checked.dataset else {
        return Ok((checked, None));
    };
    let find = |label: &str| {
        dataset
            .editions
            .iter()
            .position(|e| e.label.as_str() == label)
            .ok_or_else(|| Error::UnknownEdition {
                label: label.to_owned(),
                known: dataset
                    .editions
                    .iter()
                    .map(|e| e.label.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                hint: if include_drafts {
                    ""
                } else {
                    "; draft editions are compared only with --drafts"
                },
            })
    };
    let (a, b) = (find(old)?, find(new)?);
    let (old, new) = (&dataset.editions[a], &dataset.editions[b]);
    let (old_scores, new_scores) = (score::score_edition(old), score::score_edition(new));
    let changes = score::changes::compare(old, &old_scores, new, &new_scores);
    let report = diff::report(old, new, &changes);
    Ok((checked, Some(report)))
}
