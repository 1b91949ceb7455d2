//! The data downloads of an edition: `scores.csv` (one row per platform ×
//! indicator, enough to recompute every score) and `scorecard.json` (the
//! whole edition with its scores).

use serde::Serialize;

use crate::model::{Edition, EditionMeta, Framework, Platform, Settings};
use crate::score::{rating_points, EditionScores, PlatformScore};

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

pub const CSV_HEADER: [&str; 12] = [
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
];

pub fn scores_csv(edition: &Edition, scores: &EditionScores) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for (evidence, score) in edition.platforms.iter().zip(&scores.platforms) {
        for (action, action_score) in edition.framework.actions.iter().zip(&score.actions) {
            for indicator in &action.indicators {
                let finding = evidence.findings.get(&indicator.id.value);
                let points =
                    finding.and_then(|f| rating_points(&edition.framework, &f.rating.value));
                w.write_record([
                    edition.label.as_str(),
                    evidence.slug.as_str(),
                    &action.number.value.to_string(),
                    &indicator.id.value.to_string(),
                    finding.map_or("", |f| f.rating.value.as_str()),
                    &number(points),
                    &number(action_score.score),
                    &number(score.total),
                    &finding.map_or(0, |f| f.sources.len()).to_string(),
                    &csv_text(&evidence.platform.name.value),
                    &action.weight.value.to_string(),
                    &score.rank.map(|r| r.to_string()).unwrap_or_default(),
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
    platforms: Vec<PlatformJson<'a>>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    publisher: &'a str,
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
}

pub fn scorecard_json(
    settings: &Settings,
    base_url: &str,
    edition: &Edition,
    scores: &EditionScores,
) -> serde_json::Result<Vec<u8>> {
    let doc = EditionJson {
        scorecard: SiteJson {
            title: &settings.title.value,
            publisher: &settings.publisher.value,
            license: settings.license.value.as_str(),
            url: base_url.to_owned(),
        },
        edition: &edition.meta,
        framework: &edition.framework,
        platforms: edition
            .platforms
            .iter()
            .zip(&scores.platforms)
            .map(|(p, s)| PlatformJson {
                slug: p.slug.as_str(),
                platform: &p.platform,
                scores: s,
                findings: p.findings.values().collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&doc)?;
    out.push(b'\n');
    Ok(out)
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
