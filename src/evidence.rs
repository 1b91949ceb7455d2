//! The whole findings of each platform (rationales, sources, quotes): nearly
//! all of a data folder. `serve` keeps them in memory between builds; a
//! one-shot build lets them go once they are checked, and reads a platform's
//! findings again when a page shows them, so that its memory does not grow
//! with the size of the data folder: from the [`spill`] its load wrote them
//! to, or else from the data folder's files.

pub mod spill;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ids::{IndicatorId, RatingId};
use crate::model::Finding;
use crate::recent::Recent;
use crate::source::{FileId, SourceMap};

use self::spill::{Blob, Spill};

/// One platform's findings in one edition, by indicator.
pub type Findings = BTreeMap<IndicatorId, Arc<Finding>>;

/// Platforms whose findings a reread store keeps at once: what the pages
/// being rendered together need (see `render::Planned::evidence_group`).
const RECENT: usize = 160;

#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("`{path}` changed during the build ({why}); build again")]
    Changed { path: String, why: String },
    #[error("cannot read back the findings spilled during the build: {0}")]
    Spill(std::io::Error),
}

/// Where the findings of every platform of every edition are.
#[derive(Debug)]
pub enum Store {
    /// In memory, per edition and platform.
    Kept(Vec<Vec<Arc<Findings>>>),
    /// On disk, read again on demand.
    Reread(Reread),
}

#[derive(Debug)]
pub struct Reread {
    /// The data folder.
    root: PathBuf,
    /// Per edition and platform, its findings files and the ratings they gave
    /// when checked: a file that no longer gives them has changed since.
    platforms: Vec<Vec<PlatformFiles>>,
    /// The site's default language, which validation puts first in every
    /// table of translations.
    default_language: String,
    recent: Recent<(usize, usize), Arc<Findings>>,
    /// The findings as the load checked them, if it could spill them.
    spill: Option<Arc<Spill>>,
}

/// Where one platform's findings are, and the ratings they gave.
#[derive(Debug)]
pub struct PlatformFiles {
    /// Each file's id and path in the data folder.
    files: Vec<(FileId, String)>,
    /// The hash of the ratings, by indicator (see [`ratings_print`]).
    ratings: u64,
    /// Where the spill holds each file's findings, if it holds every file's.
    spilled: Option<Vec<Blob>>,
}

impl PlatformFiles {
    /// The files of the checked findings `(file, indicator, rating)`, which
    /// `sources` names.
    pub fn new(
        findings: impl Iterator<Item = (FileId, IndicatorId, RatingId)>,
        sources: &SourceMap,
    ) -> PlatformFiles {
        let mut ids = Vec::new();
        let mut ratings = BTreeMap::new();
        for (file, indicator, rating) in findings {
            ids.push(file);
            ratings.insert(indicator, rating);
        }
        ids.sort_unstable();
        ids.dedup();
        PlatformFiles {
            files: (ids.into_iter())
                .map(|id| (id, sources.path(id).to_owned()))
                .collect(),
            ratings: ratings_print(ratings.iter()),
            spilled: None,
        }
    }

    /// The same files, whose findings the spill holds at `blobs`.
    pub fn spilled_at(self, blobs: Option<Vec<Blob>>) -> PlatformFiles {
        PlatformFiles {
            spilled: blobs,
            ..self
        }
    }
}

/// A hash of ratings by indicator, in indicator order: to tell findings
/// read again from the ones checked without keeping those.
fn ratings_print<'a>(ratings: impl Iterator<Item = (&'a IndicatorId, &'a RatingId)>) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for rating in ratings {
        rating.hash(&mut hasher);
    }
    hasher.finish()
}

impl Store {
    /// The findings of platform `platform` of edition `edition`.
    pub fn findings(
        &self,
        edition: usize,
        platform: usize,
    ) -> Result<Arc<Findings>, EvidenceError> {
        self.read(edition, platform, true)
    }

    /// [`Store::findings`] for a pass over every platform, which would only
    /// push out of a reread store's memory what the other pages need.
    pub fn findings_in_passing(
        &self,
        edition: usize,
        platform: usize,
    ) -> Result<Arc<Findings>, EvidenceError> {
        self.read(edition, platform, false)
    }

    fn read(
        &self,
        edition: usize,
        platform: usize,
        remember: bool,
    ) -> Result<Arc<Findings>, EvidenceError> {
        match self {
            Store::Kept(all) => Ok(all[edition][platform].clone()),
            Store::Reread(reread) => reread.findings(edition, platform, remember),
        }
    }

