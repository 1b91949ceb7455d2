//! Page contexts: one small serialisable struct per kind of page, holding
//! exactly what the page shows, already computed, formatted and linked.
//! Templates only lay them out.

use serde::Serialize;

use crate::diff::{self, ScoreRow};
use crate::model::{Action, Dataset, Edition, PlatformEvidence, Source, Status};
use crate::score::changes::{Delta, Since};
use crate::score::{EditionScores, PlatformScore};

use super::format::{self, BANDS};
use super::markdown::{to_safe_html, Origin};
use super::urls::{self, EditionPaths, SitePath};
use super::{card, chart};

/// The dataset with its scores and the public base URL: what every context
/// is built from.
pub struct Site<'a> {
    pub dataset: &'a Dataset,
    pub scores: &'a [EditionScores],
    /// Per edition: the previous one and what changed since (see
    /// [`crate::score::changes::history`]).
    pub history: &'a [Option<Since>],
    pub base_url: String,
}

#[derive(Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// What every page shows around its content.
#[derive(Serialize)]
pub struct Chrome {
    pub lang: String,
    pub site_title: String,
    pub publisher: String,
    pub license: String,
    pub sample_data: bool,
    pub page_title: String,
    pub description: String,
    pub canonical: String,
    pub og_type: &'static str,
    pub stylesheet: String,
    pub home: String,
    pub nav: Vec<Link>,
    pub editions: Vec<Link>,
    /// Set on pages of an edition that is not the newest, or a draft.
    pub notice: Option<Notice>,
    /// The Atom feed of editions.
    pub feed: String,
    /// On a platform report: the same platform in every edition that assessed it.
    pub also_in: Option<AlsoIn>,
    /// The picture that link previews show (platform reports).
    pub og_image: Option<OgImage>,
    /// `citation_*` meta tags for reference managers (reports, methodology).
    pub citation: Option<CitationMeta>,
    /// schema.org JSON-LD, escaped for a `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
    /// The search page's script (the only page that has one).
    pub script: Option<String>,
}

/// An Open Graph image: absolute URL, size and a text alternative.
#[derive(Serialize)]
pub struct OgImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// What the `citation_*` meta tags say (Google Scholar, Zotero).
#[derive(Serialize)]
pub struct CitationMeta {
    pub title: String,
    /// The publisher: the coalition is the author.
    pub author: String,
    /// The edition's date, `YYYY/MM/DD`.
    pub date: String,
    pub publisher: String,
    /// The edition permalink of the page.
    pub public_url: String,
    pub language: String,
}

/// Links to the same page in other editions. It sits in the header, outside
/// `<main>`, because it names later editions: what an edition's `<main>` says
/// never changes when a new edition is added.
#[derive(Serialize)]
pub struct AlsoIn {
    pub label: String,
    pub links: Vec<Link>,
}

#[derive(Serialize)]
pub struct Notice {
    pub text: String,
    pub link: Option<Link>,
}

/// Which navigation entry a page belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Methodology,
    Changes,
    Search,
    Other,
}

/// The facts of an edition that its pages repeat.
#[derive(Serialize)]
pub struct EditionInfo {
    pub label: String,
    pub title: String,
    pub published: String,
    pub published_iso: String,
    pub permalink: String,
    pub draft: bool,
    pub csv: String,
    pub json: String,
}

struct PageFrame<'a> {
    path: &'a SitePath,
    canonical: &'a SitePath,
    title: String,
    description: String,
    section: Section,
    edition: Option<(usize, &'a EditionPaths)>,
}

fn chrome(site: &Site, frame: PageFrame) -> Chrome {
    let settings = &site.dataset.settings;
    let latest = site.dataset.latest_published();
    // Pages outside an edition (extra pages, 404) navigate within the root one.
    let nav_edition = frame.edition.map(|(i, p)| (i, p.clone())).or_else(|| {
        site.dataset
            .root_edition()
            .map(|i| (i, EditionPaths::root()))
    });
    let mut nav = Vec::new();
    if let Some((_, paths)) = &nav_edition {
        nav.push(Link {
            label: "Overview".into(),
            href: frame.path.href_to(&paths.overview()),
            current: frame.section == Section::Overview,
        });
        nav.push(Link {
            label: "Methodology".into(),
            href: frame.path.href_to(&paths.methodology()),
            current: frame.section == Section::Methodology,
        });
    }
    if let Some((i, paths)) = &nav_edition {
        if site.history[*i].is_some() {
            nav.push(Link {
                label: "Changes".into(),
                href: frame.path.href_to(&paths.changes()),
                current: frame.section == Section::Changes,
            });
        }
        nav.push(Link {
            label: "Search".into(),
            href: frame.path.href_to(&paths.search()),
            current: frame.section == Section::Search,
        });
    }
    for page in &site.dataset.pages {
        let target = urls::extra_page(&page.name);
        nav.push(Link {
            label: page.title.value.clone(),
            href: frame.path.href_to(&target),
            current: *frame.path == target,
        });
    }
    let current_edition = frame.edition.map(|(i, _)| i);
    let editions = site
        .dataset
        .editions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, e)| Link {
            label: if e.meta.status == Status::Draft {
                format!("{} (draft)", e.label)
            } else {
                e.label.to_string()
            },
            href: frame
                .path
                .href_to(&EditionPaths::permalink(&e.label).overview()),
            current: current_edition == Some(i),
        })
        .collect();
    let notice = frame.edition.and_then(|(i, _)| {
        let edition = &site.dataset.editions[i];
        if edition.meta.status == Status::Draft {
            return Some(Notice {
                text: format!("Draft: the {} edition is not published.", edition.label),
                link: None,
            });
        }
        let newer = latest.filter(|&l| l > i)?;
        let newer_label = &site.dataset.editions[newer].label;
        Some(Notice {
            text: format!(
                "You are reading the {} edition. A newer edition exists.",
                edition.label
            ),
            link: Some(Link {
                label: format!("Read the {newer_label} edition"),
                href: frame
                    .path
                    .href_to(&EditionPaths::permalink(newer_label).overview()),
                current: false,
            }),
        })
    });
    Chrome {
        lang: settings.language.as_str().to_owned(),
        site_title: settings.title.value.clone(),
        publisher: settings.publisher.value.clone(),
        license: settings.license.value.as_str().to_owned(),
        sample_data: settings.sample_data,
        page_title: frame.title,
        description: frame.description,
        canonical: frame.canonical.absolute(&site.base_url),
        og_type: "website",
        stylesheet: frame.path.href_to(&urls::stylesheet()),
        home: frame.path.href_to(&SitePath::root()),
        nav,
        editions,
        notice,
        feed: frame.path.href_to(&urls::feed()),
        also_in: None,
        og_image: None,
        citation: None,
        json_ld: None,
        script: None,
    }
}

fn edition_info(
    site: &Site,
    edition: &Edition,
    path: &SitePath,
    paths: &EditionPaths,
) -> EditionInfo {
    EditionInfo {
        label: edition.label.to_string(),
        title: edition.meta.title.value.clone(),
        published: format::date(edition.meta.published.value),
        published_iso: edition.meta.published.value.to_string(),
        permalink: EditionPaths::permalink(&edition.label)
            .overview()
            .absolute(&site.base_url),
        draft: edition.meta.status == Status::Draft,
        csv: path.href_to(&paths.scores_csv()),
        json: path.href_to(&paths.scorecard_json()),
    }
}

fn markdown(text: Option<&crate::source::Spanned<String>>) -> Option<String> {
    text.map(|t| to_safe_html(&t.value, Origin::Evidence))
}

/// A rank as shown: "1", "2 (tied)", or "–" when there is none.
#[derive(Serialize)]
pub struct Rank {
    pub text: String,
    pub tied: bool,
}

