//! `scorecard` turns a folder of TOML evidence files into a public scorecard
//! website. The pipeline runs one way:
//!
//! **load** (read and parse every file, keeping spans) → **validate** (every
//! rule, all diagnostics at once) → **score** (pure functions) → **render**
//! (templates, sanitised markdown) → **write** (temporary folder, swapped in).

pub mod diagnostic;
pub mod ids;
pub mod load;
pub mod model;
pub mod score;
pub mod source;
pub mod validate;

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
    let (loaded, mut diagnostics) = load::load(data)?;
    let (sources, dataset) = validate::validate(loaded, options, &mut diagnostics);
    Ok(Checked {
        sources,
        diagnostics: diagnostics.sorted(),
        dataset,
    })
}
