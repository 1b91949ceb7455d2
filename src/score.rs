//! Score: pure functions from findings and a framework to action scores,
//! platform totals and ranks, and (in [`changes`]) from two scored editions to
//! what changed between them. Nothing here rounds; figures are rounded only
//! when shown.

pub mod changes;

use serde::Serialize;

use crate::model::{Edition, Framework, PlatformEvidence};

/// The scores of one action for one platform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionScore {
    /// Mean of the scored indicators (0–100); `None` ("n/a") when none is scored.
    pub score: Option<f64>,
    /// Indicators whose rating carries points.
    pub scored: usize,
    /// Indicators with a finding (scored or excluded as not applicable).
    pub assessed: usize,
    /// Indicators of the action in the framework.
    pub indicators: usize,
    /// Rank among the edition's platforms on this action (ties share a rank).
    pub rank: Option<usize>,
}

/// The scores of one platform in one edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlatformScore {
    /// Weighted mean of the scored actions; `None` when no action is scored.
    pub total: Option<f64>,
    /// Rank by total (ties share a rank); `None` without a total.
    pub rank: Option<usize>,
    /// One per action of the framework, in framework order.
    pub actions: Vec<ActionScore>,
    pub assessed: usize,
    pub indicators: usize,
}

/// The scores of an edition: one per platform, in the edition's platform order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionScores {
    pub platforms: Vec<PlatformScore>,
    /// Platform indices ordered by rank (best first), then by slug; unscored last.
    pub ranking: Vec<usize>,
    /// Whether each platform's rank by total is shared with another's (see
    /// [`ties`]). Found once here: every report shows it, and finding it takes
    /// a pass over all the platforms.
    #[serde(skip)]
    pub total_tied: Vec<bool>,
    /// The same for the rank on each action: `action_tied[action][platform]`.
    #[serde(skip)]
    pub action_tied: Vec<Vec<bool>>,
}

impl EditionScores {
    /// How many platforms have a rank by total.
    pub fn ranked(&self) -> usize {
        // `ranking` puts the unranked last.
        self.ranking
            .partition_point(|&i| self.platforms[i].rank.is_some())
    }
}

/// Points of a rating id on the framework's scale; `None` for an excluded rating
/// (or an unknown one, which validation has already refused).
pub fn rating_points(framework: &Framework, rating: &crate::ids::RatingId) -> Option<f64> {
    framework
        .rating(rating)
        .and_then(|r| r.points.as_ref())
        .map(|p| f64::from(p.value))
}

/// Arithmetic mean; `None` for no values.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Weighted mean of the values that exist; `None` if none does.
pub fn weighted_mean(values: impl IntoIterator<Item = (f64, Option<f64>)>) -> Option<f64> {
    let (sum, weights) = values
        .into_iter()
        .filter_map(|(w, v)| v.map(|v| (w, v)))
        .fold((0.0, 0.0), |(s, ws), (w, v)| (s + w * v, ws + w));
    (weights > 0.0).then(|| sum / weights)
}

/// Standard competition ranks ("1, 2, 2, 4"): higher is better, equal values
/// share a rank, `None` values get no rank. Values equal to within 1e-9 tie, so
/// that float noise never splits what the page shows as equal.
pub fn competition_ranks(values: &[Option<f64>]) -> Vec<Option<usize>> {
    // Best first: a value's rank is one more than the number of values above
    // it, found by binary search (n log n, for editions of many platforms).
    let mut descending: Vec<f64> = values.iter().flatten().copied().collect();
    descending.sort_by(|a, b| b.total_cmp(a));
    values
        .iter()
        .map(|v| v.map(|v| 1 + descending.partition_point(|&other| other - v > 1e-9)))
        .collect()
}

/// Whether each rank is shared by another platform's (a tie); `false` for
/// no rank.
pub fn ties(ranks: &[Option<usize>]) -> Vec<bool> {
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for r in ranks.iter().flatten() {
        *counts.entry(*r).or_default() += 1;
    }
    ranks
        .iter()
        .map(|r| r.is_some_and(|r| counts[&r] > 1))
        .collect()
}

/// Scores one platform against the framework (ranks left empty).
pub fn score_platform(framework: &Framework, evidence: &PlatformEvidence) -> PlatformScore {
    let actions: Vec<ActionScore> = framework
        .actions
        .iter()
        .map(|action| {
            let rated: Vec<_> = action
                .indicators
                .iter()
                .filter_map(|i| evidence.ratings.get(&i.id.value))
                .collect();
            let points: Vec<f64> = rated
                .iter()
                .filter_map(|r| rating_points(framework, &r.rating))
                .collect();
            ActionScore {
                score: mean(points.iter().copied()),
                scored: points.len(),
                assessed: rated.len(),
                indicators: action.indicators.len(),
                rank: None,
            }
        })
        .collect();
    let total = weighted_mean(
        framework
            .actions
            .iter()
            .zip(&actions)
            .map(|(a, s)| (a.weight.value, s.score)),
    );
    PlatformScore {
        total,
        rank: None,
        assessed: actions.iter().map(|a| a.assessed).sum(),
        indicators: framework.indicator_count(),
        actions,
    }
}