    /// Findings to read from `platforms` (per edition and platform) when
    /// asked for, with `default_language` put first in their translations:
    /// from `spill` where it holds a platform's, else from the files in the
    /// data folder `root`.
    pub fn reread(
        root: &Path,
        platforms: Vec<Vec<PlatformFiles>>,
        default_language: &str,
        spill: Option<Arc<Spill>>,
    ) -> Store {
        Store::Reread(Reread {
            root: root.to_owned(),
            platforms,
            default_language: default_language.to_owned(),
            recent: Recent::new(RECENT),
            spill,
        })
    }
}

impl Reread {
    fn findings(
        &self,
        edition: usize,
        platform: usize,
        remember: bool,
    ) -> Result<Arc<Findings>, EvidenceError> {
        let key = (edition, platform);
        if let Some(found) = self.recent.get(&key) {
            return Ok(found);
        }
        let findings = Arc::new(self.read_again(&self.platforms[edition][platform])?);
        if remember {
            self.recent.keep(key, findings.clone());
        }
        Ok(findings)
    }

    /// The findings of `entry`'s files: from the spill if it holds them all,
    /// as they were checked; else from the files, which must still give the
    /// ratings checked.
    fn read_again(&self, entry: &PlatformFiles) -> Result<Findings, EvidenceError> {
        let mut all = Vec::new();
        if let (Some(spill), Some(blobs)) = (&self.spill, &entry.spilled) {
            for &blob in blobs {
                all.extend(spill.get(blob).map_err(EvidenceError::Spill)?);
            }
            return Ok(self.by_indicator(all));
        }
        for (id, rel) in &entry.files {
            let changed = |why: String| EvidenceError::Changed {
                path: rel.clone(),
                why,
            };
            let read = crate::load::reread_findings(*id, &self.root.join(rel));
            all.extend(read.map_err(changed)?);
        }
        let findings = self.by_indicator(all);
        let ratings = findings.iter().map(|(id, f)| (id, &f.rating.value));
        if ratings_print(ratings) != entry.ratings {
            let rel = entry.files.first().map_or("", |(_, rel)| rel.as_str());
            return Err(EvidenceError::Changed {
                path: rel.to_owned(),
                why: "its findings are not the ones checked".into(),
            });
        }
        Ok(findings)
    }

