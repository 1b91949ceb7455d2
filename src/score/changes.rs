//! Changes between two editions, as pure functions of their evidence and
//! scores: for each platform assessed in both (matched by slug), the change of
//! its total, of each action score (matched by action number) and of each
//! rating (matched by indicator id); the platforms added and dropped; and what
//! a revised framework added or removed, which is listed and never compared.
//! Nothing here rounds or formats.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{rating_points, EditionScores};
use crate::ids::{IndicatorId, RatingId};
use crate::model::{Edition, Status};

/// Differences this small are float noise, not change (as for ranks).
const EPSILON: f64 = 1e-9;

/// A figure in the earlier edition and in the later one; `None` is "n/a".
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Delta {
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// Which way a figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
    /// Equal (to within float noise), or "n/a" both times.
    Same,
    /// "n/a" before, a figure now.
    Gained,
    /// A figure before, "n/a" now.
    Lost,
}

impl Delta {
    pub fn new(before: Option<f64>, after: Option<f64>) -> Delta {
        Delta { before, after }
    }

    /// After minus before, when both exist.
    pub fn change(&self) -> Option<f64> {
        Some(self.after? - self.before?)
    }

    pub fn direction(&self) -> Direction {
        match (self.before, self.after) {
            (Some(b), Some(a)) if a - b > EPSILON => Direction::Up,
            (Some(b), Some(a)) if b - a > EPSILON => Direction::Down,
            (Some(_), Some(_)) | (None, None) => Direction::Same,
            (None, Some(_)) => Direction::Gained,
            (Some(_), None) => Direction::Lost,
        }
    }

    pub fn changed(&self) -> bool {
        self.direction() != Direction::Same
    }

    /// Sort key, largest change first: numeric changes by size, then the
    /// changes to or from "n/a", which have no size.
    fn order(&self) -> (u8, f64) {
        match self.change() {
            Some(c) => (0, -c.abs()),
            None => (1, 0.0),
        }
    }
}

/// A rating that differs between the editions, for an indicator both
/// frameworks have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingChange {
    pub indicator: IndicatorId,
    /// `None`: the indicator was not assessed.
    pub before: Option<RatingId>,
    pub after: Option<RatingId>,
    /// The points of each rating on its own edition's scale.
    pub points: Delta,
}

/// An action score of a platform, for an action number both frameworks have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionChange {
    pub number: u32,
    pub score: Delta,
    /// False when the revision added or removed indicators of this action, so
    /// that its scores are not strictly comparable.
    pub same_indicators: bool,
}

/// A platform assessed in both editions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlatformChange {
    /// Its index in the earlier edition.
    pub previous: usize,
    pub total: Delta,
    /// One per action number both frameworks have, in the later framework's order.
    pub actions: Vec<ActionChange>,
    /// Only the ratings that differ, by indicator id.
    pub ratings: Vec<RatingChange>,
}

/// What a framework revision changed. Unmatched indicators and actions are
/// listed here and compared nowhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FrameworkChanges {
    pub indicators_added: Vec<IndicatorId>,
    pub indicators_removed: Vec<IndicatorId>,
    /// Same id, another title or question: still matched, and compared, by id.
    pub indicators_reworded: Vec<IndicatorId>,
    pub actions_added: Vec<u32>,
    pub actions_removed: Vec<u32>,
}

impl FrameworkChanges {
    pub fn is_empty(&self) -> bool {
        self.indicators_added.is_empty()
            && self.indicators_removed.is_empty()
            && self.indicators_reworded.is_empty()
            && self.actions_added.is_empty()
            && self.actions_removed.is_empty()
    }
}

/// Everything that changed from one edition to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionChanges {
    /// One per platform of the later edition, in its order; `None` for a
    /// platform the earlier edition did not assess (added).
    pub platforms: Vec<Option<PlatformChange>>,
    /// Indices in the earlier edition of the platforms the later one dropped.
    pub dropped: Vec<usize>,
    pub framework: FrameworkChanges,
}

/// An edition compared with the one before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Since {
    /// The index of the earlier edition in the dataset.
    pub previous: usize,
    pub changes: EditionChanges,
}