fn rank(rank: Option<usize>, all: impl Iterator<Item = Option<usize>>) -> Rank {
    match rank {
        Some(r) => {
            let tied = all.filter(|&o| o == Some(r)).count() > 1;
            Rank {
                text: r.to_string(),
                tied,
            }
        }
        None => Rank {
            text: "–".into(),
            tied: false,
        },
    }
}

#[derive(Serialize)]
pub struct ScoreCell {
    pub text: String,
    pub band: &'static str,
}

fn cell(value: Option<f64>) -> ScoreCell {
    ScoreCell {
        text: format::score(value),
        band: format::band(value),
    }
}

/// A change since the previous edition, as shown: the arrow and signed figure
/// for the eye, the same in words for screen readers, and a class.
#[derive(Serialize)]
pub struct ChangeCell {
    pub text: String,
    pub words: String,
    pub class: &'static str,
}

fn change_cell(delta: &Delta, since: &str) -> ChangeCell {
    ChangeCell {
        text: format::change(delta),
        words: format::change_words(delta, since),
        class: format::change_class(delta),
    }
}

/// The cell of a platform the previous edition did not assess.
fn new_cell(since: &str) -> ChangeCell {
    ChangeCell {
        text: "new".into(),
        words: format!("not assessed in {since}"),
        class: "change-new",
    }
}

/// The edition a page is compared with.
#[derive(Serialize)]
pub struct PreviousInfo {
    pub label: String,
    pub title: String,
    /// Its overview.
    pub href: String,
    /// This edition's changes page.
    pub changes: String,
}

fn previous_info(
    site: &Site,
    index: usize,
    path: &SitePath,
    paths: &EditionPaths,
) -> Option<PreviousInfo> {
    let since = site.history[index].as_ref()?;
    let previous = &site.dataset.editions[since.previous];
    Some(PreviousInfo {
        label: previous.label.to_string(),
        title: previous.meta.title.value.clone(),
        href: path.href_to(&EditionPaths::permalink(&previous.label).overview()),
        changes: path.href_to(&paths.changes()),
    })
}

#[derive(Serialize)]
pub struct ActionHead {
    pub number: u32,
    pub title: String,
    pub href: String,
}

fn action_heads(edition: &Edition, path: &SitePath, paths: &EditionPaths) -> Vec<ActionHead> {
    edition
        .framework
        .actions
        .iter()
        .map(|a| ActionHead {
            number: a.number.value,
            title: a.title.value.clone(),
            href: path.href_to(&paths.action(a)),
        })
        .collect()
}

// ---------------------------------------------------------------- overview

#[derive(Serialize)]
pub struct OverviewPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    pub summary_html: Option<String>,
    pub ranking: Vec<RankRow>,
    pub actions: Vec<ActionHead>,
    pub matrix: Vec<MatrixRow>,
    pub bands: Vec<BandLegend>,
    pub methodology: String,
    /// The edition the change column compares with; `None` for a first edition.
    pub previous: Option<PreviousInfo>,
}

#[derive(Serialize)]
pub struct RankRow {
    pub rank: Rank,
    pub name: String,
    pub company: String,
    pub href: String,
    pub total: ScoreCell,
    pub assessed: usize,
    pub indicators: usize,
    /// The change of the total since the previous edition, if there is one.
    pub change: Option<ChangeCell>,
}

#[derive(Serialize)]
pub struct MatrixRow {
    pub name: String,
    pub href: String,
    pub total: ScoreCell,
    pub cells: Vec<MatrixCell>,
}

#[derive(Serialize)]
pub struct MatrixCell {
    pub score: ScoreCell,
    pub href: String,
}

#[derive(Serialize)]
pub struct BandLegend {
    pub band: &'static str,
    pub range: &'static str,
}

pub fn overview(site: &Site, index: usize, paths: &EditionPaths) -> OverviewPage {
    let edition = &site.dataset.editions[index];
    let scores = &site.scores[index];
    let path = paths.overview();
    let canonical = EditionPaths::permalink(&edition.label).overview();
    let all_ranks = || scores.platforms.iter().map(|p| p.rank);
    let since = site.history[index]
        .as_ref()
        .map(|s| (s, site.dataset.editions[s.previous].label.as_str()));
    let ranking = scores
        .ranking
        .iter()
        .map(|&i| {
            let (p, s) = (&edition.platforms[i], &scores.platforms[i]);
            RankRow {
                rank: rank(s.rank, all_ranks()),
                name: p.platform.name.value.clone(),
                company: p.platform.company.value.clone(),
                href: path.href_to(&paths.platform(&p.slug)),
                total: cell(s.total),
                assessed: s.assessed,
                indicators: s.indicators,
                change: since.map(|(since, label)| match &since.changes.platforms[i] {
                    Some(c) => change_cell(&c.total, label),
                    None => new_cell(label),
                }),
            }
        })
        .collect();
    let matrix = scores
        .ranking
        .iter()
        .map(|&i| {
            let (p, s) = (&edition.platforms[i], &scores.platforms[i]);
            let page = paths.platform(&p.slug);
            MatrixRow {
                name: p.platform.name.value.clone(),
                href: path.href_to(&page),
                total: cell(s.total),
                cells: edition
                    .framework
                    .actions
                    .iter()
                    .zip(&s.actions)
                    .map(|(a, score)| MatrixCell {
                        score: cell(score.score),
                        href: format!("{}#action-{}", path.href_to(&page), a.number.value),
                    })
                    .collect(),
            }
        })
        .collect();
    let description = format!(
        "How {} platforms protect human rights defenders online: scores on each action of the {}.",
        edition.platforms.len(),
        edition.framework.title.value
    );
    OverviewPage {
        chrome: Chrome {
            json_ld: Some(script_json(&dataset_ld(site, edition, &description))),
            ..chrome(
                site,
                PageFrame {
                    path: &path,
                    canonical: &canonical,
                    title: format!(
                        "{} — {}",
                        site.dataset.settings.title.value, edition.meta.title.value
                    ),
                    description,
                    section: Section::Overview,
                    edition: Some((index, paths)),
                },
            )
        },
        edition: edition_info(site, edition, &path, paths),
        summary_html: markdown(edition.meta.summary.as_ref()),
        ranking,
        actions: action_heads(edition, &path, paths),
        matrix,
        bands: BANDS
            .iter()
            .map(|&(band, range)| BandLegend { band, range })
            .collect(),
        methodology: path.href_to(&paths.methodology()),
        previous: previous_info(site, index, &path, paths),
    }
}

// ---------------------------------------------------------------- platform

#[derive(Serialize)]
pub struct PlatformPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    pub platform: PlatformInfo,
    pub total: ScoreCell,
    pub rank: Rank,
    pub ranked: usize,
    pub assessed: usize,
    pub indicators: usize,
    /// The action bar chart, wide and narrow (the stylesheet shows one).
    pub chart_svg: String,
    pub chart_narrow_svg: String,
    pub actions: Vec<PlatformAction>,
    pub responses: Vec<ResponseInfo>,
    pub citation: Citation,
    pub methodology: String,
    /// What changed since the previous edition; `None` in a first edition.
    pub since: Option<PlatformSince>,
    /// The "Embed this score" snippets.
    pub embed: EmbedInfo,
}

/// The "Changes since" section of a platform report. It compares with the
/// previous edition only and links only to it, so an edition's reports read
/// the same whatever editions come later.
#[derive(Serialize)]
pub struct PlatformSince {
    pub previous: PreviousInfo,
    /// The platform was not assessed in the previous edition.
    pub new: bool,
    /// Its report in the previous edition.
    pub report: Option<String>,
    /// The total, then every action both frameworks have, changed or not.
    pub rows: Vec<SinceRow>,
    /// The ratings that changed.
    pub ratings: Vec<RatingSince>,
    /// Indicators the revision added or removed (not compared) or reworded.
    pub revision: Vec<String>,
}