    /// `read` by indicator, with the default language first in their
    /// translations, as validation puts it.
    fn by_indicator(&self, read: Vec<Finding>) -> Findings {
        (read.into_iter())
            .map(|mut finding| {
                for text in finding.texts_mut() {
                    text.value.put_first(&self.default_language);
                }
                (finding.indicator.value, Arc::new(finding))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Store;
    use crate::load::LoadCache;
    use crate::model::Dataset;
    use crate::testing::{base_with, fixture};
    use crate::validate::Options;

    const SETTINGS: &str = "title = \"Example Scorecard\"\n\
        base_url = \"https://scorecard.example/\"\n\
        publisher = \"Example Research\"\n\
        license = \"CC-BY-4.0\"\n\
        languages = [\"en\", \"es\"]\n";
    const FINDINGS: &str = "editions/2026/platforms/ex-a/findings.toml";

    /// The folder checked by a load that keeps the findings, and by one
    /// that lets them go.
    fn checked_both_ways(dir: &Path) -> [crate::Checked; 2] {
        let kept = crate::check(dir, Options::default()).unwrap();
        let let_go = LoadCache::letting_go_above(0);
        let reread = crate::check_cached(dir, Options::default(), &mut { let_go }).unwrap();
        [kept, reread]
    }

    /// The folder checked by a load that lets the findings go and spills
    /// them (into the folder itself: the spill is a file without a name).
    fn checked_and_spilled(dir: &Path) -> crate::Checked {
        let spilling = LoadCache::letting_go_above(0).spilling_in(dir);
        crate::check_cached(dir, Options::default(), &mut { spilling }).unwrap()
    }

    fn dataset(checked: crate::Checked) -> Dataset {
        assert_eq!(checked.error_count(), 0, "{:?}", checked.diagnostics);
        checked.dataset.unwrap()
    }

    /// Every platform's findings as JSON, to compare a store's with another's.
    fn all_findings(dataset: &Dataset) -> Vec<serde_json::Value> {
        let store = &dataset.evidence;
        (dataset.editions.iter().enumerate())
            .flat_map(|(e, edition)| (0..edition.platforms.len()).map(move |p| (e, p)))
            .map(|(e, p)| serde_json::to_value(&*store.findings(e, p).unwrap()).unwrap())
            .collect()
    }

    #[test]
    fn findings_read_again_are_the_ones_checked_with_the_default_language_first() {
        let original = fixture(FINDINGS);
        let translated = original.replacen(
            "rationale = \"The policy is public.\"",
            "rationale = { es = \"La política es pública.\", en = \"The policy is public.\" }",
            1,
        );
        assert_ne!(translated, original);
        let dir = base_with(
            &[("scorecard.toml", SETTINGS), (FINDINGS, &translated)],
            &[],
        );
        let [kept, reread] = checked_both_ways(dir.path()).map(dataset);
        assert!(matches!(kept.evidence, Store::Kept(_)));
        assert!(matches!(reread.evidence, Store::Reread(_)));
        let kept_findings = all_findings(&kept);
        assert!(kept_findings
            .iter()
            .any(|f| f.to_string().contains("La política")));
        assert_eq!(all_findings(&reread), kept_findings);
        let spilled = dataset(checked_and_spilled(dir.path()));
        assert!(matches!(&spilled.evidence, Store::Reread(r) if r.spill.is_some()));
        assert_eq!(all_findings(&spilled), kept_findings);
        let ratings = |d: &Dataset| serde_json::to_value(&d.editions[0].platforms).unwrap();
        assert_eq!(ratings(&reread), ratings(&kept));
        let first = reread.evidence.findings(0, 0).unwrap();
        let again = reread.evidence.findings_in_passing(0, 0).unwrap();
        assert!(
            std::sync::Arc::ptr_eq(&first, &again),
            "the recent one is kept"
        );
        let text = first.values().next().unwrap().rationale.as_ref().unwrap();
        assert_eq!(text.value.in_default(), "The policy is public.");
    }

    #[test]
    fn a_load_that_lets_the_findings_go_reports_what_a_whole_load_does() {
        let findings = fixture(FINDINGS)
            .replacen("indicator = \"1.2\"", "indicator = \"9.9\"", 1)
            .replacen("rating = \"partial\"", "rating = \"partal\"", 1)
            .replacen(
                "rationale = \"The policy is public.\"",
                "rationale = { en = \" \", fr = \"x\" }",
                1,
            )
            .replacen("accessed = 2026-01-15", "accessed = 2030-01-15", 1)
            .replacen("published = 2025-01-10", "published = 2031-01-10", 1)
            .replacen("archive = \"https://archive.example/a/policy\"\n", "", 1);
        let dir = base_with(&[("scorecard.toml", SETTINGS), (FINDINGS, &findings)], &[]);
        let [kept, reread] = checked_both_ways(dir.path());
        let shown = |c: &crate::Checked| {
            (c.diagnostics.iter())
                .map(|d| {
                    format!(
                        "{} {:?} {:?} {} {:?}",
                        d.path, d.span, d.code, d.message, d.help
                    )
                })
                .collect::<Vec<_>>()
        };
        let codes: Vec<&str> = kept.diagnostics.iter().map(|d| d.code.id()).collect();
        for code in ["E", "W"] {
            assert!(codes.iter().any(|c| c.starts_with(code)), "{codes:?}");
        }
        assert!(codes.len() >= 6, "{codes:?}");
        assert_eq!(shown(&reread), shown(&kept));
    }

    #[test]
    fn a_findings_file_changed_since_the_check_is_an_error_naming_it() {
        let dir = base_with(&[], &[]);
        let [kept, reread] = checked_both_ways(dir.path());
        let checked = all_findings(&self::dataset(kept));
        let dataset = dataset(reread);
        // Findings spilled are read back as checked, whatever the file says
        // since (the first read of them follows the first change).
        let spilled = self::dataset(checked_and_spilled(dir.path()));
        let file = dir.path().join(FINDINGS);
        let text = std::fs::read_to_string(&file).unwrap();
        let p = dataset.editions[0]
            .platforms
            .iter()
            .position(|p| p.slug.as_str() == "ex-a")
            .unwrap();
        for changed in [
            text.replacen("rating = \"full\"", "rating = \"partial\"", 1),
            text.replacen("[[finding]]", "[[finding", 1),
        ] {
            assert_ne!(changed, text);
            std::fs::write(&file, &changed).unwrap();
            let err = dataset.evidence.findings(0, p).unwrap_err().to_string();
            assert!(err.contains(FINDINGS), "{err}");
            assert!(err.contains("changed during the build"), "{err}");
            assert_eq!(all_findings(&spilled), checked);
        }
        std::fs::write(&file, &text).unwrap();
        assert!(dataset.evidence.findings(0, p).is_ok());
    }
}