/// One change, for a list ordered largest first. Platform indices are those
/// of the later edition (`platform`) and of the earlier one (`previous`).
#[derive(Debug, Clone, PartialEq)]
pub enum Change<'a> {
    Total {
        platform: usize,
        previous: usize,
        delta: Delta,
    },
    Action {
        platform: usize,
        previous: usize,
        change: &'a ActionChange,
    },
    Rating {
        platform: usize,
        previous: usize,
        change: &'a RatingChange,
    },
    PlatformAdded {
        platform: usize,
    },
    PlatformDropped {
        previous: usize,
    },
    IndicatorAdded(IndicatorId),
    IndicatorRemoved(IndicatorId),
    IndicatorReworded(IndicatorId),
    ActionAdded(u32),
    ActionRemoved(u32),
}

/// For each edition (oldest first), the edition it is compared with: the
/// nearest earlier published one. A draft is never the baseline, so that a
/// draft preview cannot change what a published edition says.
pub fn previous_editions(editions: &[Edition]) -> Vec<Option<usize>> {
    let mut last_published = None;
    editions
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let previous = last_published;
            if e.meta.status == Status::Published {
                last_published = Some(i);
            }
            previous
        })
        .collect()
}

/// Every edition compared with its previous one (see [`previous_editions`]).
pub fn history(editions: &[Edition], scores: &[EditionScores]) -> Vec<Option<Since>> {
    previous_editions(editions)
        .into_iter()
        .enumerate()
        .map(|(i, previous)| {
            previous.map(|p| Since {
                previous: p,
                changes: compare(&editions[p], &scores[p], &editions[i], &scores[i]),
            })
        })
        .collect()
}

/// The indicator ids of each action number of an edition's framework.
fn indicator_sets(edition: &Edition) -> BTreeMap<u32, BTreeSet<IndicatorId>> {
    edition
        .framework
        .actions
        .iter()
        .map(|a| {
            (
                a.number.value,
                a.indicators.iter().map(|i| i.id.value).collect(),
            )
        })
        .collect()
}

/// What the later framework added, removed or reworded.
pub fn framework_changes(old: &Edition, new: &Edition) -> FrameworkChanges {
    let indicators = |e: &Edition| -> BTreeMap<IndicatorId, (String, String)> {
        e.framework
            .indicators()
            .map(|(_, i)| {
                (
                    i.id.value,
                    (
                        i.title.value.in_default().to_owned(),
                        i.question.value.in_default().to_owned(),
                    ),
                )
            })
            .collect()
    };
    let (before, after) = (indicators(old), indicators(new));
    let (old_actions, new_actions) = (indicator_sets(old), indicator_sets(new));
    FrameworkChanges {
        indicators_added: after
            .keys()
            .filter(|id| !before.contains_key(id))
            .copied()
            .collect(),
        indicators_removed: before
            .keys()
            .filter(|id| !after.contains_key(id))
            .copied()
            .collect(),
        indicators_reworded: after
            .iter()
            .filter(|(id, text)| before.get(id).is_some_and(|old| old != *text))
            .map(|(id, _)| *id)
            .collect(),
        actions_added: new_actions
            .keys()
            .filter(|n| !old_actions.contains_key(n))
            .copied()
            .collect(),
        actions_removed: old_actions
            .keys()
            .filter(|n| !new_actions.contains_key(n))
            .copied()
            .collect(),
    }
}