#[derive(Serialize)]
pub struct SinceRow {
    /// The total's row, not an action's.
    pub total: bool,
    pub label: String,
    pub href: Option<String>,
    pub before: String,
    pub after: String,
    pub change: ChangeCell,
    /// The revision changed this action's indicators: not strictly comparable.
    pub revised: bool,
}

#[derive(Serialize)]
pub struct RatingSince {
    pub id: String,
    pub href: String,
    pub title: String,
    pub before: String,
    pub after: String,
}

fn rating_label(edition: &Edition, rating: Option<&crate::ids::RatingId>) -> String {
    rating
        .and_then(|r| edition.framework.rating(r))
        .map_or_else(|| "Not assessed".to_owned(), |r| r.label.value.clone())
}

/// What the framework revision from `old` to `new` changed, in words.
fn revision_notes(old: &Edition, new: &Edition, since: &Since) -> Vec<String> {
    let report = diff::report(old, new, &since.changes);
    report
        .framework
        .iter()
        .map(|f| {
            let subject = f.subject();
            match f.change {
                diff::FrameworkChangeKind::ActionAdded
                | diff::FrameworkChangeKind::IndicatorAdded => {
                    format!("{subject}: new in {}, not compared", new.label)
                }
                diff::FrameworkChangeKind::ActionRemoved
                | diff::FrameworkChangeKind::IndicatorRemoved => {
                    format!("{subject}: used in {} only, not compared", old.label)
                }
                diff::FrameworkChangeKind::IndicatorReworded => format!(
                    "{subject}: reworded since {} (was “{}”), compared by its id",
                    old.label,
                    f.previous_title.as_deref().unwrap_or_default()
                ),
            }
        })
        .collect()
}

fn platform_since(
    site: &Site,
    index: usize,
    platform_index: usize,
    path: &SitePath,
    paths: &EditionPaths,
) -> Option<PlatformSince> {
    let since = site.history[index].as_ref()?;
    let (old, new) = (
        &site.dataset.editions[since.previous],
        &site.dataset.editions[index],
    );
    let label = old.label.as_str();
    let previous = previous_info(site, index, path, paths)?;
    let revision = revision_notes(old, new, since);
    let Some(change) = &since.changes.platforms[platform_index] else {
        return Some(PlatformSince {
            previous,
            new: true,
            report: None,
            rows: Vec::new(),
            ratings: Vec::new(),
            revision,
        });
    };
    let evidence = &new.platforms[platform_index];
    let row = |label_text: String, href: Option<String>, delta: &Delta, revised: bool| SinceRow {
        total: href.is_none(),
        label: label_text,
        href,
        before: format::score(delta.before),
        after: format::score(delta.after),
        change: change_cell(delta, label),
        revised,
    };
    let rows = std::iter::once(row("Total".into(), None, &change.total, false))
        .chain(change.actions.iter().filter_map(|a| {
            let action = new
                .framework
                .actions
                .iter()
                .find(|x| x.number.value == a.number)?;
            Some(row(
                format!("Action {}: {}", a.number, action.title.value),
                Some(format!("#action-{}", a.number)),
                &a.score,
                !a.same_indicators,
            ))
        }))
        .collect();
    let ratings = change
        .ratings
        .iter()
        .map(|r| {
            let title = new
                .framework
                .indicators()
                .find(|(_, i)| i.id.value == r.indicator)
                .map(|(_, i)| i.title.value.clone())
                .unwrap_or_default();
            RatingSince {
                id: r.indicator.to_string(),
                href: format!("#{}", r.indicator.anchor()),
                title,
                before: rating_label(old, r.before.as_ref()),
                after: rating_label(new, r.after.as_ref()),
            }
        })
        .collect();
    Some(PlatformSince {
        previous,
        new: false,
        report: Some(path.href_to(&EditionPaths::permalink(&old.label).platform(&evidence.slug))),
        rows,
        ratings,
        revision,
    })
}

/// The same platform in every edition that assessed it, newest first; `None`
/// when only one did.
fn also_in(
    site: &Site,
    index: usize,
    evidence: &PlatformEvidence,
    path: &SitePath,
) -> Option<AlsoIn> {
    let slug = &evidence.slug;
    let links: Vec<Link> = site
        .dataset
        .editions
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, e)| e.platforms.binary_search_by(|p| p.slug.cmp(slug)).is_ok())
        .map(|(i, e)| Link {
            label: if e.meta.status == Status::Draft {
                format!("{} (draft)", e.label)
            } else {
                e.label.to_string()
            },
            href: path.href_to(&EditionPaths::permalink(&e.label).platform(slug)),
            current: i == index,
        })
        .collect();
    (links.len() > 1).then(|| AlsoIn {
        label: format!("{} in each edition", evidence.platform.name.value),
        links,
    })
}

#[derive(Serialize)]
pub struct PlatformInfo {
    pub name: String,
    pub company: String,
    pub website: String,
    pub headquarters: Option<String>,
    pub services: Vec<String>,
    pub summary_html: Option<String>,
    pub assessed: String,
    pub assessed_iso: String,
    pub researchers: Vec<String>,
}

#[derive(Serialize)]
pub struct PlatformAction {
    pub number: u32,
    pub title: String,
    pub href: String,
    pub score: ScoreCell,
    pub rank: Rank,
    pub weight: String,
    pub scored: usize,
    pub assessed: usize,
    pub indicators: Vec<IndicatorResult>,
}

#[derive(Serialize)]
pub struct IndicatorResult {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub question: String,
    pub rating: Option<RatingInfo>,
    pub rationale_html: Option<String>,
    pub sources: Vec<SourceInfo>,
}

#[derive(Serialize)]
pub struct RatingInfo {
    pub id: String,
    pub label: String,
    pub points: String,
}

#[derive(Serialize)]
pub struct SourceInfo {
    pub title: String,
    pub url: String,
    pub publisher: String,
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub accessed: String,
    pub accessed_iso: String,
    pub archive: Option<String>,
    pub quote: Option<String>,
}

#[derive(Serialize)]
pub struct ResponseInfo {
    pub received: String,
    pub received_iso: String,
    pub summary_html: String,
    pub url: Option<String>,
}

/// A ready citation of a page, naming the edition permalink and date.
#[derive(Serialize)]
pub struct Citation {
    pub permalink: String,
    pub apa: String,
    pub bibtex: String,
    /// Links to the same record as `cite.bib` and CSL-JSON `cite.json`.
    pub bib: Option<String>,
    pub csl: Option<String>,
}

fn source_info(s: &Source) -> SourceInfo {
    SourceInfo {
        title: s.title.value.clone(),
        url: s.url.value.to_string(),
        publisher: s.publisher.value.clone(),
        published: s.published.as_ref().map(|d| format::date(d.value)),
        published_iso: s.published.as_ref().map(|d| d.value.to_string()),
        accessed: format::date(s.accessed.value),
        accessed_iso: s.accessed.value.to_string(),
        archive: s.archive.as_ref().map(|a| a.value.to_string()),
        quote: s.quote.as_ref().map(|q| q.value.clone()),
    }
}

fn rating_info(edition: &Edition, rating: &crate::ids::RatingId) -> Option<RatingInfo> {
    let r = edition.framework.rating(rating)?;
    Some(RatingInfo {
        id: r.id.value.to_string(),
        label: r.label.value.clone(),
        points: r
            .points
            .as_ref()
            .map_or_else(|| "excluded".to_owned(), |p| p.value.to_string()),
    })
}