/// Scores and ranks every platform of an edition.
pub fn score_edition(edition: &Edition) -> EditionScores {
    let mut platforms: Vec<PlatformScore> = edition
        .platforms
        .iter()
        .map(|p| score_platform(&edition.framework, p))
        .collect();
    let totals: Vec<Option<f64>> = platforms.iter().map(|p| p.total).collect();
    for (p, rank) in platforms.iter_mut().zip(competition_ranks(&totals)) {
        p.rank = rank;
    }
    for action in 0..edition.framework.actions.len() {
        let scores: Vec<Option<f64>> = platforms.iter().map(|p| p.actions[action].score).collect();
        for (p, rank) in platforms.iter_mut().zip(competition_ranks(&scores)) {
            p.actions[action].rank = rank;
        }
    }
    let mut ranking: Vec<usize> = (0..platforms.len()).collect();
    ranking.sort_by_key(|&i| (platforms[i].rank.unwrap_or(usize::MAX), i));
    let total_tied = ties(&platforms.iter().map(|p| p.rank).collect::<Vec<_>>());
    let action_tied = (0..edition.framework.actions.len())
        .map(|a| {
            ties(
                &platforms
                    .iter()
                    .map(|p| p.actions[a].rank)
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    EditionScores {
        platforms,
        ranking,
        total_tied,
        action_tied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The base fixture's only edition, loaded and validated.
    fn base_edition() -> Edition {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let checked = crate::check(&base, crate::validate::Options::default()).unwrap();
        let mut dataset = checked.dataset.expect("the base fixture is valid");
        dataset.editions.remove(0)
    }

    fn action(
        score: Option<f64>,
        scored: usize,
        assessed: usize,
        rank: Option<usize>,
    ) -> ActionScore {
        ActionScore {
            score,
            scored,
            assessed,
            indicators: 2,
            rank,
        }
    }

    #[test]
    fn score_platform_on_the_base_fixture() {
        let edition = base_edition();
        let [a, b] = [0, 1].map(|i| score_platform(&edition.framework, &edition.platforms[i]));
        // ex-a: full 100 and partial 50; none 0 and no_evidence 0 (which scores).
        assert_eq!(
            a,
            PlatformScore {
                total: Some(37.5),
                rank: None,
                actions: vec![
                    action(Some(75.0), 2, 2, None),
                    action(Some(0.0), 2, 2, None)
                ],
                assessed: 4,
                indicators: 4,
            }
        );
        // ex-b: partial 50 and full 100; full 100 and not_applicable, which is
        // assessed but not scored.
        assert_eq!(b.actions[1], action(Some(100.0), 1, 2, None));
        assert_eq!(b.total, Some(87.5));
    }

    #[test]
    fn score_edition_ranks_the_base_fixture() {
        let scores = score_edition(&base_edition());
        let [a, b] = [&scores.platforms[0], &scores.platforms[1]];
        assert_eq!((a.rank, b.rank), (Some(2), Some(1)));
        // Both score 75 on action 1: a tie shares rank 1.
        assert_eq!((a.actions[0].rank, b.actions[0].rank), (Some(1), Some(1)));
        assert_eq!((a.actions[1].rank, b.actions[1].rank), (Some(2), Some(1)));
        assert_eq!(scores.ranking, vec![1, 0]);
        assert_eq!(scores.ranked(), 2);
        assert_eq!(scores.total_tied, vec![false, false]);
        assert_eq!(scores.action_tied[0], vec![true, true]);
        assert_eq!(scores.action_tied[1], vec![false, false]);
    }

    #[test]
    fn means() {
        assert_eq!(mean([]), None);
        assert_eq!(mean([100.0, 50.0, 0.0]), Some(50.0));
        assert_eq!(
            weighted_mean([(1.0, Some(100.0)), (3.0, Some(0.0)), (5.0, None)]),
            Some(25.0)
        );
        assert_eq!(weighted_mean([(1.0, None)]), None);
    }

    #[test]
    fn ties_share_a_rank_and_unscored_get_none() {
        let ranks = competition_ranks(&[Some(50.0), Some(75.0), None, Some(50.0), Some(10.0)]);
        assert_eq!(ranks, vec![Some(2), Some(1), None, Some(2), Some(4)]);
        assert_eq!(ties(&ranks), vec![true, false, false, true, false]);
        // Float noise does not split a tie.
        let a = 0.1 + 0.2;
        assert_eq!(
            competition_ranks(&[Some(a), Some(0.3)]),
            vec![Some(1), Some(1)]
        );
    }
}