/// Compares an earlier edition (`old`) with a later one (`new`).
pub fn compare(
    old: &Edition,
    old_scores: &EditionScores,
    new: &Edition,
    new_scores: &EditionScores,
) -> EditionChanges {
    let old_index: BTreeMap<&str, usize> = old
        .platforms
        .iter()
        .enumerate()
        .map(|(i, p)| (p.slug.as_str(), i))
        .collect();
    let old_sets = indicator_sets(old);
    let new_sets = indicator_sets(new);
    let platforms = new
        .platforms
        .iter()
        .zip(&new_scores.platforms)
        .map(|(evidence, score)| {
            let &previous = old_index.get(evidence.slug.as_str())?;
            let (old_evidence, old_score) =
                (&old.platforms[previous], &old_scores.platforms[previous]);
            let actions = new
                .framework
                .actions
                .iter()
                .zip(&score.actions)
                .filter_map(|(action, now)| {
                    let number = action.number.value;
                    let before = old
                        .framework
                        .actions
                        .iter()
                        .position(|a| a.number.value == number)?;
                    Some(ActionChange {
                        number,
                        score: Delta::new(old_score.actions[before].score, now.score),
                        same_indicators: old_sets.get(&number) == new_sets.get(&number),
                    })
                })
                .collect();
            let ratings = new
                .framework
                .indicators()
                .filter(|(_, i)| {
                    old.framework
                        .indicators()
                        .any(|(_, o)| o.id.value == i.id.value)
                })
                .filter_map(|(_, indicator)| {
                    let id = indicator.id.value;
                    let before = old_evidence.ratings.get(&id).map(|r| &r.rating);
                    let after = evidence.ratings.get(&id).map(|r| &r.rating);
                    (before != after).then(|| RatingChange {
                        indicator: id,
                        before: before.cloned(),
                        after: after.cloned(),
                        points: Delta::new(
                            before.and_then(|r| rating_points(&old.framework, r)),
                            after.and_then(|r| rating_points(&new.framework, r)),
                        ),
                    })
                })
                .collect();
            Some(PlatformChange {
                previous,
                total: Delta::new(old_score.total, score.total),
                actions,
                ratings,
            })
        })
        .collect();
    let kept: BTreeSet<&str> = new.platforms.iter().map(|p| p.slug.as_str()).collect();
    let dropped = old
        .platforms
        .iter()
        .enumerate()
        .filter(|(_, p)| !kept.contains(p.slug.as_str()))
        .map(|(i, _)| i)
        .collect();
    EditionChanges {
        platforms,
        dropped,
        framework: framework_changes(old, new),
    }
}

impl EditionChanges {
    /// The platforms of the later edition that the earlier one did not assess.
    pub fn added(&self) -> impl Iterator<Item = usize> + '_ {
        self.platforms
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(i, _)| i)
    }

    /// Every change, largest first: totals, then action scores, then ratings
    /// (each by the size of the change, then platform and position), then
    /// platforms added and dropped, then the framework's revision. Unchanged
    /// figures are left out.
    pub fn ordered(&self) -> Vec<Change<'_>> {
        let matched = || {
            self.platforms
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
        };
        let mut totals: Vec<(usize, &PlatformChange)> =
            matched().filter(|(_, p)| p.total.changed()).collect();
        totals.sort_by(|(a, pa), (b, pb)| by_size(&pa.total, &pb.total).then(a.cmp(b)));
        let mut actions: Vec<(usize, usize, &ActionChange)> = matched()
            .flat_map(|(i, p)| p.actions.iter().map(move |a| (i, p.previous, a)))
            .filter(|(_, _, a)| a.score.changed())
            .collect();
        actions.sort_by(|(a, _, ca), (b, _, cb)| {
            by_size(&ca.score, &cb.score)
                .then(a.cmp(b))
                .then(ca.number.cmp(&cb.number))
        });
        let mut ratings: Vec<(usize, usize, &RatingChange)> = matched()
            .flat_map(|(i, p)| p.ratings.iter().map(move |r| (i, p.previous, r)))
            .collect();
        ratings.sort_by(|(a, _, ra), (b, _, rb)| {
            by_size(&ra.points, &rb.points)
                .then(a.cmp(b))
                .then(ra.indicator.cmp(&rb.indicator))
        });

        let mut out: Vec<Change> = Vec::new();
        out.extend(totals.into_iter().map(|(platform, p)| Change::Total {
            platform,
            previous: p.previous,
            delta: p.total,
        }));
        out.extend(
            actions
                .into_iter()
                .map(|(platform, previous, change)| Change::Action {
                    platform,
                    previous,
                    change,
                }),
        );
        out.extend(
            ratings
                .into_iter()
                .map(|(platform, previous, change)| Change::Rating {
                    platform,
                    previous,
                    change,
                }),
        );
        out.extend(
            self.added()
                .map(|platform| Change::PlatformAdded { platform }),
        );
        out.extend(
            self.dropped
                .iter()
                .map(|&previous| Change::PlatformDropped { previous }),
        );
        out.extend(self.framework_changes());
        out
    }

    /// What the framework's revision changed, in the order of [`ordered`](Self::ordered).
    pub fn framework_changes(&self) -> Vec<Change<'_>> {
        let mut out: Vec<Change> = Vec::new();
        let f = &self.framework;
        out.extend(f.actions_added.iter().map(|&n| Change::ActionAdded(n)));
        out.extend(f.actions_removed.iter().map(|&n| Change::ActionRemoved(n)));
        out.extend(
            f.indicators_added
                .iter()
                .map(|&i| Change::IndicatorAdded(i)),
        );
        out.extend(
            f.indicators_removed
                .iter()
                .map(|&i| Change::IndicatorRemoved(i)),
        );
        out.extend(
            f.indicators_reworded
                .iter()
                .map(|&i| Change::IndicatorReworded(i)),
        );
        out
    }
}