fn indicator_results(
    edition: &Edition,
    action: &Action,
    evidence: &PlatformEvidence,
) -> Vec<IndicatorResult> {
    action
        .indicators
        .iter()
        .map(|i| {
            let finding = evidence.findings.get(&i.id.value);
            IndicatorResult {
                id: i.id.value.to_string(),
                anchor: i.id.value.anchor(),
                title: i.title.value.clone(),
                question: i.question.value.clone(),
                rating: finding.and_then(|f| rating_info(edition, &f.rating.value)),
                rationale_html: finding.and_then(|f| markdown(f.rationale.as_ref())),
                sources: finding
                    .map(|f| f.sources.iter().map(source_info).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            c => out.push(c),
        }
    }
    out
}

fn citation(
    site: &Site,
    edition: &Edition,
    page_title: &str,
    permalink: String,
    key: &str,
) -> Citation {
    let settings = &site.dataset.settings;
    let date = edition.meta.published.value;
    let apa = format!(
        "{}. ({}, {}). {} ({}). {}. {}",
        settings.publisher.value,
        date.format("%Y"),
        date.format("%B %-d"),
        page_title,
        edition.meta.title.value,
        settings.title.value,
        permalink
    );
    let bibtex = format!(
        "@misc{{{key},\n  author = {{{{{}}}}},\n  title = {{{}}},\n  howpublished = {{{}, {}}},\n  year = {{{}}},\n  month = {},\n  date = {{{}}},\n  url = {{{}}}\n}}",
        bibtex_escape(&settings.publisher.value),
        bibtex_escape(page_title),
        bibtex_escape(&settings.title.value),
        bibtex_escape(&edition.meta.title.value),
        date.format("%Y"),
        date.format("%b").to_string().to_lowercase(),
        date,
        permalink
    );
    Citation {
        permalink,
        apa,
        bibtex,
        bib: None,
        csl: None,
    }
}

pub fn platform(
    site: &Site,
    index: usize,
    platform_index: usize,
    paths: &EditionPaths,
) -> PlatformPage {
    let edition = &site.dataset.editions[index];
    let scores = &site.scores[index];
    let evidence = &edition.platforms[platform_index];
    let score: &PlatformScore = &scores.platforms[platform_index];
    let p = &evidence.platform;
    let path = paths.platform(&evidence.slug);
    let canonical = EditionPaths::permalink(&edition.label).platform(&evidence.slug);
    let title = format!("{} — platform report", p.name.value);
    let actions: Vec<PlatformAction> = edition
        .framework
        .actions
        .iter()
        .zip(&score.actions)
        .enumerate()
        .map(|(ai, (a, s))| PlatformAction {
            number: a.number.value,
            title: a.title.value.clone(),
            href: path.href_to(&paths.action(a)),
            score: cell(s.score),
            rank: rank(s.rank, scores.platforms.iter().map(|o| o.actions[ai].rank)),
            weight: format!("{}", a.weight.value),
            scored: s.scored,
            assessed: s.assessed,
            indicators: indicator_results(edition, a, evidence),
        })
        .collect();
    let chart_title = format!(
        "{}: score on each action, {}",
        p.name.value, edition.meta.title.value
    );
    let chart_rows: Vec<(u32, &str, Option<f64>)> = edition
        .framework
        .actions
        .iter()
        .zip(&score.actions)
        .map(|(a, s)| (a.number.value, a.title.value.as_str(), s.score))
        .collect();
    let chart_svg = chart::action_bars(&chart_title, &chart_rows, chart::WIDE);
    let chart_narrow_svg = chart::action_bars(&chart_title, &chart_rows, chart::NARROW);
    let permalink_paths = EditionPaths::permalink(&edition.label);
    let permalink = canonical.absolute(&site.base_url);
    let mut citation = citation(
        site,
        edition,
        &title,
        permalink.clone(),
        &format!("{}-{}", evidence.slug, edition.label),
    );
    citation.bib = Some(path.href_to(&permalink_paths.cite_bib(&evidence.slug)));
    citation.csl = Some(path.href_to(&permalink_paths.cite_json(&evidence.slug)));
    let og_image = OgImage {
        url: permalink_paths
            .share_card(&evidence.slug)
            .absolute(&site.base_url),
        width: card::CARD_WIDTH,
        height: card::CARD_HEIGHT,
        alt: score_statement(site, edition, evidence, score),
    };
    let mut ld = report_ld(site, edition, &title, &permalink);
    ld["about"] = serde_json::json!({
        "@type": "Organization",
        "name": p.company.value,
        "url": p.website.value.as_str(),
    });
    ld["image"] = serde_json::Value::String(og_image.url.clone());
    PlatformPage {
        chrome: Chrome {
            og_type: "article",
            also_in: also_in(site, index, evidence, &path),
            citation: Some(citation_meta(site, edition, &title, &permalink)),
            json_ld: Some(script_json(&ld)),
            og_image: Some(og_image),
            ..chrome(
                site,
                PageFrame {
                    path: &path,
                    canonical: &canonical,
                    title: format!(
                        "{} — {} — {}",
                        p.name.value, site.dataset.settings.title.value, edition.meta.title.value
                    ),
                    description: format!(
                        "{} scores {} of 100 in the {} ({} of {} indicators assessed).",
                        p.name.value,
                        format::score(score.total),
                        edition.meta.title.value,
                        score.assessed,
                        score.indicators
                    ),
                    section: Section::Other,
                    edition: Some((index, paths)),
                },
            )
        },
        edition: edition_info(site, edition, &path, paths),
        platform: PlatformInfo {
            name: p.name.value.clone(),
            company: p.company.value.clone(),
            website: p.website.value.to_string(),
            headquarters: p.headquarters.as_ref().map(|h| h.value.as_str().to_owned()),
            services: p.services.iter().map(|s| s.value.clone()).collect(),
            summary_html: markdown(p.summary.as_ref()),
            assessed: format::date(p.assessed.value),
            assessed_iso: p.assessed.value.to_string(),
            researchers: p.researchers.iter().map(|r| r.value.clone()).collect(),
        },
        total: cell(score.total),
        rank: rank(score.rank, scores.platforms.iter().map(|o| o.rank)),
        ranked: scores.platforms.iter().filter(|o| o.rank.is_some()).count(),
        assessed: score.assessed,
        indicators: score.indicators,
        chart_svg,
        chart_narrow_svg,
        actions,
        responses: p
            .responses
            .iter()
            .map(|r| ResponseInfo {
                received: format::date(r.received.value),
                received_iso: r.received.value.to_string(),
                summary_html: to_safe_html(&r.summary.value, Origin::Evidence),
                url: r.url.as_ref().map(|u| u.value.to_string()),
            })
            .collect(),
        citation,
        methodology: path.href_to(&paths.methodology()),
        since: platform_since(site, index, platform_index, &path, paths),
        embed: embed_info(site, edition, evidence, score, &path),
    }
}

// ---------------------------------------------------------------- action

#[derive(Serialize)]
pub struct ActionPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    pub number: u32,
    pub title: String,
    pub summary_html: Option<String>,
    pub weight: String,
    pub indicators: Vec<IndicatorHead>,
    pub platforms: Vec<ActionPlatform>,
    pub actions: Vec<ActionHead>,
}

#[derive(Serialize)]
pub struct IndicatorHead {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub question: String,
}

#[derive(Serialize)]
pub struct ActionPlatform {
    pub rank: Rank,
    pub name: String,
    pub href: String,
    pub anchor: String,
    pub score: ScoreCell,
    pub findings: Vec<IndicatorResult>,
}

pub fn action(site: &Site, index: usize, action_index: usize, paths: &EditionPaths) -> ActionPage {
    let edition = &site.dataset.editions[index];
    let scores = &site.scores[index];
    let a = &edition.framework.actions[action_index];
    let path = paths.action(a);
    let canonical = EditionPaths::permalink(&edition.label).action(a);
    let mut order: Vec<usize> = (0..edition.platforms.len()).collect();
    order.sort_by_key(|&i| {
        (
            scores.platforms[i].actions[action_index]
                .rank
                .unwrap_or(usize::MAX),
            i,
        )
    });
    let platforms = order
        .into_iter()
        .map(|i| {
            let (evidence, s) = (&edition.platforms[i], &scores.platforms[i]);
            ActionPlatform {
                rank: rank(
                    s.actions[action_index].rank,
                    scores
                        .platforms
                        .iter()
                        .map(|o| o.actions[action_index].rank),
                ),
                name: evidence.platform.name.value.clone(),
                href: format!(
                    "{}#action-{}",
                    path.href_to(&paths.platform(&evidence.slug)),
                    a.number.value
                ),
                anchor: format!("platform-{}", evidence.slug),
                score: cell(s.actions[action_index].score),
                findings: indicator_results(edition, a, evidence),
            }
        })
        .collect();
    ActionPage {
        chrome: chrome(
            site,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: format!(
                    "Action {}: {} — {}",
                    a.number.value, a.title.value, edition.meta.title.value
                ),
                description: format!(
                    "How each platform scores on action {}: {}.",
                    a.number.value, a.title.value
                ),
                section: Section::Other,
                edition: Some((index, paths)),
            },
        ),
        edition: edition_info(site, edition, &path, paths),
        number: a.number.value,
        title: a.title.value.clone(),
        summary_html: markdown(a.summary.as_ref()),
        weight: format!("{}", a.weight.value),
        indicators: a
            .indicators
            .iter()
            .map(|i| IndicatorHead {
                id: i.id.value.to_string(),
                anchor: i.id.value.anchor(),
                title: i.title.value.clone(),
                question: i.question.value.clone(),
            })
            .collect(),
        platforms,
        actions: action_heads(edition, &path, paths),
    }
}

