//! The synthetic-data generator of `examples/gen-data`: deterministic, and its
//! output passes `scorecard check` cleanly and builds.

#[path = "../examples/gen-data/generator.rs"]
mod generator;

use std::collections::BTreeMap;
use std::path::Path;

use generator::{generate_data, generate_hugo, Options};

/// Every file under `root`, by relative path.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn generated(platforms: usize, seed: u64) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let options = Options { platforms, seed };
    let summary = generate_data(dir.path(), &options).unwrap();
    let files = tree(dir.path());
    assert_eq!(summary.files, files.len());
    assert_eq!(
        summary.bytes,
        files.values().map(|b| b.len() as u64).sum::<u64>()
    );
    (dir, files)
}

#[test]
fn same_seed_gives_byte_identical_files() {
    let (_a, first) = generated(3, 42);
    let (_b, second) = generated(3, 42);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two runs");
    }
    // settings, about page, 2 × (edition, framework), 2 × 3 × (platform + 10 actions)
    assert_eq!(first.len(), 2 + 2 * 2 + 2 * 3 * 11);
}

#[test]
fn another_seed_gives_other_files_and_more_platforms_keep_the_first_ones() {
    let (_a, small) = generated(2, 42);
    let (_b, other) = generated(2, 43);
    assert_ne!(small, other);
    let (_c, larger) = generated(4, 42);
    for (path, bytes) in &small {
        assert!(larger[path] == *bytes, "{path} changed with more platforms");
    }
}

#[test]
fn generated_data_checks_without_a_diagnostic_and_builds() {
    let (dir, files) = generated(5, 7);
    let checked = scorecard::check(dir.path(), scorecard::validate::Options::default()).unwrap();
    let messages: Vec<String> = checked
        .diagnostics
        .iter()
        .take(5)
        .map(|d| format!("{d:?}"))
        .collect();
    assert_eq!(checked.error_count(), 0, "{messages:#?}");
    assert_eq!(checked.warning_count(), 0, "{messages:#?}");
    let dataset = checked.dataset.expect("a dataset");
    assert_eq!(dataset.editions.len(), 2);
    for (e, edition) in dataset.editions.iter().enumerate() {
        assert_eq!(edition.platforms.len(), 5);
        assert_eq!(edition.framework.actions.len(), 10);
        for p in 0..edition.platforms.len() {
            let findings = dataset.evidence.findings(e, p).unwrap();
            assert_eq!(findings.len(), edition.framework.indicator_count());
            for f in findings.values() {
                assert_eq!(f.sources.len(), 3);
                assert!(f.sources.iter().all(|s| s.archive.is_some()));
                let words = f
                    .rationale
                    .as_ref()
                    .unwrap()
                    .value
                    .in_default()
                    .split_whitespace()
                    .count();
                assert!((90..=170).contains(&words), "{words} words");
            }
        }
    }

    // The rationales are markdown with a paragraph, a list, a link and emphasis.
    let findings = std::str::from_utf8(
        files
            .iter()
            .find(|(p, _)| p.ends_with("action-01.toml"))
            .unwrap()
            .1,
    )
    .unwrap();
    for needle in ["\n- **", "](https://", " *", "\n\n"] {
        assert!(findings.contains(needle), "no `{needle}` in {findings}");
    }

    let out = tempfile::tempdir().unwrap();
    let options = scorecard::BuildOptions {
        data: dir.path().to_owned(),
        out: out.path().join("site"),
        templates: None,
        base_url: None,
        include_drafts: false,
    };
    let (_, built) = scorecard::build(&options).unwrap();
    let built = built.expect("the site is built");
    // Per edition and for the root copy of the latest: overview, 5 platforms,
    // 10 actions, methodology (html), csv, json.
    assert!(built.files > 3 * 18, "{} files", built.files);
}

#[test]
fn hugo_site_is_deterministic_and_mirrors_the_pages() {
    let options = Options {
        platforms: 3,
        seed: 9,
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate_hugo(a.path(), &options).unwrap();
    generate_hugo(b.path(), &options).unwrap();
    let (first, second) = (tree(a.path()), tree(b.path()));
    assert!(first == second, "two Hugo sites from one seed differ");
    let pages = |dir: &str| {
        first
            .keys()
            .filter(|p| p.contains(dir) && !p.ends_with("_index.md"))
            .count()
    };
    // 2025, 2026 and the root copy of 2026.
    assert_eq!(pages("platforms/"), 3 * 3);
    assert_eq!(pages("actions/"), 3 * 10);
    let platform = String::from_utf8(
        first
            .iter()
            .find(|(p, _)| p.starts_with("content/2026/platforms/") && !p.ends_with("_index.md"))
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert!(platform.contains("archived copy"), "{platform}");
}

#[test]
fn the_changes_page_lists_the_largest_changes_and_links_the_download_for_all() {
    let (data, _) = generated(45, 1);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let options = scorecard::BuildOptions {
        data: data.path().to_owned(),
        out: site.clone(),
        templates: None,
        base_url: None,
        include_drafts: false,
    };
    let (checked, built) = scorecard::build(&options).unwrap();
    assert!(built.is_some(), "{:#?}", checked.diagnostics);
    let page = std::fs::read_to_string(site.join("changes/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let rows = |table: &str| {
        let rows = scraper::Selector::parse(&format!("#{table}-caption ~ tbody tr")).unwrap();
        html.select(&rows).count()
    };
    let listed = scorecard::render::context::CHANGES_LISTED;
    // 45 platforms change in well over a thousand of their 1,800 ratings
    // between the two editions, but in at most 45 totals.
    assert_eq!(rows("ratings"), listed);
    assert!((1..=45).contains(&rows("totals")), "{}", rows("totals"));
    let notes: Vec<String> = html
        .select(&scraper::Selector::parse("p.note").unwrap())
        .map(|p| p.text().collect())
        .collect();
    // Only the list of ratings is cut: there are 450 action scores at most.
    let cut: Vec<&String> = notes.iter().filter(|n| n.contains("largest")).collect();
    assert_eq!(cut.len(), 1, "{notes:?}");
    assert!(cut[0].contains("1,000 largest of "), "{}", cut[0]);
    let link = scraper::Selector::parse("p.note a[href$=\"scores.csv\"]").unwrap();
    assert_eq!(html.select(&link).count(), 1);
}