fn by_size(a: &Delta, b: &Delta) -> std::cmp::Ordering {
    let (ka, kb) = (a.order(), b.order());
    ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;

    /// `tests/fixtures/editions/pair`: two editions worked out by hand in the
    /// comments of their findings files.
    fn pair() -> Dataset {
        let data =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions/pair");
        let checked = crate::check(&data, crate::validate::Options::default()).unwrap();
        checked.dataset.expect("the pair fixture is valid")
    }

    fn id(s: &str) -> IndicatorId {
        IndicatorId::parse(s).unwrap()
    }

    fn rating(s: &str) -> Option<RatingId> {
        Some(RatingId::parse(s).unwrap())
    }

    fn close(delta: Delta, before: Option<f64>, after: Option<f64>) -> bool {
        let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            (a, b) => a == b,
        };
        near(delta.before, before) && near(delta.after, after)
    }

    fn changes() -> (Dataset, EditionChanges) {
        let data = pair();
        let scores: Vec<_> = data
            .editions
            .iter()
            .map(super::super::score_edition)
            .collect();
        let changes = compare(&data.editions[0], &scores[0], &data.editions[1], &scores[1]);
        (data, changes)
    }

    #[test]
    fn deltas_have_a_direction() {
        assert_eq!(
            Delta::new(Some(50.0), Some(62.5)).direction(),
            Direction::Up
        );
        assert_eq!(Delta::new(Some(50.0), Some(45.0)).change(), Some(-5.0));
        assert_eq!(
            Delta::new(Some(50.0), Some(45.0)).direction(),
            Direction::Down
        );
        assert_eq!(
            Delta::new(Some(0.3), Some(0.1 + 0.2)).direction(),
            Direction::Same
        );
        assert_eq!(Delta::new(None, None).direction(), Direction::Same);
        assert_eq!(Delta::new(None, Some(0.0)).direction(), Direction::Gained);
        assert_eq!(Delta::new(Some(0.0), None).direction(), Direction::Lost);
        assert_eq!(Delta::new(None, Some(1.0)).change(), None);
    }

    #[test]
    fn totals_and_actions_of_the_hand_made_pair() {
        let (_, changes) = changes();
        // 2026 platforms in slug order: ex-a, ex-b, ex-new.
        let a = changes.platforms[0].as_ref().expect("ex-a is in both");
        assert_eq!(a.previous, 0);
        // 37.5 → (250 / 3 + 75) / 2.
        assert!(close(a.total, Some(37.5), Some((250.0 / 3.0 + 75.0) / 2.0)));
        assert_eq!(a.actions.len(), 2);
        assert!(close(a.actions[0].score, Some(75.0), Some(250.0 / 3.0)));
        assert!(close(a.actions[1].score, Some(0.0), Some(75.0)));
        // 1.3 was added to action 1 and 2.2 became 2.3 in action 2.
        assert!(!a.actions[0].same_indicators && !a.actions[1].same_indicators);

        let b = changes.platforms[1].as_ref().expect("ex-b is in both");
        assert_eq!(b.total, Delta::new(Some(75.0), Some(75.0)));
        assert_eq!(b.total.direction(), Direction::Same);
        assert_eq!(b.actions[0].score, Delta::new(Some(75.0), Some(50.0)));
        // Nothing scored on action 2 in 2025 (2.1 unassessed, 2.2 not applicable).
        assert_eq!(b.actions[1].score, Delta::new(None, Some(100.0)));
        assert_eq!(b.actions[1].score.direction(), Direction::Gained);

        assert_eq!(changes.platforms[2], None, "ex-new is new");
        assert_eq!(changes.added().collect::<Vec<_>>(), [2]);
        assert_eq!(changes.dropped, [2], "ex-gone, third in 2025");
    }

    #[test]
    fn ratings_are_matched_by_indicator_id() {
        let (_, changes) = changes();
        let a = changes.platforms[0].as_ref().unwrap();
        assert_eq!(
            a.ratings,
            [
                RatingChange {
                    indicator: id("1.2"),
                    before: rating("partial"),
                    after: rating("full"),
                    points: Delta::new(Some(50.0), Some(100.0)),
                },
                RatingChange {
                    indicator: id("2.1"),
                    before: rating("none"),
                    after: rating("partial"),
                    points: Delta::new(Some(0.0), Some(50.0)),
                },
            ]
        );
        let b = changes.platforms[1].as_ref().unwrap();
        assert_eq!(
            b.ratings,
            [RatingChange {
                indicator: id("2.1"),
                before: None,
                after: rating("full"),
                points: Delta::new(None, Some(100.0)),
            }]
        );
    }

    #[test]
    fn a_renumbered_indicator_is_reported_not_compared() {
        let (_, changes) = changes();
        // "Notice" is 2.2 in 2025 and 2.3 in 2026: unmatched, so listed on
        // both sides; ex-a's no_evidence → full on it is no rating change.
        assert_eq!(
            changes.framework,
            FrameworkChanges {
                indicators_added: vec![id("1.3"), id("2.3")],
                indicators_removed: vec![id("2.2")],
                indicators_reworded: vec![id("1.2")],
                actions_added: vec![],
                actions_removed: vec![],
            }
        );
        for p in changes.platforms.iter().flatten() {
            assert!(p
                .ratings
                .iter()
                .all(|r| ![id("1.3"), id("2.2"), id("2.3")].contains(&r.indicator)));
        }
    }

    #[test]
    fn changes_are_ordered_largest_first() {
        let (_, changes) = changes();
        let summary: Vec<String> = changes
            .ordered()
            .iter()
            .map(|c| match c {
                Change::Total {
                    platform, delta, ..
                } => {
                    format!("total {platform} {:.2}", delta.change().unwrap())
                }
                Change::Action {
                    platform, change, ..
                } => format!(
                    "action {platform} {} {:?}",
                    change.number,
                    change.score.change()
                ),
                Change::Rating {
                    platform, change, ..
                } => format!("rating {platform} {}", change.indicator),
                Change::PlatformAdded { platform } => format!("added {platform}"),
                Change::PlatformDropped { previous } => format!("dropped {previous}"),
                Change::IndicatorAdded(i) => format!("+{i}"),
                Change::IndicatorRemoved(i) => format!("-{i}"),
                Change::IndicatorReworded(i) => format!("~{i}"),
                Change::ActionAdded(n) => format!("+action {n}"),
                Change::ActionRemoved(n) => format!("-action {n}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                // ex-b's total is unchanged, so only ex-a's is listed.
                "total 0 41.67",
                "action 0 2 Some(75.0)",
                "action 1 1 Some(-25.0)",
                &format!("action 0 1 Some({:?})", 250.0 / 3.0 - 75.0),
                // n/a → 100 has no size: after every numeric change.
                "action 1 2 None",
                // Two +50s: by platform, then indicator; then the gain from "not assessed".
                "rating 0 1.2",
                "rating 0 2.1",
                "rating 1 2.1",
                "added 2",
                "dropped 2",
                "+1.3",
                "+2.3",
                "-2.2",
                "~1.2",
            ]
        );
    }

    #[test]
    fn drafts_are_never_the_baseline() {
        let mut data = pair();
        assert_eq!(previous_editions(&data.editions), [None, Some(0)]);
        data.editions[0].meta.status = Status::Draft;
        assert_eq!(previous_editions(&data.editions), [None, None]);
    }
}