// ---------------------------------------------------------------- methodology

#[derive(Serialize)]
pub struct MethodologyPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    pub framework: FrameworkInfo,
    pub ratings: Vec<RatingRow>,
    pub actions: Vec<MethodologyAction>,
    pub indicator_count: usize,
    pub weighted: bool,
    pub citation: Citation,
}

#[derive(Serialize)]
pub struct FrameworkInfo {
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub url: String,
    pub notes_html: Option<String>,
}

#[derive(Serialize)]
pub struct RatingRow {
    pub id: String,
    pub label: String,
    pub points: Option<u8>,
    pub description: String,
}

#[derive(Serialize)]
pub struct MethodologyAction {
    pub number: u32,
    pub title: String,
    pub href: String,
    pub weight: String,
    pub summary_html: Option<String>,
    pub indicators: Vec<IndicatorHead>,
}

pub fn methodology(site: &Site, index: usize, paths: &EditionPaths) -> MethodologyPage {
    let edition = &site.dataset.editions[index];
    let f = &edition.framework;
    let path = paths.methodology();
    let canonical = EditionPaths::permalink(&edition.label).methodology();
    let permalink = canonical.absolute(&site.base_url);
    let ld = report_ld(site, edition, "Methodology", &permalink);
    MethodologyPage {
        chrome: Chrome {
            citation: Some(citation_meta(site, edition, "Methodology", &permalink)),
            json_ld: Some(script_json(&ld)),
            ..chrome(
                site,
                PageFrame {
                    path: &path,
                    canonical: &canonical,
                    title: format!(
                        "Methodology — {} — {}",
                        site.dataset.settings.title.value, edition.meta.title.value
                    ),
                    description: format!(
                        "How platforms are rated and scored against the {}.",
                        f.title.value
                    ),
                    section: Section::Methodology,
                    edition: Some((index, paths)),
                },
            )
        },
        edition: edition_info(site, edition, &path, paths),
        framework: FrameworkInfo {
            title: f.title.value.clone(),
            publisher: f.publisher.value.clone(),
            published: format::date(f.published.value),
            url: f.url.value.to_string(),
            notes_html: markdown(f.notes.as_ref()),
        },
        ratings: f
            .ratings
            .iter()
            .map(|r| RatingRow {
                id: r.id.value.to_string(),
                label: r.label.value.clone(),
                points: r.points.as_ref().map(|p| p.value),
                description: r.description.value.clone(),
            })
            .collect(),
        actions: f
            .actions
            .iter()
            .map(|a| MethodologyAction {
                number: a.number.value,
                title: a.title.value.clone(),
                href: path.href_to(&paths.action(a)),
                weight: format!("{}", a.weight.value),
                summary_html: markdown(a.summary.as_ref()),
                indicators: a
                    .indicators
                    .iter()
                    .map(|i| IndicatorHead {
                        id: i.id.value.to_string(),
                        anchor: i.id.value.anchor(),
                        title: i.title.value.clone(),
                        question: i.question.value.clone(),
                    })
                    .collect(),
            })
            .collect(),
        indicator_count: f.indicator_count(),
        weighted: f
            .actions
            .iter()
            .any(|a| (a.weight.value - 1.0).abs() > f64::EPSILON),
        citation: citation(
            site,
            edition,
            "Methodology",
            canonical.absolute(&site.base_url),
            &format!("methodology-{}", edition.label),
        ),
    }
}

// ---------------------------------------------------------------- changes

/// `/<label>/changes/`: every change since the previous edition, largest
/// first. Built only for an edition that has a previous one.
#[derive(Serialize)]
pub struct ChangesPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    pub previous: PreviousInfo,
    pub totals: Vec<ChangeLine>,
    pub actions: Vec<ChangeLine>,
    pub ratings: Vec<RatingLine>,
    pub added: Vec<PlatformLine>,
    pub dropped: Vec<PlatformLine>,
    pub framework: Vec<FrameworkLine>,
    pub count: usize,
    /// Some action change is marked "indicators revised".
    pub revised: bool,
}

#[derive(Serialize)]
pub struct ChangeLine {
    pub platform: String,
    pub href: String,
    /// "Action 4: …" for an action score.
    pub action: Option<String>,
    pub before: String,
    pub after: String,
    pub change: ChangeCell,
    pub revised: bool,
}

#[derive(Serialize)]
pub struct RatingLine {
    pub platform: String,
    pub href: String,
    pub id: String,
    pub title: String,
    pub before: String,
    pub after: String,
}

