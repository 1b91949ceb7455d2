//! The whole findings of each platform (rationales, sources, quotes): nearly
//! all of a data folder. `serve` keeps them in memory between builds; a
//! one-shot build lets them go once they are checked, and reads a platform's
//! findings files again when a page shows them, so that its memory does not
//! grow with the size of the data folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ids::{IndicatorId, RatingId};
use crate::model::Finding;
use crate::recent::Recent;
use crate::source::{FileId, SourceMap};

/// One platform's findings in one edition, by indicator.
pub type Findings = BTreeMap<IndicatorId, Arc<Finding>>;

/// Platforms whose findings a reread store keeps at once: what the pages
/// being rendered together need (see `render::Planned::evidence_group`).
const RECENT: usize = 160;

#[derive(Debug, thiserror::Error)]
#[error("`{path}` changed during the build ({why}); build again")]
pub struct EvidenceError {
    path: String,
    why: String,
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
    /// Per edition and platform, its findings files and the ratings they gave
    /// when checked: a file that no longer gives them has changed since.
    platforms: Vec<Vec<PlatformFiles>>,
    /// The site's default language, which validation puts first in every
    /// table of translations.
    default_language: String,
    recent: Recent<(usize, usize), Arc<Findings>>,
}

#[derive(Debug)]
struct PlatformFiles {
    files: Vec<(FileId, PathBuf, String)>,
    ratings: Vec<(IndicatorId, RatingId)>,
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

    /// Lets the findings go when their files hold more than `bytes`, to be
    /// read again from the data folder at `root` (whose files `sources`
    /// names) when asked for.
    pub fn let_go_above(
        &mut self,
        bytes: u64,
        root: &Path,
        sources: &SourceMap,
        default_language: &str,
    ) {
        let Store::Kept(all) = self else { return };
        let platforms = all
            .iter()
            .map(|edition| {
                edition
                    .iter()
                    .map(|findings| {
                        let mut ids: Vec<FileId> = findings.values().map(|f| f.file).collect();
                        ids.sort_unstable();
                        ids.dedup();
                        PlatformFiles {
                            files: ids
                                .into_iter()
                                .map(|id| {
                                    let rel = sources.path(id).to_owned();
                                    (id, root.join(&rel), rel)
                                })
                                .collect(),
                            ratings: findings
                                .iter()
                                .map(|(id, f)| (*id, f.rating.value.clone()))
                                .collect(),
                        }
                    })
                    .collect()
            })
            .collect::<Vec<Vec<PlatformFiles>>>();
        let size: u64 = (platforms.iter().flatten())
            .flat_map(|p| &p.files)
            .filter_map(|(_, path, _)| std::fs::metadata(path).ok())
            .map(|m| m.len())
            .sum();
        if size <= bytes {
            return;
        }
        *self = Store::Reread(Reread {
            platforms,
            default_language: default_language.to_owned(),
            recent: Recent::new(RECENT),
        });
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
        let entry = &self.platforms[edition][platform];
        let mut findings = Findings::new();
        for (id, path, rel) in &entry.files {
            let changed = |why: String| EvidenceError {
                path: rel.clone(),
                why,
            };
            for mut finding in crate::load::reread_findings(*id, path).map_err(changed)? {
                for text in finding.texts_mut() {
                    text.value.put_first(&self.default_language);
                }
                findings.insert(finding.indicator.value, Arc::new(finding));
            }
        }
        let same = findings.len() == entry.ratings.len()
            && findings
                .iter()
                .zip(&entry.ratings)
                .all(|((id, f), (was_id, was))| id == was_id && f.rating.value == *was);
        if !same {
            let rel = entry.files.first().map_or("", |(_, _, rel)| rel.as_str());
            return Err(EvidenceError {
                path: rel.to_owned(),
                why: "its findings are not the ones checked".into(),
            });
        }
        let findings = Arc::new(findings);
        if remember {
            self.recent.keep(key, findings.clone());
        }
        Ok(findings)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Store;
    use crate::model::Dataset;
    use crate::testing::base_with;
    use crate::validate::Options;

    const SETTINGS: &str = "title = \"Example Scorecard\"\n\
        base_url = \"https://scorecard.example/\"\n\
        publisher = \"Example Research\"\n\
        license = \"CC-BY-4.0\"\n\
        languages = [\"en\", \"es\"]\n";
    const FINDINGS: &str = "editions/2026/platforms/ex-a/findings.toml";

    fn checked(dir: &Path) -> (crate::Checked, Dataset) {
        let mut checked = crate::check(dir, Options::default()).unwrap();
        assert_eq!(checked.error_count(), 0, "{:?}", checked.diagnostics);
        let dataset = checked.dataset.take().unwrap();
        (checked, dataset)
    }

    /// Every platform's findings as JSON, to compare a store's with another's.
    fn all_findings(dataset: &Dataset) -> Vec<serde_json::Value> {
        let store = &dataset.evidence;
        (dataset.editions.iter().enumerate())
            .flat_map(|(e, edition)| (0..edition.platforms.len()).map(move |p| (e, p)))
            .map(|(e, p)| serde_json::to_value(&*store.findings(e, p).unwrap()).unwrap())
            .collect()
    }

    fn let_go(dir: &Path, checked: &crate::Checked, dataset: &mut Dataset) {
        let store = &mut dataset.evidence;
        store.let_go_above(u64::MAX, dir, &checked.sources, "en");
        assert!(matches!(store, Store::Kept(_)), "kept under the limit");
        store.let_go_above(0, dir, &checked.sources, "en");
        assert!(matches!(store, Store::Reread(_)));
    }

    #[test]
    fn findings_read_again_are_the_ones_checked_with_the_default_language_first() {
        let original = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/base")
                .join(FINDINGS),
        )
        .unwrap();
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
        let (checked, mut dataset) = checked(dir.path());
        let kept = all_findings(&dataset);
        assert!(kept.iter().any(|f| f.to_string().contains("La política")));
        let_go(dir.path(), &checked, &mut dataset);
        let reread = all_findings(&dataset);
        assert_eq!(reread, kept);
        // Read again, not the same values kept under another name.
        let (e, p) = (0, 0);
        let first = dataset.evidence.findings(e, p).unwrap();
        let again = dataset.evidence.findings_in_passing(e, p).unwrap();
        assert!(
            std::sync::Arc::ptr_eq(&first, &again),
            "the recent one is kept"
        );
        let text = first.values().next().unwrap().rationale.as_ref().unwrap();
        assert_eq!(text.value.in_default(), "The policy is public.");
    }

    #[test]
    fn a_findings_file_changed_since_the_check_is_an_error_naming_it() {
        let dir = base_with(&[], &[]);
        let (checked, mut dataset) = checked(dir.path());
        let_go(dir.path(), &checked, &mut dataset);
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
        }
        std::fs::write(&file, &text).unwrap();
        assert!(dataset.evidence.findings(0, p).is_ok());
    }
}
