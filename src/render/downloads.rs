//! The data downloads of an edition: `scores.csv` (one row per platform ×
//! indicator, enough to recompute every score) and `scorecard.json` (the
//! whole edition with its scores), each carrying the previous edition's
//! figures beside the current ones.

use std::io;

use serde::Serialize;

use super::pieces::{pretty_item, ArrayFile, Layout, Piece};

use crate::evidence::Findings;
use crate::model::{Edition, EditionMeta, Framework, Platform, PlatformEvidence, Settings};
use crate::score::changes::EditionChanges;
use crate::score::{rating_points, EditionScores, PlatformScore};

/// The edition an edition is compared with, and the changes between them.
pub struct Previous<'a> {
    pub edition: &'a Edition,
    pub scores: &'a EditionScores,
    pub changes: &'a EditionChanges,
}

impl<'a> Previous<'a> {
    /// The evidence and scores in the previous edition of platform `index` of
    /// the current one, if it was assessed there.
    fn platform(&self, index: usize) -> Option<(&'a PlatformEvidence, &'a PlatformScore)> {
        let previous = self.changes.platforms.get(index)?.as_ref()?.previous;
        Some((
            &self.edition.platforms[previous],
            &self.scores.platforms[previous],
        ))
    }

    /// The score in the previous edition of the action numbered `number`.
    fn action_score(&self, score: &PlatformScore, number: u32) -> Option<f64> {
        let a = self
            .edition
            .framework
            .actions
            .iter()
            .position(|a| a.number.value == number)?;
        score.actions[a].score
    }
}

/// Full precision in the downloads: rounding is for display only.
fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A text cell from the data, made safe to open in a spreadsheet: a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a
/// formula (CSV injection), so it gets a leading `'`, which spreadsheets
/// show as a text marker. Only free text needs this: the other columns are
/// numbers, slugs and ids that cannot start with those characters.
pub fn csv_text(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The columns of `scores.csv`. Later versions only add columns at the end.
/// The `previous_*` columns hold the previous edition's figures for the same
/// platform, indicator id and action number, empty where there are none.
pub const CSV_HEADER: [&str; 17] = [
    "edition",
    "platform",
    "action",
    "indicator",
    "rating",
    "points",
    "action_score",
    "total",
    "source_count",
    "platform_name",
    "action_weight",
    "rank",
    "previous_edition",
    "previous_rating",
    "previous_points",
    "previous_action_score",
    "previous_total",
];

pub fn scores_csv(
    edition: &Edition,
    scores: &EditionScores,
    previous: Option<&Previous>,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for (p, (evidence, score)) in edition.platforms.iter().zip(&scores.platforms).enumerate() {
        let before = previous.and_then(|prev| Some((prev, prev.platform(p)?)));
        for (action, action_score) in edition.framework.actions.iter().zip(&score.actions) {
            for indicator in &action.indicators {
                let rated = evidence.ratings.get(&indicator.id.value);
                let points = rated.and_then(|r| rating_points(&edition.framework, &r.rating));
                let previous_rated =
                    before.and_then(|(_, (old, _))| old.ratings.get(&indicator.id.value));
                let previous_points = before
                    .zip(previous_rated)
                    .and_then(|((prev, _), r)| rating_points(&prev.edition.framework, &r.rating));
                w.write_record([
                    edition.label.as_str(),
                    evidence.slug.as_str(),
                    &action.number.value.to_string(),
                    &indicator.id.value.to_string(),
                    rated.map_or("", |r| r.rating.as_str()),
                    &number(points),
                    &number(action_score.score),
                    &number(score.total),
                    &rated.map_or(0, |r| r.sources).to_string(),
                    &csv_text(&evidence.platform.name.value),
                    &action.weight.value.to_string(),
                    &score.rank.map(|r| r.to_string()).unwrap_or_default(),
                    before.map_or("", |(prev, _)| prev.edition.label.as_str()),
                    previous_rated.map_or("", |r| r.rating.as_str()),
                    &number(previous_points),
                    &number(
                        before.and_then(|(prev, (_, old))| {
                            prev.action_score(old, action.number.value)
                        }),
                    ),
                    &number(before.and_then(|(_, (_, old))| old.total)),
                ])?;
            }
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[derive(Serialize)]
struct EditionJson<'a> {
    scorecard: SiteJson<'a>,
    edition: &'a EditionMeta,
    framework: &'a Framework,
    /// Empty here: filled with each platform's piece, made apart.
    platforms: &'static [()],
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a crate::model::Text,
    publisher: &'a crate::model::Text,
    license: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PlatformJson<'a> {
    slug: &'a str,
    #[serde(flatten)]
    platform: &'a Platform,
    scores: &'a PlatformScore,
    findings: Vec<&'a crate::model::Finding>,
    /// The platform in the previous edition, when it was assessed there.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<PreviousJson<'a>>,
}

#[derive(Serialize)]
struct PreviousJson<'a> {
    edition: &'a str,
    total: Option<f64>,
    rank: Option<usize>,
    /// By action number of the previous edition's framework.
    actions: Vec<PreviousAction>,
}

#[derive(Serialize)]
struct PreviousAction {
    number: u32,
    score: Option<f64>,
}

/// `scorecard.json` of edition `index`, to be written a platform at a time
/// (see [`write_arrays`](super::pieces::write_arrays)).
pub fn scorecard_json<'a>(
    settings: &Settings,
    base_url: &str,
    (index, edition): (usize, &'a Edition),
    scores: &'a EditionScores,
    previous: Option<Previous<'a>>,
) -> io::Result<ArrayFile<'a>> {
    let doc = EditionJson {
        scorecard: SiteJson {
            title: &settings.title.value,
            publisher: &settings.publisher.value,
            license: settings.license.value.as_str(),
            url: base_url.to_owned(),
        },
        edition: &edition.meta,
        framework: &edition.framework,
        platforms: &[],
    };
    Ok(ArrayFile {
        doc: serde_json::to_vec_pretty(&doc)?,
        layout: Layout::Pretty,
        piece: Box::new(move |platform| Piece::Json {
            edition: index,
            platform,
        }),
        make: Box::new(move |i, findings| {
            let (p, s) = (&edition.platforms[i], &scores.platforms[i]);
            Ok(pretty_item(&platform_json(
                i,
                p,
                findings,
                s,
                previous.as_ref(),
            ))?)
        }),
    })
}

fn platform_json<'a>(
    i: usize,
    p: &'a PlatformEvidence,
    findings: &'a Findings,
    scores: &'a PlatformScore,
    previous: Option<&Previous<'a>>,
) -> PlatformJson<'a> {
    PlatformJson {
        slug: p.slug.as_str(),
        platform: &p.platform,
        scores,
        findings: findings.values().map(AsRef::as_ref).collect(),
        previous: previous.and_then(|prev| {
            let (_, old) = prev.platform(i)?;
            Some(PreviousJson {
                edition: prev.edition.label.as_str(),
                total: old.total,
                rank: old.rank,
                actions: prev
                    .edition
                    .framework
                    .actions
                    .iter()
                    .zip(&old.actions)
                    .map(|(a, s)| PreviousAction {
                        number: a.number.value,
                        score: s.score,
                    })
                    .collect(),
            })
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    #[test]
    fn formula_cells_are_quoted_and_others_kept() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(csv_text(formula), format!("'{formula}"));
        }
        for plain in ["Example Social", "", "'quoted", " =1", "1-2", "a=b"] {
            assert_eq!(csv_text(plain), plain);
        }
    }
}