#[derive(Serialize)]
pub struct PlatformLine {
    pub name: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct FrameworkLine {
    pub subject: String,
    pub note: String,
    pub href: Option<String>,
}

pub fn changes(site: &Site, index: usize, paths: &EditionPaths) -> ChangesPage {
    let since = site.history[index]
        .as_ref()
        .expect("a changes page is planned only for an edition with a previous one");
    let (old, new) = (
        &site.dataset.editions[since.previous],
        &site.dataset.editions[index],
    );
    let path = paths.changes();
    let canonical = EditionPaths::permalink(&new.label).changes();
    let old_paths = EditionPaths::permalink(&old.label);
    let label = old.label.as_str();
    let report = diff::report(old, new, &since.changes);
    let platform_href = |slug: &crate::ids::Slug| path.href_to(&paths.platform(slug));
    let line = |r: &ScoreRow| {
        let base = platform_href(&r.platform.slug);
        ChangeLine {
            platform: r.platform.name.clone(),
            href: match &r.action {
                Some(a) => format!("{base}#action-{}", a.number),
                None => base,
            },
            action: r
                .action
                .as_ref()
                .map(|a| format!("Action {}: {}", a.number, a.title)),
            before: format::score(r.before),
            after: format::score(r.after),
            change: change_cell(&Delta::new(r.before, r.after), label),
            revised: r.same_indicators == Some(false),
        }
    };
    let rating = |r: &Option<diff::RatingRef>| {
        r.as_ref()
            .map_or_else(|| "Not assessed".to_owned(), |r| r.label.clone())
    };
    let methodology = |paths: &EditionPaths, id: crate::ids::IndicatorId| {
        format!("{}#{}", path.href_to(&paths.methodology()), id.anchor())
    };
    let page = ChangesPage {
        chrome: chrome(
            site,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: format!(
                    "Changes since {} — {} — {}",
                    old.label, site.dataset.settings.title.value, new.meta.title.value
                ),
                description: format!(
                    "What changed between the {} and the {}: scores, ratings, platforms and the framework.",
                    old.meta.title.value, new.meta.title.value
                ),
                section: Section::Changes,
                edition: Some((index, paths)),
            },
        ),
        edition: edition_info(site, new, &path, paths),
        previous: previous_info(site, index, &path, paths).expect("checked above"),
        totals: report.totals.iter().map(line).collect(),
        actions: report.actions.iter().map(line).collect(),
        ratings: report
            .ratings
            .iter()
            .map(|r| RatingLine {
                platform: r.platform.name.clone(),
                href: format!(
                    "{}#{}",
                    platform_href(&r.platform.slug),
                    r.indicator.id.anchor()
                ),
                id: r.indicator.id.to_string(),
                title: r.indicator.title.clone(),
                before: rating(&r.before),
                after: rating(&r.after),
            })
            .collect(),
        added: report
            .platforms_added
            .iter()
            .map(|p| PlatformLine {
                name: p.name.clone(),
                href: platform_href(&p.slug),
            })
            .collect(),
        dropped: report
            .platforms_dropped
            .iter()
            .map(|p| PlatformLine {
                name: p.name.clone(),
                href: path.href_to(&old_paths.platform(&p.slug)),
            })
            .collect(),
        framework: report
            .framework
            .iter()
            .map(|f| {
                use diff::FrameworkChangeKind as K;
                let (note, href) = match f.change {
                    K::ActionAdded | K::IndicatorAdded => (
                        format!("added in {}, not compared", new.label),
                        f.indicator.as_ref().map(|i| methodology(paths, i.id)),
                    ),
                    K::ActionRemoved | K::IndicatorRemoved => (
                        format!("removed: used in {} only, not compared", old.label),
                        f.indicator.as_ref().map(|i| methodology(&old_paths, i.id)),
                    ),
                    K::IndicatorReworded => (
                        format!(
                            "reworded: was “{}” in {}, still compared by its id",
                            f.previous_title.as_deref().unwrap_or_default(),
                            old.label
                        ),
                        f.indicator.as_ref().map(|i| methodology(paths, i.id)),
                    ),
                };
                FrameworkLine {
                    subject: f.subject(),
                    note,
                    href,
                }
            })
            .collect(),
        count: 0,
        revised: report.actions.iter().any(|a| a.same_indicators == Some(false)),
    };
    let count = page.totals.len()
        + page.actions.len()
        + page.ratings.len()
        + page.added.len()
        + page.dropped.len()
        + page.framework.len();
    ChangesPage { count, ..page }
}

// ---------------------------------------------------------------- feed

