//! Scores worked out by hand on `tests/fixtures/scoring`, through the public
//! API: `scorecard::check` loads and validates, `score_edition` scores.
//!
//! The framework has two actions of two indicators, weighted 1 and 3. The
//! platforms (in slug order: alpha, beta, delta, gamma) are commented with
//! their sums in their findings files.

use std::path::Path;

use scorecard::diagnostic::{Code, Severity};
use scorecard::model::Edition;
use scorecard::score::{score_edition, ActionScore, EditionScores};

fn scoring_edition() -> Edition {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scoring");
    let checked = scorecard::check(&data, scorecard::validate::Options::default()).unwrap();
    // One warning, and only one: gamma has no finding for 1.2.
    let found: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code, d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            Severity::Warning,
            Code::UnassessedIndicator,
            "editions/2026/platforms/gamma/platform.toml"
        )]
    );
    let mut dataset = checked.dataset.expect("warnings do not stop the dataset");
    assert_eq!(dataset.editions.len(), 1);
    dataset.editions.remove(0)
}

fn scores() -> (Edition, EditionScores) {
    let edition = scoring_edition();
    let scores = score_edition(&edition);
    (edition, scores)
}

/// The scores of the platform with `slug`.
fn platform<'s>(
    edition: &Edition,
    scores: &'s EditionScores,
    slug: &str,
) -> &'s scorecard::score::PlatformScore {
    let index = edition
        .platforms
        .iter()
        .position(|p| p.slug.as_str() == slug)
        .unwrap_or_else(|| panic!("no platform {slug}"));
    &scores.platforms[index]
}

fn action(score: Option<f64>, scored: usize, assessed: usize, rank: Option<usize>) -> ActionScore {
    ActionScore {
        score,
        scored,
        assessed,
        indicators: 2,
        rank,
    }
}

#[test]
fn action_scores_are_means_of_the_scored_indicators() {
    let (edition, scores) = scores();
    let alpha = platform(&edition, &scores, "alpha");
    assert_eq!(
        alpha.actions,
        [
            action(Some(75.0), 2, 2, Some(1)),
            action(Some(50.0), 2, 2, Some(2))
        ]
    );
    // no_evidence scores 0 like none: it is not excluded.
    let beta = platform(&edition, &scores, "beta");
    assert_eq!(
        beta.actions,
        [
            action(Some(0.0), 2, 2, Some(2)),
            action(Some(75.0), 2, 2, Some(1))
        ]
    );
}

#[test]
fn totals_are_weighted_and_ties_share_a_rank() {
    let (edition, scores) = scores();
    // (75 + 3 × 50) / 4 and (0 + 3 × 75) / 4: equal totals from different actions.
    for slug in ["alpha", "beta"] {
        let p = platform(&edition, &scores, slug);
        assert_eq!((p.total, p.rank), (Some(56.25), Some(1)), "{slug}");
    }
    // Two platforms share rank 1, so the next is 3rd, not 2nd.
    let gamma = platform(&edition, &scores, "gamma");
    assert_eq!((gamma.total, gamma.rank), (Some(50.0), Some(3)));
    // Action 2: beta 75, then alpha and gamma tied at 50.
    assert_eq!(gamma.actions[1].rank, Some(2));
}

#[test]
fn not_applicable_and_unassessed_indicators_are_excluded_and_counted() {
    let (edition, scores) = scores();
    let gamma = platform(&edition, &scores, "gamma");
    // Action 1: 1.1 is not applicable (assessed, not scored) and 1.2 has no
    // finding (neither): the action has no score and no rank, and the total
    // is action 2's alone rather than pulled down by a zero.
    assert_eq!(gamma.actions[0], action(None, 0, 1, None));
    assert_eq!(gamma.actions[1], action(Some(50.0), 2, 2, Some(2)));
    assert_eq!((gamma.assessed, gamma.indicators), (3, 4));
    assert_eq!(gamma.total, Some(50.0));
}

#[test]
fn a_platform_with_nothing_applicable_is_unranked_and_last() {
    let (edition, scores) = scores();
    let delta = platform(&edition, &scores, "delta");
    assert_eq!(delta.total, None);
    assert_eq!(delta.rank, None);
    assert!(delta
        .actions
        .iter()
        .all(|a| a.score.is_none() && a.rank.is_none()));
    assert_eq!((delta.assessed, delta.indicators), (4, 4));
    // Best first, ties in slug order, the unranked last.
    let order: Vec<&str> = scores
        .ranking
        .iter()
        .map(|&i| edition.platforms[i].slug.as_str())
        .collect();
    assert_eq!(order, ["alpha", "beta", "gamma", "delta"]);
}
