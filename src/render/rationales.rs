//! The rationale of every finding as safe HTML, made once per build and
//! language. A rationale shows on its platform's report and on its action's
//! page, and the latest edition's pages are built twice (at their permalink
//! and at the root): sanitising it once instead of up to four times was the
//! largest saving of a large build.

use std::sync::OnceLock;

use crate::model::Dataset;

/// Filled lazily, one platform of one edition in one language at a time, by
/// whichever page needs it first; pages built in parallel share it.
pub struct Rationales {
    languages: usize,
    /// Per edition, `[platform * languages + language]`: the rationale HTML of
    /// each finding, in the order of the platform's findings.
    editions: Vec<Vec<OnceLock<Vec<Option<String>>>>>,
}

impl Rationales {
    pub fn new(dataset: &Dataset, languages: usize) -> Rationales {
        Rationales {
            languages,
            editions: dataset
                .editions
                .iter()
                .map(|e| {
                    (0..e.platforms.len() * languages)
                        .map(|_| OnceLock::new())
                        .collect()
                })
                .collect(),
        }
    }

    /// The rationales of one platform of one edition in language `lang`,
    /// made by `make` the first time they are asked for.
    pub fn of(
        &self,
        edition: usize,
        platform: usize,
        lang: usize,
        make: impl FnOnce() -> Vec<Option<String>>,
    ) -> &[Option<String>] {
        self.editions[edition][platform * self.languages + lang].get_or_init(make)
    }
}