/// `/feed.xml`: an Atom feed with one entry per published edition, newest
/// first. Every date comes from the data, never from the clock.
#[derive(Serialize)]
pub struct FeedContext {
    pub title: String,
    pub id: String,
    pub site: String,
    pub updated: String,
    pub author: String,
    pub rights: String,
    pub lang: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
pub struct FeedEntry {
    pub title: String,
    /// The edition's permalink, which never changes.
    pub id: String,
    pub link: String,
    pub updated: String,
    /// HTML, escaped once more by the template for `type="html"`.
    pub content_html: String,
}

fn atom_date(date: chrono::NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

pub fn feed(site: &Site) -> FeedContext {
    let settings = &site.dataset.settings;
    let published: Vec<&Edition> = site
        .dataset
        .editions
        .iter()
        .rev()
        .filter(|e| e.meta.status == Status::Published)
        .collect();
    // The newest entry's date; in a preview of drafts only, the newest draft's.
    let newest = published
        .first()
        .copied()
        .or(site.dataset.editions.last())
        .map(|e| e.meta.published.value)
        .unwrap_or_default();
    FeedContext {
        title: settings.title.value.clone(),
        id: urls::feed().absolute(&site.base_url),
        site: SitePath::root().absolute(&site.base_url),
        updated: atom_date(newest),
        author: settings.publisher.value.clone(),
        rights: settings.license.value.as_str().to_owned(),
        lang: settings.language.as_str().to_owned(),
        entries: published
            .iter()
            .map(|e| {
                let permalink = EditionPaths::permalink(&e.label)
                    .overview()
                    .absolute(&site.base_url);
                let content_html = markdown(e.meta.summary.as_ref()).unwrap_or_else(|| {
                    format!(
                        "<p>The {} of the {} is published.</p>",
                        super::escape_html(&e.meta.title.value),
                        super::escape_html(&settings.title.value)
                    )
                });
                FeedEntry {
                    title: format!("{}: {}", settings.title.value, e.meta.title.value),
                    id: permalink.clone(),
                    link: permalink,
                    updated: atom_date(e.meta.published.value),
                    content_html,
                }
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- others

#[derive(Serialize)]
pub struct ExtraPage {
    pub chrome: Chrome,
    pub title: String,
    pub body_html: String,
}

pub fn extra_page(site: &Site, index: usize) -> ExtraPage {
    let page = &site.dataset.pages[index];
    let path = urls::extra_page(&page.name);
    ExtraPage {
        chrome: chrome(
            site,
            PageFrame {
                path: &path,
                canonical: &path,
                title: format!(
                    "{} — {}",
                    page.title.value, site.dataset.settings.title.value
                ),
                description: page
                    .description
                    .as_ref()
                    .map_or_else(|| page.title.value.clone(), |d| d.value.clone()),
                section: Section::Other,
                edition: None,
            },
        ),
        title: page.title.value.clone(),
        body_html: to_safe_html(&page.body, Origin::Page),
    }
}

#[derive(Serialize)]
pub struct NotFoundPage {
    pub chrome: Chrome,
}

/// The 404 page is served at any depth, so its links are absolute.
pub fn not_found(site: &Site) -> NotFoundPage {
    let path = urls::not_found();
    let mut chrome = chrome(
        site,
        PageFrame {
            path: &path,
            canonical: &path,
            title: format!("Page not found — {}", site.dataset.settings.title.value),
            description: "The page you asked for does not exist.".into(),
            section: Section::Other,
            edition: None,
        },
    );
    let base = format!("{}/", site.base_url.trim_end_matches('/'));
    let absolute = |href: &mut String| {
        let cleaned = href.trim_start_matches("../").to_owned();
        *href = format!("{base}{cleaned}");
    };
    absolute(&mut chrome.stylesheet);
    absolute(&mut chrome.home);
    absolute(&mut chrome.feed);
    chrome.nav.iter_mut().for_each(|l| absolute(&mut l.href));
    chrome
        .editions
        .iter_mut()
        .for_each(|l| absolute(&mut l.href));
    NotFoundPage { chrome }
}

// ---------------------------------------------------------------- the journalist's kit

/// JSON for a `<script type="application/ld+json">` element. `<`, `>` and `&`
/// are written `\u003c`, `\u003e`, `\u0026`, which JSON reads as the same
/// characters, so that no data can close the element (`</script>`) or open
/// a comment (`<!--`) in it.
pub fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .expect("a JSON value always serialises")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn organisation(name: &str) -> serde_json::Value {
    serde_json::json!({ "@type": "Organization", "name": name })
}

/// The SPDX page of a licence, which schema.org wants as a URL.
fn license_url(site: &Site) -> String {
    format!(
        "https://spdx.org/licenses/{}.html",
        site.dataset.settings.license.value.as_str()
    )
}

fn edition_name(site: &Site, edition: &Edition) -> String {
    format!(
        "{} — {}",
        site.dataset.settings.title.value, edition.meta.title.value
    )
}

fn citation_meta(site: &Site, edition: &Edition, title: &str, permalink: &str) -> CitationMeta {
    let settings = &site.dataset.settings;
    CitationMeta {
        title: title.to_owned(),
        author: settings.publisher.value.clone(),
        date: edition.meta.published.value.format("%Y/%m/%d").to_string(),
        publisher: settings.publisher.value.clone(),
        public_url: permalink.to_owned(),
        language: settings.language.as_str().to_owned(),
    }
}

/// schema.org `Report` for a platform report or the methodology.
fn report_ld(site: &Site, edition: &Edition, title: &str, permalink: &str) -> serde_json::Value {
    let settings = &site.dataset.settings;
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Report",
        "name": title,
        "headline": title,
        "url": permalink,
        "datePublished": edition.meta.published.value.to_string(),
        "inLanguage": settings.language.as_str(),
        "author": organisation(&settings.publisher.value),
        "publisher": organisation(&settings.publisher.value),
        "license": license_url(site),
        "isPartOf": {
            "@type": "Dataset",
            "name": edition_name(site, edition),
            "url": EditionPaths::permalink(&edition.label).overview().absolute(&site.base_url),
        },
    })
}

/// schema.org `Dataset` for an edition's overview, with its downloads.
fn dataset_ld(site: &Site, edition: &Edition, description: &str) -> serde_json::Value {
    let settings = &site.dataset.settings;
    let paths = EditionPaths::permalink(&edition.label);
    let download = |path: SitePath, format: &str| {
        serde_json::json!({
            "@type": "DataDownload",
            "name": path.as_str().rsplit('/').next().unwrap_or_default(),
            "encodingFormat": format,
            "contentUrl": path.absolute(&site.base_url),
        })
    };
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": edition_name(site, edition),
        "description": description,
        "url": paths.overview().absolute(&site.base_url),
        "version": edition.label.as_str(),
        "datePublished": edition.meta.published.value.to_string(),
        "inLanguage": settings.language.as_str(),
        "creator": organisation(&settings.publisher.value),
        "publisher": organisation(&settings.publisher.value),
        "license": license_url(site),
        "isAccessibleForFree": true,
        "isBasedOn": edition.framework.url.value.as_str(),
        "distribution": [
            download(paths.scores_csv(), "text/csv"),
            download(paths.scorecard_json(), "application/json"),
        ],
    })
}

/// "Example Social scores 62.5 of 100 in the 2026 edition of the …".
fn score_statement(
    site: &Site,
    edition: &Edition,
    evidence: &PlatformEvidence,
    score: &PlatformScore,
) -> String {
    format!(
        "{} scores {} of 100 in the {} of the {}",
        evidence.platform.name.value,
        format::score(score.total),
        edition.meta.title.value,
        site.dataset.settings.title.value
    )
}

/// The "Embed this score" box of a report: code to copy, shown as text.
#[derive(Serialize)]
pub struct EmbedInfo {
    /// `<iframe>` code for the chart page.
    pub iframe: String,
    /// `<img>` code for the badge, linked to the report.
    pub image: String,
    pub embed_href: String,
    pub badge_href: String,
}

fn embed_info(
    site: &Site,
    edition: &Edition,
    evidence: &PlatformEvidence,
    score: &PlatformScore,
    path: &SitePath,
) -> EmbedInfo {
    use super::escape_html as e;
    let paths = EditionPaths::permalink(&edition.label);
    let slug = &evidence.slug;
    let report = paths.platform(slug).absolute(&site.base_url);
    let iframe = format!(
        "<iframe src=\"{}\" width=\"600\" height=\"400\" title=\"{}\" style=\"border:0\" loading=\"lazy\"></iframe>",
        e(&paths.embed(slug).absolute(&site.base_url)),
        e(&format!(
            "{}: score on each action, {}",
            evidence.platform.name.value, edition.meta.title.value
        ))
    );
    let image = format!(
        "<a href=\"{}\"><img src=\"{}\" alt=\"{}\"></a>",
        e(&report),
        e(&paths.badge(slug).absolute(&site.base_url)),
        e(&score_statement(site, edition, evidence, score))
    );
    EmbedInfo {
        iframe,
        image,
        embed_href: path.href_to(&paths.embed(slug)),
        badge_href: path.href_to(&paths.badge(slug)),
    }
}

/// `<label>/platforms/<slug>/embed/`: the action chart alone, for an
/// `<iframe>` of about 600×400, without the site's menus.
#[derive(Serialize)]
pub struct EmbedPage {
    pub lang: String,
    pub title: String,
    pub canonical: String,
    pub stylesheet: String,
    /// The Atom feed of editions, as every page names it.
    pub feed: String,
    pub sample_data: bool,
    pub name: String,
    pub total: ScoreCell,
    pub edition_title: String,
    pub site_title: String,
    pub chart_svg: String,
    /// The full report (opens in the embedding page's window).
    pub report: String,
}

pub fn embed(site: &Site, index: usize, platform_index: usize) -> EmbedPage {
    let edition = &site.dataset.editions[index];
    let evidence = &edition.platforms[platform_index];
    let score = &site.scores[index].platforms[platform_index];
    let paths = EditionPaths::permalink(&edition.label);
    let path = paths.embed(&evidence.slug);
    let name = &evidence.platform.name.value;
    let rows: Vec<(u32, &str, Option<f64>)> = edition
        .framework
        .actions
        .iter()
        .zip(&score.actions)
        .map(|(a, s)| (a.number.value, a.title.value.as_str(), s.score))
        .collect();
    let chart_title = format!("{name}: score on each action, {}", edition.meta.title.value);
    EmbedPage {
        lang: site.dataset.settings.language.as_str().to_owned(),
        title: format!("{name} — {}", edition_name(site, edition)),
        canonical: path.absolute(&site.base_url),
        stylesheet: path.href_to(&urls::stylesheet()),
        feed: path.href_to(&urls::feed()),
        sample_data: site.dataset.settings.sample_data,
        name: name.clone(),
        total: cell(score.total),
        edition_title: edition.meta.title.value.clone(),
        site_title: site.dataset.settings.title.value.clone(),
        chart_svg: chart::action_bars(&chart_title, &rows, chart::WIDE),
        report: path.href_to(&paths.platform(&evidence.slug)),
    }
}

/// The share card of a platform report (`og.png`).
pub fn share_card(site: &Site, index: usize, platform_index: usize) -> card::Card {
    let settings = &site.dataset.settings;
    let edition = &site.dataset.editions[index];
    let scores = &site.scores[index];
    let evidence = &edition.platforms[platform_index];
    let score = &scores.platforms[platform_index];
    let ranked = scores.platforms.iter().filter(|o| o.rank.is_some()).count();
    let rank = rank(score.rank, scores.platforms.iter().map(|o| o.rank));
    card::Card {
        site_title: settings.title.value.clone(),
        platform: evidence.platform.name.value.clone(),
        company: evidence.platform.company.value.clone(),
        total: score.total,
        rank: match score.rank {
            Some(_) => format!(
                "Rank {}{} of {ranked} platforms",
                rank.text,
                if rank.tied { " (tied)" } else { "" }
            ),
            None => String::new(),
        },
        edition_title: edition.meta.title.value.clone(),
        publisher: settings.publisher.value.clone(),
        address: site
            .base_url
            .split_once("://")
            .map_or(site.base_url.as_str(), |(_, rest)| rest)
            .to_owned(),
        actions: edition
            .framework
            .actions
            .iter()
            .zip(&score.actions)
            .map(|(a, s)| (a.number.value, s.score))
            .collect(),
        sample_data: settings.sample_data,
    }
}

/// The badge of a platform (`badge.svg`).
pub fn badge(site: &Site, index: usize, platform_index: usize) -> card::Badge {
    let edition = &site.dataset.editions[index];
    let evidence = &edition.platforms[platform_index];
    let score = &site.scores[index].platforms[platform_index];
    card::Badge {
        platform: evidence.platform.name.value.clone(),
        total: score.total,
        edition_label: edition.label.to_string(),
        title: score_statement(site, edition, evidence, score),
    }
}

fn platform_title(evidence: &PlatformEvidence) -> String {
    format!("{} — platform report", evidence.platform.name.value)
}

/// A platform report's BibTeX record (`cite.bib`): the one its page shows.
pub fn cite_bib(site: &Site, index: usize, platform_index: usize) -> Vec<u8> {
    let edition = &site.dataset.editions[index];
    let evidence = &edition.platforms[platform_index];
    let permalink = EditionPaths::permalink(&edition.label)
        .platform(&evidence.slug)
        .absolute(&site.base_url);
    let mut bib = citation(
        site,
        edition,
        &platform_title(evidence),
        permalink,
        &format!("{}-{}", evidence.slug, edition.label),
    )
    .bibtex;
    bib.push('\n');
    bib.into_bytes()
}

/// A platform report's CSL-JSON record (`cite.json`): an array of one item,
/// as Zotero, Mendeley and pandoc read it.
pub fn cite_json(site: &Site, index: usize, platform_index: usize) -> Vec<u8> {
    use chrono::Datelike;
    let settings = &site.dataset.settings;
    let edition = &site.dataset.editions[index];
    let evidence = &edition.platforms[platform_index];
    let date = edition.meta.published.value;
    let item = serde_json::json!([{
        "id": format!("{}-{}", evidence.slug, edition.label),
        "type": "report",
        "title": platform_title(evidence),
        "author": [{ "literal": settings.publisher.value }],
        "publisher": settings.publisher.value,
        "collection-title": settings.title.value,
        "edition": edition.meta.title.value,
        "genre": "Platform report",
        "issued": { "date-parts": [[date.year(), date.month(), date.day()]] },
        "URL": EditionPaths::permalink(&edition.label)
            .platform(&evidence.slug)
            .absolute(&site.base_url),
        "language": settings.language.as_str(),
    }]);
    let mut bytes = serde_json::to_vec_pretty(&item).expect("a JSON value always serialises");
    bytes.push(b'\n');
    bytes
}

// ---------------------------------------------------------------- search

/// `<label>/search/`: every platform report, action page and the methodology
/// as plain lists, and, with JavaScript, a search box over `search.json`.
#[derive(Serialize)]
pub struct SearchPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    /// The index, relative to the page.
    pub index: String,
    pub platforms: Vec<PlatformLine>,
    pub actions: Vec<ActionHead>,
    pub methodology: String,
    pub changes: Option<String>,
}

pub fn search(site: &Site, index: usize, paths: &EditionPaths) -> SearchPage {
    let edition = &site.dataset.editions[index];
    let path = paths.search();
    let canonical = EditionPaths::permalink(&edition.label).search();
    SearchPage {
        chrome: Chrome {
            script: Some(path.href_to(&urls::search_script())),
            ..chrome(
                site,
                PageFrame {
                    path: &path,
                    canonical: &canonical,
                    title: format!("Search — {}", edition_name(site, edition)),
                    description: format!(
                        "Search the platforms, indicators and findings of the {}.",
                        edition.meta.title.value
                    ),
                    section: Section::Search,
                    edition: Some((index, paths)),
                },
            )
        },
        edition: edition_info(site, edition, &path, paths),
        index: path.href_to(&paths.search_index()),
        platforms: edition
            .platforms
            .iter()
            .map(|p| PlatformLine {
                name: p.platform.name.value.clone(),
                href: path.href_to(&paths.platform(&p.slug)),
            })
            .collect(),
        actions: action_heads(edition, &path, paths),
        methodology: path.href_to(&paths.methodology()),
        changes: site.history[index]
            .is_some()
            .then(|| path.href_to(&paths.changes())),
    }
}

/// One thing the search finds. `url` is relative to the index's own address.
#[derive(Serialize)]
pub struct SearchEntry {
    /// "platform", "action", "indicator" or "finding".
    pub kind: &'static str,
    pub title: String,
    /// The text searched besides the title, plain.
    pub text: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct SearchIndex {
    pub edition: String,
    pub title: String,
    pub entries: Vec<SearchEntry>,
}

/// `<label>/search.json`: platforms, actions, indicators and every finding's
/// rationale, in a fixed order.
pub fn search_index(site: &Site, index: usize, paths: &EditionPaths) -> Vec<u8> {
    use super::markdown::to_plain_text;
    let edition = &site.dataset.editions[index];
    let here = paths.search_index();
    let href = |target: &SitePath| here.href_to(target);
    let mut entries = Vec::new();
    for p in &edition.platforms {
        let info = &p.platform;
        let mut text = vec![info.company.value.clone()];
        text.extend(info.services.iter().map(|s| s.value.clone()));
        text.extend(info.summary.as_ref().map(|s| to_plain_text(&s.value)));
        entries.push(SearchEntry {
            kind: "platform",
            title: info.name.value.clone(),
            text: text.join(" · "),
            url: href(&paths.platform(&p.slug)),
        });
    }
    for a in &edition.framework.actions {
        entries.push(SearchEntry {
            kind: "action",
            title: format!("Action {}: {}", a.number.value, a.title.value),
            text: a
                .summary
                .as_ref()
                .map(|s| to_plain_text(&s.value))
                .unwrap_or_default(),
            url: href(&paths.action(a)),
        });
    }
    for (_, i) in edition.framework.indicators() {
        entries.push(SearchEntry {
            kind: "indicator",
            title: format!("{} {}", i.id.value, i.title.value),
            text: i.question.value.clone(),
            url: format!("{}#{}", href(&paths.methodology()), i.id.value.anchor()),
        });
    }
    for p in &edition.platforms {
        for (_, i) in edition.framework.indicators() {
            let Some(finding) = p.findings.get(&i.id.value) else {
                continue;
            };
            let rating = edition
                .framework
                .rating(&finding.rating.value)
                .map(|r| r.label.value.clone())
                .unwrap_or_default();
            let rationale = finding
                .rationale
                .as_ref()
                .map(|r| to_plain_text(&r.value))
                .unwrap_or_default();
            entries.push(SearchEntry {
                kind: "finding",
                title: format!(
                    "{}: {} {}",
                    p.platform.name.value, i.id.value, i.title.value
                ),
                text: format!("{rating}. {rationale}"),
                url: format!("{}#{}", href(&paths.platform(&p.slug)), i.id.value.anchor()),
            });
        }
    }
    let index = SearchIndex {
        edition: edition.label.to_string(),
        title: edition_name(site, edition),
        entries,
    };
    let mut bytes = serde_json::to_vec(&index).expect("the index serialises");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_a_script_element_cannot_close_it() {
        let value =
            serde_json::json!({ "name": "</script><!-- a & b --><script>alert(1)</script>" });
        let text = script_json(&value);
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value, "JSON reads the escapes as the same characters");
    }
}
