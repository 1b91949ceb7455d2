//! What changed between two editions, for reading: the changes computed by
//! [`crate::score::changes`], resolved to names, titles and labels and listed
//! largest first. `scorecard diff` writes this report as a terminal table, CSV
//! or JSON; the site's changes page shows the same lists.

use std::fmt::Write as _;

use serde::Serialize;

use crate::ids::{IndicatorId, RatingId, Slug};
use crate::model::{Edition, Framework, Text};
use crate::render::format;
use crate::score::changes::{Change, Delta, Direction, EditionChanges};

/// How `scorecard diff` prints the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Tables for reading on a terminal.
    Human,
    /// One row per change.
    Csv,
    /// The whole report as one JSON object.
    Json,
}

/// The changes from one edition to another, each list largest first.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub from: EditionRef,
    pub to: EditionRef,
    pub totals: Vec<ScoreRow>,
    pub actions: Vec<ScoreRow>,
    pub ratings: Vec<RatingRow>,
    pub platforms_added: Vec<PlatformRef>,
    pub platforms_dropped: Vec<PlatformRef>,
    /// What the framework's revision changed: listed, never compared.
    pub framework: Vec<FrameworkRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EditionRef {
    pub label: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlatformRef {
    pub slug: Slug,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRef {
    pub number: u32,
    pub slug: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRef {
    pub id: IndicatorId,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RatingRef {
    pub id: RatingId,
    pub label: String,
    /// `None` for a rating excluded from the scores.
    pub points: Option<f64>,
}

/// A total (no `action`) or an action score that changed.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub platform: PlatformRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionRef>,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// `after - before`, unrounded; `None` when either is "n/a".
    pub change: Option<f64>,
    pub direction: Direction,
    /// Actions only: false when the revision added or removed indicators of
    /// the action, so that the two scores are not strictly comparable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_indicators: Option<bool>,
}

/// A rating that changed; `None` is "not assessed".
#[derive(Debug, Clone, Serialize)]
pub struct RatingRow {
    pub platform: PlatformRef,
    pub indicator: IndicatorRef,
    pub before: Option<RatingRef>,
    pub after: Option<RatingRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkChangeKind {
    ActionAdded,
    ActionRemoved,
    IndicatorAdded,
    IndicatorRemoved,
    /// Same id, another title or question: still compared by id.
    IndicatorReworded,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkRow {
    pub change: FrameworkChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<IndicatorRef>,
    /// For a reworded indicator: its title in the earlier edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_title: Option<String>,
}

/// Which text of a translated field a report shows.
type Pick<'p> = &'p dyn Fn(&Text) -> String;

fn edition_ref(e: &Edition, pick: Pick) -> EditionRef {
    EditionRef {
        label: e.label.to_string(),
        title: pick(&e.meta.title.value),
    }
}

fn platform_ref(e: &Edition, index: usize) -> PlatformRef {
    let p = &e.platforms[index];
    PlatformRef {
        slug: p.slug.clone(),
        name: p.platform.name.value.clone(),
    }
}

fn action_ref(f: &Framework, number: u32, pick: Pick) -> Option<ActionRef> {
    let a = f.actions.iter().find(|a| a.number.value == number)?;
    Some(ActionRef {
        number,
        slug: a.slug.value.to_string(),
        title: pick(&a.title.value),
    })
}

fn indicator_ref(f: &Framework, id: IndicatorId, pick: Pick) -> IndicatorRef {
    let title = f
        .indicators()
        .find(|(_, i)| i.id.value == id)
        .map(|(_, i)| pick(&i.title.value))
        .unwrap_or_default();
    IndicatorRef { id, title }
}

fn rating_ref(f: &Framework, id: &Option<RatingId>, pick: Pick) -> Option<RatingRef> {
    let r = f.rating(id.as_ref()?)?;
    Some(RatingRef {
        id: r.id.value.clone(),
        label: pick(&r.label.value),
        points: r.points.as_ref().map(|p| f64::from(p.value)),
    })
}

fn score_row(platform: PlatformRef, action: Option<ActionRef>, delta: Delta) -> ScoreRow {
    ScoreRow {
        platform,
        action,
        before: delta.before,
        after: delta.after,
        change: delta.change(),
        direction: delta.direction(),
        same_indicators: None,
    }
}

/// Resolves the changes from `old` to `new` for reading, in the default language.
pub fn report(old: &Edition, new: &Edition, changes: &EditionChanges) -> Report {
    report_in(old, new, changes, &|t| t.in_default().to_owned())
}

/// [`report`] with the texts that `pick` chooses (a page's language).
pub fn report_in(old: &Edition, new: &Edition, changes: &EditionChanges, pick: Pick) -> Report {
    report_of(old, new, changes.ordered(), pick)
}

/// The framework part of [`report_in`] alone, without going through every
/// platform's changes.
pub fn framework_in(
    old: &Edition,
    new: &Edition,
    changes: &EditionChanges,
    pick: Pick,
) -> Vec<FrameworkRow> {
    report_of(old, new, changes.framework_changes(), pick).framework
}

fn report_of(old: &Edition, new: &Edition, changes: Vec<Change>, pick: Pick) -> Report {
    let mut r = Report {
        from: edition_ref(old, pick),
        to: edition_ref(new, pick),
        totals: Vec::new(),
        actions: Vec::new(),
        ratings: Vec::new(),
        platforms_added: Vec::new(),
        platforms_dropped: Vec::new(),
        framework: Vec::new(),
    };
    let (fo, fnew) = (&old.framework, &new.framework);
    for change in changes {
        match change {
            Change::Total {
                platform, delta, ..
            } => r
                .totals
                .push(score_row(platform_ref(new, platform), None, delta)),
            Change::Action {
                platform, change, ..
            } => r.actions.push(ScoreRow {
                same_indicators: Some(change.same_indicators),
                ..score_row(
                    platform_ref(new, platform),
                    action_ref(fnew, change.number, pick),
                    change.score,
                )
            }),
            Change::Rating {
                platform, change, ..
            } => r.ratings.push(RatingRow {
                platform: platform_ref(new, platform),
                indicator: indicator_ref(fnew, change.indicator, pick),
                before: rating_ref(fo, &change.before, pick),
                after: rating_ref(fnew, &change.after, pick),
            }),
            Change::PlatformAdded { platform } => {
                r.platforms_added.push(platform_ref(new, platform))
            }
            Change::PlatformDropped { previous } => {
                r.platforms_dropped.push(platform_ref(old, previous))
            }
            Change::ActionAdded(n) => r.framework.push(FrameworkRow {
                change: FrameworkChangeKind::ActionAdded,
                action: action_ref(fnew, n, pick),
                indicator: None,
                previous_title: None,
            }),
            Change::ActionRemoved(n) => r.framework.push(FrameworkRow {
                change: FrameworkChangeKind::ActionRemoved,
                action: action_ref(fo, n, pick),
                indicator: None,
                previous_title: None,
            }),
            Change::IndicatorAdded(id) => r.framework.push(FrameworkRow {
                change: FrameworkChangeKind::IndicatorAdded,
                action: None,
                indicator: Some(indicator_ref(fnew, id, pick)),
                previous_title: None,
            }),
            Change::IndicatorRemoved(id) => r.framework.push(FrameworkRow {
                change: FrameworkChangeKind::IndicatorRemoved,
                action: None,
                indicator: Some(indicator_ref(fo, id, pick)),
                previous_title: None,
            }),
            Change::IndicatorReworded(id) => r.framework.push(FrameworkRow {
                change: FrameworkChangeKind::IndicatorReworded,
                action: None,
                indicator: Some(indicator_ref(fnew, id, pick)),
                previous_title: Some(indicator_ref(fo, id, pick).title),
            }),
        }
    }
    r
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
            && self.actions.is_empty()
            && self.ratings.is_empty()
            && self.platforms_added.is_empty()
            && self.platforms_dropped.is_empty()
            && self.framework.is_empty()
    }
}

impl FrameworkRow {
    /// What happened, in words: "added", "removed", "reworded".
    pub fn verb(&self) -> &'static str {
        match self.change {
            FrameworkChangeKind::ActionAdded | FrameworkChangeKind::IndicatorAdded => "added",
            FrameworkChangeKind::ActionRemoved | FrameworkChangeKind::IndicatorRemoved => "removed",
            FrameworkChangeKind::IndicatorReworded => "reworded",
        }
    }

    /// "indicator 6.4 Crisis protocols" or "action 11 …".
    pub fn subject(&self) -> String {
        match (&self.action, &self.indicator) {
            (Some(a), _) => format!("action {} {}", a.number, a.title),
            (None, Some(i)) => format!("indicator {} {}", i.id, i.title),
            (None, None) => String::new(),
        }
    }
}

fn delta_of(row: &ScoreRow) -> Delta {
    Delta::new(row.before, row.after)
}

fn rating_label(r: &Option<RatingRef>) -> &str {
    r.as_ref().map_or("not assessed", |r| r.label.as_str())
}

/// Left-aligns `cells` in columns two spaces apart (widths in characters).
fn table(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::from(" ");
        for (cell, width) in row.iter().zip(&widths) {
            let _ = write!(line, " {cell:<width$} ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// The report as tables for a terminal.
pub fn to_human(r: &Report) -> String {
    let mut out = format!(
        "Changes from {} ({}) to {} ({})\n",
        r.from.label, r.from.title, r.to.label, r.to.title
    );
    if r.is_empty() {
        out.push_str("\nNo changes.\n");
        return out;
    }
    let section = |out: &mut String, title: &str, rows: Vec<Vec<String>>| {
        if !rows.is_empty() {
            let _ = writeln!(out, "\n{title} ({})", rows.len());
            table(out, &rows);
        }
    };
    let (from, to) = (&r.from.label, &r.to.label);
    section(
        &mut out,
        "Totals",
        r.totals
            .iter()
            .map(|t| {
                vec![
                    t.platform.name.clone(),
                    format!("{from} {}", format::score(t.before)),
                    format!("{to} {}", format::score(t.after)),
                    format::change(&delta_of(t)),
                ]
            })
            .collect(),
    );
    section(
        &mut out,
        "Action scores",
        r.actions
            .iter()
            .map(|a| {
                let action = a.action.as_ref();
                vec![
                    a.platform.name.clone(),
                    action.map_or_else(String::new, |a| format!("action {}", a.number)),
                    format!("{from} {}", format::score(a.before)),
                    format!("{to} {}", format::score(a.after)),
                    format::change(&delta_of(a)),
                    if a.same_indicators == Some(false) {
                        "indicators revised".into()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
    );
    section(
        &mut out,
        "Ratings",
        r.ratings
            .iter()
            .map(|x| {
                vec![
                    x.platform.name.clone(),
                    x.indicator.id.to_string(),
                    x.indicator.title.clone(),
                    format!(
                        "was {}, now {}",
                        rating_label(&x.before),
                        rating_label(&x.after)
                    ),
                ]
            })
            .collect(),
    );
    section(
        &mut out,
        &format!("New in {to}"),
        r.platforms_added
            .iter()
            .map(|p| vec![p.name.clone(), p.slug.to_string()])
            .collect(),
    );
    section(
        &mut out,
        &format!("Assessed in {from}, not in {to}"),
        r.platforms_dropped
            .iter()
            .map(|p| vec![p.name.clone(), p.slug.to_string()])
            .collect(),
    );
    section(
        &mut out,
        "Framework revision, listed and not compared",
        r.framework
            .iter()
            .map(|f| {
                let mut subject = f.subject();
                if let Some(was) = &f.previous_title {
                    let _ = write!(subject, " (was “{was}”)");
                }
                vec![f.verb().to_owned(), subject]
            })
            .collect(),
    );
    out
}

pub const CSV_HEADER: [&str; 10] = [
    "from",
    "to",
    "kind",
    "platform",
    "platform_name",
    "action",
    "indicator",
    "before",
    "after",
    "change",
];

/// Full precision, as in the downloads.
fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The report as CSV: one row per change, in the report's order.
pub fn to_csv(r: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    let (from, to) = (r.from.label.as_str(), r.to.label.as_str());
    let mut row = |kind: &str,
                   platform: Option<&PlatformRef>,
                   action: Option<u32>,
                   indicator: Option<IndicatorId>,
                   before: String,
                   after: String,
                   change: String| {
        w.write_record([
            from,
            to,
            kind,
            platform.map_or("", |p| p.slug.as_str()),
            platform.map_or("", |p| p.name.as_str()),
            &action.map(|n| n.to_string()).unwrap_or_default(),
            &indicator.map(|i| i.to_string()).unwrap_or_default(),
            &before,
            &after,
            &change,
        ])
    };
    for t in &r.totals {
        row(
            "total",
            Some(&t.platform),
            None,
            None,
            number(t.before),
            number(t.after),
            number(t.change),
        )?;
    }
    for a in &r.actions {
        row(
            "action",
            Some(&a.platform),
            a.action.as_ref().map(|a| a.number),
            None,
            number(a.before),
            number(a.after),
            number(a.change),
        )?;
    }
    for x in &r.ratings {
        let id = |r: &Option<RatingRef>| r.as_ref().map(|r| r.id.to_string()).unwrap_or_default();
        let points = Delta::new(
            x.before.as_ref().and_then(|r| r.points),
            x.after.as_ref().and_then(|r| r.points),
        );
        row(
            "rating",
            Some(&x.platform),
            Some(x.indicator.id.action),
            Some(x.indicator.id),
            id(&x.before),
            id(&x.after),
            number(points.change()),
        )?;
    }
    for p in &r.platforms_added {
        row(
            "platform_added",
            Some(p),
            None,
            None,
            "".into(),
            "".into(),
            "".into(),
        )?;
    }
    for p in &r.platforms_dropped {
        row(
            "platform_dropped",
            Some(p),
            None,
            None,
            "".into(),
            "".into(),
            "".into(),
        )?;
    }
    for f in &r.framework {
        let kind = serde_json::to_value(f.change)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let (before, after) = match &f.previous_title {
            Some(was) => (
                was.clone(),
                f.indicator
                    .as_ref()
                    .map(|i| i.title.clone())
                    .unwrap_or_default(),
            ),
            None => (String::new(), String::new()),
        };
        row(
            &kind,
            None,
            f.action
                .as_ref()
                .map(|a| a.number)
                .or(f.indicator.as_ref().map(|i| i.id.action)),
            f.indicator.as_ref().map(|i| i.id),
            before,
            after,
            String::new(),
        )?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The report as pretty-printed JSON.
pub fn to_json(r: &Report) -> serde_json::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(r)?;
    out.push(b'\n');
    Ok(out)
}
