//! Page contexts: one small serialisable struct per kind of page, holding
//! exactly what the page shows, already computed, formatted and linked, in
//! the page's language. Templates only lay them out: every word they print
//! comes from the string catalogue (see [`crate::i18n`]), and every string
//! with a placeholder, a number or a date is filled here.

use serde::Serialize;

use crate::diff::{self, ScoreRow};
use crate::evidence::{EvidenceError, Findings};
use crate::i18n::{Dir, Locale};
use crate::ids::LanguageTag;
use crate::model::{Action, Dataset, Edition, PlatformEvidence, Source, Status, Text};
use crate::score::changes::{Delta, Direction, Since};
use crate::score::{EditionScores, PlatformScore};
use crate::source::Spanned;

use super::chart;
use super::escape_html as esc;
use super::format;
use super::markdown::{to_safe_html, Origin};
use super::urls::{self, EditionPaths, LangPaths, SitePath};

pub mod kit;
pub mod search;

/// The dataset with its scores, the public base URL and the locale of each
/// language: what every context is built from.
pub struct Site<'a> {
    pub dataset: &'a Dataset,
    pub scores: &'a [EditionScores],
    /// Per edition: the previous one and what changed since (see
    /// [`crate::score::changes::history`]).
    pub history: &'a [Option<Since>],
    pub base_url: String,
    /// One per language of the site, in the order of `languages`.
    pub locales: &'a [Locale],
    /// The findings' rationales as HTML, made once for every page showing them.
    pub rationales: &'a super::rationales::Rationales,
    /// The pieces of the largest files, kept from the last build in `serve`.
    pub pieces: &'a super::pieces::Pieces,
}

impl Site<'_> {
    /// Where the pages of language `lang` are canonical: the root for the
    /// default language, `<lang>/` for the others.
    pub fn canonical_root(&self, lang: usize) -> LangPaths {
        if lang == 0 {
            LangPaths::root(0)
        } else {
            LangPaths::folder(lang, self.locales[lang].language.as_str())
        }
    }

    fn default_language(&self) -> &LanguageTag {
        self.dataset.settings.languages.default_language()
    }
}

/// The language a page is written in, and the texts of the data in it.
struct Lang<'a> {
    site: &'a Site<'a>,
    loc: &'a Locale,
    lang: usize,
}

/// A text of the data as a page shows it: marked with its language when it is
/// not the page's (a translation that is missing, or one text for every language).
#[derive(Serialize, Clone)]
pub struct Shown {
    pub text: String,
    pub lang: Option<String>,
    pub dir: Option<Dir>,
}

impl<'a> Lang<'a> {
    fn new(site: &'a Site<'a>, lang: usize) -> Lang<'a> {
        Lang {
            site,
            loc: &site.locales[lang],
            lang,
        }
    }

    /// The text and, when it is in another language, that language.
    fn pick<'t>(&self, text: &'t Text) -> (&'t str, Option<&'t LanguageTag>)
    where
        'a: 't,
    {
        text.pick(&self.loc.language, self.site.default_language())
    }

    fn plain(&self, text: &Text) -> String {
        self.pick(text).0.to_owned()
    }

    fn shown(&self, text: &Text) -> Shown {
        let (s, other) = self.pick(text);
        Shown {
            text: s.to_owned(),
            lang: other.map(|l| l.as_str().to_owned()),
            dir: other.map(|_| self.site.locales[0].dir),
        }
    }

    /// The language attributes of a text in another language, for HTML.
    fn attributes(&self, other: Option<&LanguageTag>) -> String {
        match other {
            Some(l) => {
                let dir = match self.site.locales[0].dir {
                    Dir::Ltr => "ltr",
                    Dir::Rtl => "rtl",
                };
                format!(r#" lang="{}" dir="{dir}""#, esc(l.as_str()))
            }
            None => String::new(),
        }
    }

    /// A text as HTML, in a `<span>` with its language when that is not the page's.
    fn html(&self, text: &Text) -> String {
        let (s, other) = self.pick(text);
        match other {
            Some(_) => format!("<span{}>{}</span>", self.attributes(other), esc(s)),
            None => esc(s),
        }
    }

    /// Markdown as safe HTML, in a `<div>` with its language when that is not the page's.
    fn markdown(&self, text: Option<&Spanned<Text>>) -> Option<String> {
        let (s, other) = self.pick(&text?.value);
        let html = to_safe_html(s, Origin::Evidence);
        Some(match other {
            Some(_) => format!("<div{}>{html}</div>", self.attributes(other)),
            None => html,
        })
    }

    fn t(&self, key: &str) -> String {
        self.loc.t(key).to_owned()
    }

    fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.loc.fill(key, args)
    }

    fn int(&self, n: usize) -> String {
        self.loc.integer(i64::try_from(n).unwrap_or(i64::MAX))
    }

    fn date(&self, d: chrono::NaiveDate) -> String {
        self.loc.date(d)
    }

    /// A score to one decimal, or "n/a".
    fn score(&self, value: Option<f64>) -> String {
        match value {
            Some(v) => self.loc.decimal(v, 1),
            None => self.t("score.not_applicable"),
        }
    }

    /// A platform's rank by total as shown, and how many platforms are ranked.
    fn total_rank(&self, scores: &EditionScores, platform_index: usize) -> (Rank, usize) {
        let rank = self.rank(
            scores.platforms[platform_index].rank,
            scores.total_tied[platform_index],
        );
        (rank, scores.ranked())
    }

    /// A rank as shown; `tied` from [`crate::score::EditionScores`].
    fn rank(&self, rank: Option<usize>, tied: bool) -> Rank {
        match rank {
            Some(r) => Rank {
                text: self.int(r),
                tied,
            },
            None => Rank {
                text: "–".into(),
                tied: false,
            },
        }
    }

    /// A rank as HTML, as the `rank` macro prints it.
    fn rank_html(&self, rank: &Rank) -> String {
        let mut out = esc(&rank.text);
        if rank.tied {
            out.push_str(&format!(
                r#"<span class="tie"> {}</span>"#,
                esc(self.loc.t("score.tied"))
            ));
        }
        out
    }

    fn cell(&self, value: Option<f64>) -> ScoreCell {
        ScoreCell {
            text: self.score(value),
            band: format::band(value),
        }
    }

    /// A score cell as HTML, as the `score` macro prints it.
    fn cell_html(cell: &ScoreCell) -> String {
        format!(
            r#"<span class="score {}">{}</span>"#,
            cell.band,
            esc(&cell.text)
        )
    }

    /// A change as shown: "▲ +12.5", "▼ −5.0", "=", "was n/a" or "now n/a".
    /// The arrow and the sign carry the direction, so colour never has to.
    fn change(&self, delta: &Delta) -> String {
        let n = self.loc.decimal(delta.change().map_or(0.0, f64::abs), 1);
        match delta.direction() {
            Direction::Up => self.fill("change.up", &[("n", &n)]),
            Direction::Down => self.fill("change.down", &[("n", &n)]),
            Direction::Same => self.t("change.same"),
            Direction::Gained => self.t("change.gained"),
            Direction::Lost => self.t("change.lost"),
        }
    }

    /// A change in words, for screen readers: "up 8.5 points since 2025".
    fn change_words(&self, delta: &Delta, since: &str) -> String {
        let n = self.loc.decimal(delta.change().map_or(0.0, f64::abs), 1);
        let (before, after) = (self.score(delta.before), self.score(delta.after));
        let args = [
            ("n", n.as_str()),
            ("since", since),
            ("before", before.as_str()),
            ("after", after.as_str()),
        ];
        let key = match delta.direction() {
            Direction::Up => "change.up_words",
            Direction::Down => "change.down_words",
            Direction::Same => "change.same_words",
            Direction::Gained => "change.gained_words",
            Direction::Lost => "change.lost_words",
        };
        self.fill(key, &args)
    }

    fn change_cell(&self, delta: &Delta, since: &str) -> ChangeCell {
        ChangeCell {
            text: self.change(delta),
            words: self.change_words(delta, since),
            class: format::change_class(delta),
        }
    }

    /// The cell of a platform the previous edition did not assess.
    fn new_cell(&self, since: &str) -> ChangeCell {
        ChangeCell {
            text: self.t("change.new"),
            words: self.fill("change.new_words", &[("since", since)]),
            class: "change-new",
        }
    }

    fn link(href: &str, html: &str) -> String {
        format!(r#"<a href="{}">{html}</a>"#, esc(href))
    }

    fn action_label(&self, number: u32, title: &Text) -> String {
        self.fill(
            "action.label",
            &[("number", &self.num(number)), ("title", &self.plain(title))],
        )
    }

    fn action_number(&self, number: u32) -> String {
        self.fill("action.number", &[("number", &self.num(number))])
    }

    fn num(&self, n: u32) -> String {
        self.loc.integer(n)
    }

    fn rating_label(&self, edition: &Edition, rating: Option<&crate::ids::RatingId>) -> String {
        rating
            .and_then(|r| edition.framework.rating(r))
            .map_or_else(
                || self.t("score.not_assessed"),
                |r| self.plain(&r.label.value),
            )
    }
}

#[derive(Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    pub current: bool,
    /// The label's language, when it is not the page's (an untranslated page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// One language of the language switcher.
#[derive(Serialize)]
pub struct LanguageLink {
    pub label: String,
    pub href: String,
    pub lang: String,
    pub current: bool,
}

/// `<link rel="alternate" hreflang>`: the same page in another language.
#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// What every page shows around its content.
#[derive(Serialize)]
pub struct Chrome {
    pub lang: String,
    pub rtl: bool,
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
    /// The Atom feed of editions, and its title.
    pub feed: String,
    pub feed_title: String,
    pub published_by: String,
    /// On a platform report: the same platform in every edition that assessed it.
    pub also_in: Option<AlsoIn>,
    /// The same page in every language (empty for a site in one language).
    pub languages: Vec<LanguageLink>,
    pub alternates: Vec<Alternate>,
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
    pub title: Shown,
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

fn chrome(l: &Lang, root: &LangPaths, frame: PageFrame) -> Chrome {
    let site = l.site;
    let settings = &site.dataset.settings;
    let latest = site.dataset.latest_published();
    // Pages outside an edition (extra pages, 404) navigate within the root one.
    let nav_edition = frame.edition.map(|(i, p)| (i, p.clone())).or_else(|| {
        site.dataset
            .root_edition()
            .map(|i| (i, root.latest(&site.dataset.editions[i].label)))
    });
    let mut nav = Vec::new();
    if let Some((_, paths)) = &nav_edition {
        nav.push(Link {
            label: l.t("nav.overview"),
            href: frame.path.href_to(&paths.overview()),
            current: frame.section == Section::Overview,
            lang: None,
        });
        nav.push(Link {
            label: l.t("nav.methodology"),
            href: frame.path.href_to(&paths.methodology()),
            current: frame.section == Section::Methodology,
            lang: None,
        });
    }
    if let Some((i, paths)) = &nav_edition {
        if site.history[*i].is_some() {
            nav.push(Link {
                label: l.t("nav.changes"),
                href: frame.path.href_to(&paths.changes()),
                current: frame.section == Section::Changes,
                lang: None,
            });
        }
        nav.push(Link {
            label: l.t("nav.search"),
            href: frame.path.href_to(&paths.search()),
            current: frame.section == Section::Search,
            lang: None,
        });
    }
    for page in &site.dataset.pages {
        let target = root.extra_page(&page.name);
        let (label, lang) = page_title(l, page);
        nav.push(Link {
            label,
            href: frame.path.href_to(&target),
            current: *frame.path == target,
            lang,
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
            label: edition_label(l, e),
            href: frame.path.href_to(&root.edition(&e.label).overview()),
            current: current_edition == Some(i),
            lang: None,
        })
        .collect();
    let notice = frame.edition.and_then(|(i, _)| {
        let edition = &site.dataset.editions[i];
        if edition.meta.status == Status::Draft {
            return Some(Notice {
                text: l.fill("notice.draft", &[("label", edition.label.as_str())]),
                link: None,
            });
        }
        let newer = latest.filter(|&l| l > i)?;
        let newer_label = &site.dataset.editions[newer].label;
        Some(Notice {
            text: l.fill("notice.older", &[("label", edition.label.as_str())]),
            link: Some(Link {
                label: l.fill("notice.read_newer", &[("label", newer_label.as_str())]),
                href: frame.path.href_to(&root.edition(newer_label).overview()),
                current: false,
                lang: None,
            }),
        })
    });
    // The same page in every language: its path from its language's folder,
    // under each language's canonical folder.
    let within = frame
        .path
        .from_root(&root.root)
        .unwrap_or_else(|| frame.path.clone());
    let (languages, alternates) = if site.locales.len() > 1 {
        let languages = site
            .locales
            .iter()
            .enumerate()
            .map(|(i, loc)| {
                let target = if i == l.lang {
                    frame.path.clone()
                } else {
                    within.under(&site.canonical_root(i).root)
                };
                LanguageLink {
                    label: loc.t("meta.name").to_owned(),
                    href: frame.path.href_to(&target),
                    lang: loc.language.as_str().to_owned(),
                    current: i == l.lang,
                }
            })
            .collect();
        let mut alternates: Vec<Alternate> = site
            .locales
            .iter()
            .enumerate()
            .map(|(i, loc)| Alternate {
                hreflang: loc.language.as_str().to_owned(),
                href: within
                    .under(&site.canonical_root(i).root)
                    .absolute(&site.base_url),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: within.absolute(&site.base_url),
        });
        (languages, alternates)
    } else {
        (Vec::new(), Vec::new())
    };
    let site_title = l.plain(&settings.title.value);
    let publisher = l.plain(&settings.publisher.value);
    let license = settings.license.value.as_str().to_owned();
    Chrome {
        lang: l.loc.language.as_str().to_owned(),
        rtl: l.loc.rtl(),
        feed_title: l.fill("site.feed_title", &[("site", &site_title)]),
        published_by: l.fill(
            "site.published_by",
            &[
                ("site", &site_title),
                ("publisher", &publisher),
                ("license", &license),
            ],
        ),
        site_title,
        publisher,
        license,
        sample_data: settings.sample_data,
        page_title: frame.title,
        description: frame.description,
        canonical: frame.canonical.absolute(&site.base_url),
        og_type: "website",
        stylesheet: frame.path.href_to(&urls::stylesheet()),
        home: frame.path.href_to(&root.root),
        nav,
        editions,
        notice,
        feed: frame.path.href_to(&site.canonical_root(l.lang).feed()),
        also_in: None,
        languages,
        alternates,
    }
}

fn edition_label(l: &Lang, e: &Edition) -> String {
    if e.meta.status == Status::Draft {
        l.fill("nav.draft_edition", &[("label", e.label.as_str())])
    } else {
        e.label.to_string()
    }
}

/// A page's title in the language (its translation's, when there is one),
/// and the language it is in when that is not the page's.
fn page_title(l: &Lang, page: &crate::model::Page) -> (String, Option<String>) {
    match page
        .translations
        .iter()
        .find(|t| t.language == l.loc.language)
    {
        Some(t) => (t.title.value.clone(), None),
        None => {
            let shown = l.shown(&page.title.value);
            (shown.text, shown.lang)
        }
    }
}

fn edition_info(l: &Lang, edition: &Edition, path: &SitePath, paths: &EditionPaths) -> EditionInfo {
    EditionInfo {
        label: edition.label.to_string(),
        title: l.shown(&edition.meta.title.value),
        published: l.date(edition.meta.published.value),
        published_iso: edition.meta.published.value.to_string(),
        permalink: l
            .site
            .canonical_root(l.lang)
            .edition(&edition.label)
            .overview()
            .absolute(&l.site.base_url),
        draft: edition.meta.status == Status::Draft,
        csv: path.href_to(&paths.scores_csv()),
        json: path.href_to(&paths.scorecard_json()),
    }
}

/// A rank as shown: "1", "2 (tied)", or "–" when there is none.
#[derive(Serialize)]
pub struct Rank {
    pub text: String,
    pub tied: bool,
}

#[derive(Serialize)]
pub struct ScoreCell {
    pub text: String,
    pub band: &'static str,
}

/// A change since the previous edition, as shown: the arrow and signed figure
/// for the eye, the same in words for screen readers, and a class.
#[derive(Serialize)]
pub struct ChangeCell {
    pub text: String,
    pub words: String,
    pub class: &'static str,
}

/// The edition a page is compared with.
#[derive(Serialize)]
pub struct PreviousInfo {
    pub label: String,
    pub title: Shown,
    /// Its overview.
    pub href: String,
    /// This edition's changes page.
    pub changes: String,
}

fn previous_info(
    l: &Lang,
    index: usize,
    path: &SitePath,
    paths: &EditionPaths,
) -> Option<PreviousInfo> {
    let since = l.site.history[index].as_ref()?;
    let previous = &l.site.dataset.editions[since.previous];
    Some(PreviousInfo {
        label: previous.label.to_string(),
        title: l.shown(&previous.meta.title.value),
        href: path.href_to(&paths.lang.edition(&previous.label).overview()),
        changes: path.href_to(&paths.changes()),
    })
}

#[derive(Serialize)]
pub struct ActionHead {
    pub number: u32,
    /// The number in the locale's digits.
    pub number_text: String,
    /// "Action 3: …", for screen readers.
    pub label: String,
    pub title: Shown,
    pub href: String,
}

fn action_heads(
    l: &Lang,
    edition: &Edition,
    path: &SitePath,
    paths: &EditionPaths,
) -> Vec<ActionHead> {
    edition
        .framework
        .actions
        .iter()
        .map(|a| ActionHead {
            number: a.number.value,
            number_text: l.num(a.number.value),
            label: l.action_label(a.number.value, &a.title.value),
            title: l.shown(&a.title.value),
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
    pub matrix_caption: String,
    pub bands: Vec<BandLegend>,
    pub methodology: String,
    /// The edition the change column compares with; `None` for a first edition.
    pub previous: Option<PreviousInfo>,
    /// "Since 2025", the change column's heading.
    pub since: Option<String>,
    /// The link to every change since the previous edition, with its sentence.
    pub changes_html: Option<String>,
    pub data_html: String,
}

#[derive(Serialize)]
pub struct RankRow {
    pub rank: Rank,
    pub name: String,
    pub company: String,
    pub href: String,
    pub total: ScoreCell,
    /// "38 of 40".
    pub assessed: String,
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
    pub range: String,
}

/// The colour bands of the legend, with their ranges.
fn bands(l: &Lang) -> Vec<BandLegend> {
    format::BANDS
        .iter()
        .map(|&(band, range)| BandLegend {
            band,
            range: match range {
                Some((from, to)) => l.fill(
                    "score.range",
                    &[("from", &l.loc.number(from)), ("to", &l.loc.number(to))],
                ),
                None => l.t("score.not_applicable_band"),
            },
        })
        .collect()
}

pub fn overview(site: &Site, index: usize, paths: &EditionPaths) -> OverviewPage {
    let l = &Lang::new(site, paths.lang.lang);
    let edition = &site.dataset.editions[index];
    let scores = &site.scores[index];
    let path = paths.overview();
    let canonical = site
        .canonical_root(l.lang)
        .edition(&edition.label)
        .overview();
    let since = site.history[index]
        .as_ref()
        .map(|s| (s, site.dataset.editions[s.previous].label.as_str()));
    let ranking = scores
        .ranking
        .iter()
        .map(|&i| {
            let (p, s) = (&edition.platforms[i], &scores.platforms[i]);
            RankRow {
                rank: l.rank(s.rank, scores.total_tied[i]),
                name: p.platform.name.value.clone(),
                company: p.platform.company.value.clone(),
                href: path.href_to(&paths.platform(&p.slug)),
                total: l.cell(s.total),
                assessed: l.fill(
                    "score.assessed_of",
                    &[
                        ("assessed", &l.int(s.assessed)),
                        ("indicators", &l.int(s.indicators)),
                    ],
                ),
                change: since.map(|(since, label)| match &since.changes.platforms[i] {
                    Some(c) => l.change_cell(&c.total, label),
                    None => l.new_cell(label),
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
                total: l.cell(s.total),
                cells: edition
                    .framework
                    .actions
                    .iter()
                    .zip(&s.actions)
                    .map(|(a, score)| MatrixCell {
                        score: l.cell(score.score),
                        href: format!("{}#action-{}", path.href_to(&page), a.number.value),
                    })
                    .collect(),
            }
        })
        .collect();
    let site_title = l.plain(&site.dataset.settings.title.value);
    let previous = previous_info(l, index, &path, paths);
    let changes_html = previous.as_ref().map(|p| {
        let text = l.fill("overview.changes_link_text", &[("previous", &p.title.text)]);
        l.loc.fill_html(
            "overview.changes_link",
            &[("link", &Lang::link(&p.changes, &esc(&text)))],
        )
    });
    let methodology = path.href_to(&paths.methodology());
    let csv = path.href_to(&paths.scores_csv());
    let json = path.href_to(&paths.scorecard_json());
    let data_html = l.loc.fill_html(
        "overview.data_text",
        &[
            ("csv", &Lang::link(&csv, "scores.csv")),
            ("json", &Lang::link(&json, "scorecard.json")),
            (
                "methodology",
                &Lang::link(&methodology, &esc(l.loc.t("overview.methodology_link"))),
            ),
        ],
    );
    let count = edition.framework.actions.len();
    OverviewPage {
        chrome: chrome(
            l,
            &paths.lang,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: l.fill(
                    "title.overview",
                    &[
                        ("site", &site_title),
                        ("edition", &l.plain(&edition.meta.title.value)),
                    ],
                ),
                description: l.loc.count(
                    "description.overview",
                    edition.platforms.len(),
                    &[("framework", &l.plain(&edition.framework.title.value))],
                ),
                section: Section::Overview,
                edition: Some((index, paths)),
            },
        ),
        edition: edition_info(l, edition, &path, paths),
        summary_html: l.markdown(edition.meta.summary.as_ref()),
        ranking,
        actions: action_heads(l, edition, &path, paths),
        matrix,
        matrix_caption: l.loc.count("overview.matrix_caption", count, &[]),
        bands: bands(l),
        methodology,
        since: previous
            .as_ref()
            .map(|p| l.fill("overview.since", &[("label", &p.label)])),
        previous,
        changes_html,
        data_html,
    }
}

// ---------------------------------------------------------------- platform

#[derive(Serialize)]
pub struct PlatformPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    pub platform: PlatformInfo,
    pub total: ScoreCell,
    /// "Rank 2 of 6 · 38 of 40 indicators assessed".
    pub facts_html: String,
    /// The action bar chart, wide and narrow (the stylesheet shows one).
    pub chart_svg: String,
    pub chart_narrow_svg: String,
    pub chart_caption_html: String,
    pub actions: Vec<PlatformAction>,
    pub responses: Vec<ResponseInfo>,
    pub citation: Citation,
    /// What changed since the previous edition; `None` in a first edition.
    pub since: Option<PlatformSince>,
}

/// The "Changes since" section of a platform report. It compares with the
/// previous edition only and links only to it, so an edition's reports read
/// the same whatever editions come later.
#[derive(Serialize)]
pub struct PlatformSince {
    pub previous: PreviousInfo,
    /// "Changes since 2025".
    pub heading: String,
    /// The platform was not assessed in the previous edition.
    pub new: bool,
    /// "… is new in this edition" or "Compared with …".
    pub intro_html: String,
    pub caption: String,
    /// The total, then every action both frameworks have, changed or not.
    pub rows: Vec<SinceRow>,
    /// The ratings that changed, as HTML.
    pub ratings: Vec<String>,
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

/// What the framework revision from `old` to `new` changed, in words.
fn revision_notes(l: &Lang, old: &Edition, new: &Edition, since: &Since) -> Vec<String> {
    diff::framework_in(old, new, &since.changes, &|t| l.plain(t))
        .iter()
        .map(|f| {
            let subject = subject(l, f);
            match f.change {
                diff::FrameworkChangeKind::ActionAdded
                | diff::FrameworkChangeKind::IndicatorAdded => l.fill(
                    "platform.revision_added",
                    &[("subject", &subject), ("label", new.label.as_str())],
                ),
                diff::FrameworkChangeKind::ActionRemoved
                | diff::FrameworkChangeKind::IndicatorRemoved => l.fill(
                    "platform.revision_removed",
                    &[("subject", &subject), ("label", old.label.as_str())],
                ),
                diff::FrameworkChangeKind::IndicatorReworded => l.fill(
                    "platform.revision_reworded",
                    &[
                        ("subject", &subject),
                        ("label", old.label.as_str()),
                        ("title", f.previous_title.as_deref().unwrap_or_default()),
                    ],
                ),
            }
        })
        .collect()
}

/// "action 11 …" or "indicator 6.4 …", in the page's language.
fn subject(l: &Lang, f: &diff::FrameworkRow) -> String {
    match (&f.action, &f.indicator) {
        (Some(a), _) => l.fill(
            "changes.subject_action",
            &[("number", &l.num(a.number)), ("title", &a.title)],
        ),
        (None, Some(i)) => l.fill(
            "changes.subject_indicator",
            &[("id", &i.id.to_string()), ("title", &i.title)],
        ),
        (None, None) => String::new(),
    }
}

fn platform_since(
    l: &Lang,
    index: usize,
    platform_index: usize,
    path: &SitePath,
    paths: &EditionPaths,
) -> Option<PlatformSince> {
    let site = l.site;
    let since = site.history[index].as_ref()?;
    let (old, new) = (
        &site.dataset.editions[since.previous],
        &site.dataset.editions[index],
    );
    let label = old.label.as_str();
    let previous = previous_info(l, index, path, paths)?;
    let revision = revision_notes(l, old, new, since);
    let evidence = &new.platforms[platform_index];
    let name = &evidence.platform.name.value;
    let heading = l.fill("platform.changes_since", &[("label", label)]);
    let previous_title = l.html(&old.meta.title.value);
    let caption = l.fill(
        "platform.since_caption",
        &[("previous", label), ("edition", new.label.as_str())],
    );
    let Some(change) = &since.changes.platforms[platform_index] else {
        let intro_html = l.loc.fill_html(
            "platform.since_new",
            &[
                ("platform", &esc(name)),
                ("link", &Lang::link(&previous.href, &previous_title)),
            ],
        );
        return Some(PlatformSince {
            previous,
            heading,
            new: true,
            intro_html,
            caption,
            rows: Vec::new(),
            ratings: Vec::new(),
            revision,
        });
    };
    let report = path.href_to(&paths.lang.edition(&old.label).platform(&evidence.slug));
    let report_text = l.loc.fill_html(
        "platform.since_report",
        &[("platform", &esc(name)), ("previous", &previous_title)],
    );
    let intro_html = l.loc.fill_html(
        "platform.since_compared",
        &[("link", &Lang::link(&report, &report_text))],
    );
    let row = |label_text: String, href: Option<String>, delta: &Delta, revised: bool| SinceRow {
        total: href.is_none(),
        label: label_text,
        href,
        before: l.score(delta.before),
        after: l.score(delta.after),
        change: l.change_cell(delta, label),
        revised,
    };
    let rows = std::iter::once(row(l.t("table.total"), None, &change.total, false))
        .chain(change.actions.iter().filter_map(|a| {
            let action = new
                .framework
                .actions
                .iter()
                .find(|x| x.number.value == a.number)?;
            Some(row(
                l.action_label(a.number, &action.title.value),
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
                .map(|(_, i)| l.html(&i.title.value))
                .unwrap_or_default();
            let indicator = Lang::link(
                &format!("#{}", r.indicator.anchor()),
                &format!(
                    r#"<span class="indicator-id">{}</span> {title}"#,
                    r.indicator
                ),
            );
            l.loc.fill_html(
                "platform.rating_change",
                &[
                    ("indicator", &indicator),
                    ("before", &esc(&l.rating_label(old, r.before.as_ref()))),
                    ("after", &esc(&l.rating_label(new, r.after.as_ref()))),
                ],
            )
        })
        .collect();
    Some(PlatformSince {
        previous,
        heading,
        new: false,
        intro_html,
        caption,
        rows,
        ratings,
        revision,
    })
}

/// The same platform in every edition that assessed it, newest first; `None`
/// when only one did.
fn also_in(
    l: &Lang,
    index: usize,
    evidence: &PlatformEvidence,
    path: &SitePath,
    paths: &EditionPaths,
) -> Option<AlsoIn> {
    let slug = &evidence.slug;
    let links: Vec<Link> = l
        .site
        .dataset
        .editions
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, e)| e.platforms.binary_search_by(|p| p.slug.cmp(slug)).is_ok())
        .map(|(i, e)| Link {
            label: edition_label(l, e),
            href: path.href_to(&paths.lang.edition(&e.label).platform(slug)),
            current: i == index,
            lang: None,
        })
        .collect();
    (links.len() > 1).then(|| AlsoIn {
        label: l.fill(
            "nav.also_in",
            &[("platform", &evidence.platform.name.value)],
        ),
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
    pub number_text: String,
    /// "Action 3: …".
    pub label: String,
    pub title: Shown,
    pub href: String,
    pub score: ScoreCell,
    /// "Score 50.0 · rank 2 · 3 of 4 indicators assessed · all platforms on action 3".
    pub facts_html: String,
    pub indicators: Vec<IndicatorResult>,
}

#[derive(Serialize)]
pub struct IndicatorResult {
    pub id: String,
    pub anchor: String,
    pub title: Shown,
    pub question: Shown,
    pub rating: Option<RatingInfo>,
    pub rationale_html: Option<String>,
    pub sources: Vec<SourceInfo>,
    /// "2 sources".
    pub sources_count: String,
}

#[derive(Serialize)]
pub struct RatingInfo {
    pub id: String,
    pub label: String,
    /// "50 points", or "excluded from the score".
    pub points: String,
}

#[derive(Serialize)]
pub struct SourceInfo {
    pub title: Shown,
    pub url: String,
    pub publisher: String,
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub accessed: String,
    pub accessed_iso: String,
    pub archive: Option<String>,
    pub quote: Option<Shown>,
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
}

fn source_info(l: &Lang, s: &Source) -> SourceInfo {
    SourceInfo {
        title: l.shown(&s.title.value),
        url: s.url.value.to_string(),
        publisher: s.publisher.value.clone(),
        published: s.published.as_ref().map(|d| l.date(d.value)),
        published_iso: s.published.as_ref().map(|d| format::iso_date(d.value)),
        accessed: l.date(s.accessed.value),
        accessed_iso: format::iso_date(s.accessed.value),
        archive: s.archive.as_ref().map(|a| a.value.to_string()),
        quote: s.quote.as_ref().map(|q| l.shown(&q.value)),
    }
}

fn rating_info(l: &Lang, edition: &Edition, rating: &crate::ids::RatingId) -> Option<RatingInfo> {
    let r = edition.framework.rating(rating)?;
    Some(RatingInfo {
        id: r.id.value.to_string(),
        label: l.plain(&r.label.value),
        points: r.points.as_ref().map_or_else(
            || l.t("score.excluded"),
            |p| l.loc.count("score.points", usize::from(p.value), &[]),
        ),
    })
}

/// How much of a finding a page shows.
#[derive(Clone, Copy)]
enum Detail<'f> {
    /// The rating, rationale and sources: the platform's whole findings.
    Whole(&'f Findings),
    /// The rating alone (a ranking table whose rationales are on other pages).
    Rating,
}

fn indicator_results(
    l: &Lang,
    index: usize,
    action: &Action,
    platform_index: usize,
    detail: Detail,
) -> Vec<IndicatorResult> {
    let edition = &l.site.dataset.editions[index];
    let evidence = &edition.platforms[platform_index];
    let whole = match detail {
        Detail::Whole(findings) => {
            let rationales = l.site.rationales.of(index, platform_index, l.lang, || {
                findings
                    .values()
                    .map(|f| l.markdown(f.rationale.as_ref()))
                    .collect()
            });
            Some((findings, rationales))
        }
        Detail::Rating => None,
    };
    action
        .indicators
        .iter()
        .map(|i| {
            let rated = evidence.ratings.get(&i.id.value);
            let found = whole.as_ref().and_then(|(findings, rationales)| {
                let (n, (_, f)) =
                    (findings.iter().enumerate()).find(|(_, (id, _))| **id == i.id.value)?;
                Some((f, rationales[n].clone()))
            });
            let (rationale_html, sources) = match found {
                Some((f, rationale)) => (
                    rationale,
                    f.sources.iter().map(|s| source_info(l, s)).collect(),
                ),
                None => (None, Vec::new()),
            };
            IndicatorResult {
                id: i.id.value.to_string(),
                anchor: i.id.value.anchor(),
                title: l.shown(&i.title.value),
                question: l.shown(&i.question.value),
                rating: rated.and_then(|r| rating_info(l, edition, &r.rating)),
                rationale_html,
                sources_count: match whole {
                    Some(_) => l.loc.count("action.sources", sources.len(), &[]),
                    None => String::new(),
                },
                sources,
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
    l: &Lang,
    edition: &Edition,
    page_title: &str,
    permalink: String,
    key: &str,
) -> Citation {
    let settings = &l.site.dataset.settings;
    let date = edition.meta.published.value;
    let (publisher, site_title, edition_title) = (
        l.plain(&settings.publisher.value),
        l.plain(&settings.title.value),
        l.plain(&edition.meta.title.value),
    );
    let apa = l.fill(
        "cite.apa",
        &[
            ("publisher", &publisher),
            ("year", &l.loc.year(date)),
            ("month_day", &l.loc.month_day(date)),
            ("title", page_title),
            ("edition", &edition_title),
            ("site", &site_title),
            ("permalink", &permalink),
        ],
    );
    // BibTeX's own conventions: an English month macro and an ISO date.
    let bibtex = format!(
        "@misc{{{key},\n  author = {{{{{}}}}},\n  title = {{{}}},\n  howpublished = {{{}, {}}},\n  year = {{{}}},\n  month = {},\n  date = {{{}}},\n  url = {{{}}}\n}}",
        bibtex_escape(&publisher),
        bibtex_escape(page_title),
        bibtex_escape(&site_title),
        bibtex_escape(&edition_title),
        date.format("%Y"),
        date.format("%b").to_string().to_lowercase(),
        date,
        permalink
    );
    Citation {
        permalink,
        apa,
        bibtex,
    }
}

pub fn platform(
    site: &Site,
    index: usize,
    platform_index: usize,
    paths: &EditionPaths,
) -> Result<PlatformPage, EvidenceError> {
    let l = &Lang::new(site, paths.lang.lang);
    let findings = site.dataset.evidence.findings(index, platform_index)?;
    let edition = &site.dataset.editions[index];
    let scores = &site.scores[index];
    let evidence = &edition.platforms[platform_index];
    let score: &PlatformScore = &scores.platforms[platform_index];
    let p = &evidence.platform;
    let path = paths.platform(&evidence.slug);
    let canonical = site
        .canonical_root(l.lang)
        .edition(&edition.label)
        .platform(&evidence.slug);
    let title = l.fill("platform.report_title", &[("platform", &p.name.value)]);
    let actions: Vec<PlatformAction> = edition
        .framework
        .actions
        .iter()
        .zip(&score.actions)
        .enumerate()
        .map(|(ai, (a, s))| {
            let href = path.href_to(&paths.action(a));
            let cell = l.cell(s.score);
            let rank = l.rank(s.rank, scores.action_tied[ai][platform_index]);
            let all = l.fill(
                "platform.all_on_action",
                &[("number", &l.num(a.number.value))],
            );
            let facts_html = l.loc.fill_html(
                "platform.action_facts",
                &[
                    ("score", &Lang::cell_html(&cell)),
                    ("rank", &l.rank_html(&rank)),
                    ("assessed", &esc(&l.int(s.assessed))),
                    ("indicators", &esc(&l.int(a.indicators.len()))),
                    ("link", &Lang::link(&href, &esc(&all))),
                ],
            );
            PlatformAction {
                number: a.number.value,
                number_text: l.action_number(a.number.value),
                label: l.action_label(a.number.value, &a.title.value),
                title: l.shown(&a.title.value),
                href,
                score: cell,
                facts_html,
                indicators: indicator_results(
                    l,
                    index,
                    a,
                    platform_index,
                    Detail::Whole(&findings),
                ),
            }
        })
        .collect();
    let edition_title = l.plain(&edition.meta.title.value);
    let chart_title = kit::chart_title(l, edition, evidence);
    let chart_rows = kit::chart_rows(l, edition, score);
    let chart_svg = chart::action_bars(&chart_title, &chart_rows, chart::WIDE, l.loc);
    let chart_narrow_svg = chart::action_bars(&chart_title, &chart_rows, chart::NARROW, l.loc);
    let total = l.cell(score.total);
    let (rank, ranked) = l.total_rank(scores, platform_index);
    let facts_html = l.loc.fill_html(
        "platform.total_facts",
        &[
            ("rank", &l.rank_html(&rank)),
            ("ranked", &esc(&l.int(ranked))),
            ("assessed", &esc(&l.int(score.assessed))),
            ("indicators", &esc(&l.int(score.indicators))),
        ],
    );
    let methodology = path.href_to(&paths.methodology());
    let chart_caption_html = l.loc.fill_html(
        "platform.chart_caption",
        &[(
            "link",
            &Lang::link(&methodology, &esc(l.loc.t("platform.how_computed"))),
        )],
    );
    let site_title = l.plain(&site.dataset.settings.title.value);
    Ok(PlatformPage {
        chrome: Chrome {
            og_type: "article",
            also_in: also_in(l, index, evidence, &path, paths),
            ..chrome(
                l,
                &paths.lang,
                PageFrame {
                    path: &path,
                    canonical: &canonical,
                    title: l.fill(
                        "title.platform",
                        &[
                            ("platform", &p.name.value),
                            ("site", &site_title),
                            ("edition", &edition_title),
                        ],
                    ),
                    description: l.fill(
                        "description.platform",
                        &[
                            ("platform", &p.name.value),
                            ("score", &l.score(score.total)),
                            ("edition", &edition_title),
                            ("assessed", &l.int(score.assessed)),
                            ("indicators", &l.int(score.indicators)),
                        ],
                    ),
                    section: Section::Other,
                    edition: Some((index, paths)),
                },
            )
        },
        edition: edition_info(l, edition, &path, paths),
        platform: PlatformInfo {
            name: p.name.value.clone(),
            company: p.company.value.clone(),
            website: p.website.value.to_string(),
            headquarters: p.headquarters.as_ref().map(|h| h.value.as_str().to_owned()),
            services: p.services.iter().map(|s| s.value.clone()).collect(),
            summary_html: l.markdown(p.summary.as_ref()),
            assessed: l.date(p.assessed.value),
            assessed_iso: format::iso_date(p.assessed.value),
            researchers: p.researchers.iter().map(|r| r.value.clone()).collect(),
        },
        total,
        facts_html,
        chart_svg,
        chart_narrow_svg,
        chart_caption_html,
        actions,
        responses: p
            .responses
            .iter()
            .map(|r| ResponseInfo {
                received: l.date(r.received.value),
                received_iso: format::iso_date(r.received.value),
                summary_html: l.markdown(Some(&r.summary)).unwrap_or_default(),
                url: r.url.as_ref().map(|u| u.value.to_string()),
            })
            .collect(),
        citation: citation(
            l,
            edition,
            &title,
            canonical.absolute(&site.base_url),
            &format!("{}-{}", evidence.slug, edition.label),
        ),
        since: platform_since(l, index, platform_index, &path, paths),
    })
}

// ---------------------------------------------------------------- action

#[derive(Serialize)]
pub struct ActionPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    pub number: u32,
    /// "Action 3".
    pub number_text: String,
    /// "action 3 of 10".
    pub position: String,
    pub title: Shown,
    pub summary_html: Option<String>,
    pub weight: String,
    pub caption: String,
    pub indicators: Vec<IndicatorHead>,
    pub platforms: Vec<ActionPlatform>,
    /// The pages holding the rationales, when there are too many platforms
    /// for this one; empty when it shows them.
    pub rationale_pages: Vec<RationalePageLink>,
    pub rationale_pages_intro: String,
    pub actions: Vec<ActionHead>,
}

#[derive(Serialize)]
pub struct IndicatorHead {
    pub id: String,
    pub anchor: String,
    pub title: Shown,
    pub question: Shown,
}

#[derive(Serialize)]
pub struct ActionPlatform {
    pub rank: Rank,
    pub name: String,
    pub href: String,
    /// "Example Social's full report on action 3", as HTML.
    pub report_html: String,
    pub anchor: String,
    /// Where the ranking table links for the platform's rationale: its
    /// anchor on this page, or on the page of rationales that holds it.
    pub rationale_href: String,
    pub score: ScoreCell,
    pub findings: Vec<IndicatorResult>,
}

fn indicator_heads(l: &Lang, a: &Action) -> Vec<IndicatorHead> {
    a.indicators
        .iter()
        .map(|i| IndicatorHead {
            id: i.id.value.to_string(),
            anchor: i.id.value.anchor(),
            title: l.shown(&i.title.value),
            question: l.shown(&i.question.value),
        })
        .collect()
}

/// With more platforms than this, an action page keeps the ranking of every
/// platform and moves their rationales to pages of this many platforms each,
/// in the edition's platform order (which a change of score does not move):
/// a page holding a thousand platforms' rationales is too large to open.
pub const RATIONALES_PER_PAGE: usize = 50;

/// How many pages of rationales an action of an edition with `platforms`
/// platforms has beside its own page: none when they all fit on it.
pub fn rationale_pages(platforms: usize) -> usize {
    if platforms <= RATIONALES_PER_PAGE {
        0
    } else {
        platforms.div_ceil(RATIONALES_PER_PAGE)
    }
}

/// The page of rationales that shows platform `platform`, if any.
fn rationale_page_of(platforms: usize, platform: usize) -> Option<usize> {
    (rationale_pages(platforms) > 0).then_some(platform / RATIONALES_PER_PAGE + 1)
}

#[derive(Serialize)]
pub struct RationalePageLink {
    pub href: String,
    /// "Alpha Social to Delta Video": the first and last platform on the page.
    pub label: String,
    pub current: bool,
}

fn rationale_page_links(
    l: &Lang,
    edition: &Edition,
    action: &Action,
    path: &SitePath,
    paths: &EditionPaths,
    current: Option<usize>,
) -> Vec<RationalePageLink> {
    (1..=rationale_pages(edition.platforms.len()))
        .map(|page| {
            let chunk = rationale_chunk(edition.platforms.len(), page);
            let name = |i: usize| edition.platforms[i].platform.name.value.as_str();
            RationalePageLink {
                href: path.href_to(&paths.action_rationales(action, page)),
                label: l.fill(
                    "action.rationale_page_label",
                    &[("first", name(chunk.start)), ("last", name(chunk.end - 1))],
                ),
                current: current == Some(page),
            }
        })
        .collect()
}

/// The platforms (indices) on page `page` of rationales, of `platforms`.
pub fn rationale_chunk(platforms: usize, page: usize) -> std::ops::Range<usize> {
    let start = (page - 1) * RATIONALES_PER_PAGE;
    start..(start + RATIONALES_PER_PAGE).min(platforms)
}

/// One action of one edition, as the pages of `path` list its platforms.
struct ActionListing<'p> {
    index: usize,
    action_index: usize,
    path: &'p SitePath,
    paths: &'p EditionPaths,
}

fn action_platform(
    l: &Lang,
    listing: &ActionListing,
    platform_index: usize,
    detail: Detail,
) -> ActionPlatform {
    let ActionListing {
        index,
        action_index,
        path,
        paths,
    } = *listing;
    let edition = &l.site.dataset.editions[index];
    let scores = &l.site.scores[index];
    let a = &edition.framework.actions[action_index];
    let (evidence, s) = (
        &edition.platforms[platform_index],
        &scores.platforms[platform_index],
    );
    let number = l.num(a.number.value);
    let anchor = format!("platform-{}", evidence.slug);
    let rationale_href = match rationale_page_of(edition.platforms.len(), platform_index) {
        Some(page) if matches!(detail, Detail::Rating) => format!(
            "{}#{anchor}",
            path.href_to(&paths.action_rationales(a, page))
        ),
        _ => format!("#{anchor}"),
    };
    ActionPlatform {
        rank: l.rank(
            s.actions[action_index].rank,
            scores.action_tied[action_index][platform_index],
        ),
        name: evidence.platform.name.value.clone(),
        href: format!(
            "{}#action-{}",
            path.href_to(&paths.platform(&evidence.slug)),
            a.number.value
        ),
        report_html: l.loc.fill_html(
            "action.full_report",
            &[
                ("platform", &esc(&evidence.platform.name.value)),
                ("number", &esc(&number)),
            ],
        ),
        anchor,
        rationale_href,
        score: l.cell(s.actions[action_index].score),
        findings: indicator_results(l, index, a, platform_index, detail),
    }
}

pub fn action(
    site: &Site,
    index: usize,
    action_index: usize,
    paths: &EditionPaths,
) -> Result<ActionPage, EvidenceError> {
    let l = &Lang::new(site, paths.lang.lang);
    let edition = &site.dataset.editions[index];
    let scores = &site.scores[index];
    let a = &edition.framework.actions[action_index];
    let path = paths.action(a);
    let canonical = site
        .canonical_root(l.lang)
        .edition(&edition.label)
        .action(a);
    let number = l.num(a.number.value);
    let mut order: Vec<usize> = (0..edition.platforms.len()).collect();
    order.sort_by_key(|&i| {
        (
            scores.platforms[i].actions[action_index]
                .rank
                .unwrap_or(usize::MAX),
            i,
        )
    });
    let rationale_pages = rationale_page_links(l, edition, a, &path, paths, None);
    // Rationales on the page itself only when it has no pages of them.
    let findings: Vec<_> = match rationale_pages.is_empty() {
        true => order
            .iter()
            .map(|&i| site.dataset.evidence.findings(index, i).map(Some))
            .collect::<Result<_, _>>()?,
        false => vec![None; order.len()],
    };
    let listing = ActionListing {
        index,
        action_index,
        path: &path,
        paths,
    };
    let platforms = order
        .into_iter()
        .zip(&findings)
        .map(|(i, findings)| {
            let detail = findings.as_deref().map_or(Detail::Rating, Detail::Whole);
            action_platform(l, &listing, i, detail)
        })
        .collect();
    let title = l.plain(&a.title.value);
    Ok(ActionPage {
        chrome: chrome(
            l,
            &paths.lang,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: l.fill(
                    "title.action",
                    &[
                        ("number", &number),
                        ("action", &title),
                        ("edition", &l.plain(&edition.meta.title.value)),
                    ],
                ),
                description: l.fill(
                    "description.action",
                    &[("number", &number), ("action", &title)],
                ),
                section: Section::Other,
                edition: Some((index, paths)),
            },
        ),
        edition: edition_info(l, edition, &path, paths),
        number: a.number.value,
        number_text: l.action_number(a.number.value),
        position: action_position(l, edition, a),
        title: l.shown(&a.title.value),
        summary_html: l.markdown(a.summary.as_ref()),
        weight: l.loc.number(a.weight.value),
        caption: l.fill("action.ranked_caption", &[("number", &number)]),
        indicators: indicator_heads(l, a),
        platforms,
        rationale_pages_intro: l.fill(
            "action.rationale_pages_intro",
            &[("size", &l.int(RATIONALES_PER_PAGE))],
        ),
        rationale_pages,
        actions: action_heads(l, edition, &path, paths),
    })
}

/// "action 3 of 10".
fn action_position(l: &Lang, edition: &Edition, a: &Action) -> String {
    l.fill(
        "action.of",
        &[
            ("number", &l.num(a.number.value)),
            ("count", &l.int(edition.framework.actions.len())),
        ],
    )
}

#[derive(Serialize)]
pub struct ActionRationalesPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    pub number_text: String,
    pub position: String,
    pub title: Shown,
    /// "Rationales, page 2 of 20".
    pub page_of: String,
    pub action_href: String,
    /// "Every platform ranked on action 3".
    pub back: String,
    pub platforms: Vec<ActionPlatform>,
    pub pages: Vec<RationalePageLink>,
}

/// Page `page` (from 1) of the rationales of action `action_index`.
pub fn action_rationales(
    site: &Site,
    index: usize,
    action_index: usize,
    page: usize,
    paths: &EditionPaths,
) -> Result<ActionRationalesPage, EvidenceError> {
    let l = &Lang::new(site, paths.lang.lang);
    let edition = &site.dataset.editions[index];
    let a = &edition.framework.actions[action_index];
    let path = paths.action_rationales(a, page);
    let canonical = site
        .canonical_root(l.lang)
        .edition(&edition.label)
        .action_rationales(a, page);
    let number = l.num(a.number.value);
    let title = l.plain(&a.title.value);
    let pages = rationale_pages(edition.platforms.len());
    let (page_text, pages_text) = (l.int(page), l.int(pages));
    let listing = ActionListing {
        index,
        action_index,
        path: &path,
        paths,
    };
    let chunk = rationale_chunk(edition.platforms.len(), page);
    let findings: Vec<_> = chunk
        .clone()
        .map(|i| site.dataset.evidence.findings(index, i))
        .collect::<Result<_, _>>()?;
    Ok(ActionRationalesPage {
        chrome: chrome(
            l,
            &paths.lang,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: l.fill(
                    "title.action_rationales",
                    &[
                        ("number", &number),
                        ("action", &title),
                        ("page", &page_text),
                        ("edition", &l.plain(&edition.meta.title.value)),
                    ],
                ),
                description: l.fill(
                    "description.action_rationales",
                    &[
                        ("number", &number),
                        ("action", &title),
                        ("page", &page_text),
                        ("pages", &pages_text),
                    ],
                ),
                section: Section::Other,
                edition: Some((index, paths)),
            },
        ),
        edition: edition_info(l, edition, &path, paths),
        number_text: l.action_number(a.number.value),
        position: action_position(l, edition, a),
        title: l.shown(&a.title.value),
        page_of: l.fill(
            "action.rationale_page_of",
            &[("page", &page_text), ("pages", &pages_text)],
        ),
        action_href: path.href_to(&paths.action(a)),
        back: l.fill("action.back_to_ranking", &[("number", &number)]),
        platforms: chunk
            .zip(&findings)
            .map(|(i, findings)| action_platform(l, &listing, i, Detail::Whole(findings)))
            .collect(),
        pages: rationale_page_links(l, edition, a, &path, paths, Some(page)),
    })
}

// ---------------------------------------------------------------- methodology

#[derive(Serialize)]
pub struct MethodologyPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    /// "published 2 November 2026 by …", after the edition's title.
    pub eyebrow_html: String,
    pub lede_html: String,
    pub framework: FrameworkInfo,
    pub ratings: Vec<RatingRow>,
    pub actions: Vec<MethodologyAction>,
    /// The scoring rules that depend on the framework: how the total weighs
    /// actions (HTML), and how many indicators there are.
    pub rule_total: String,
    pub rule_unassessed: String,
    pub downloads_html: String,
    pub weighted: bool,
    pub citation: Citation,
}

#[derive(Serialize)]
pub struct FrameworkInfo {
    pub title: Shown,
    pub publisher: String,
    pub published: String,
    pub url: String,
    pub notes_html: Option<String>,
}

#[derive(Serialize)]
pub struct RatingRow {
    pub id: String,
    pub label: Shown,
    /// The points, or "excluded".
    pub points: String,
    pub description: Shown,
}

#[derive(Serialize)]
pub struct MethodologyAction {
    pub number: u32,
    pub number_text: String,
    pub title: Shown,
    pub href: String,
    /// "weight 1.5".
    pub weight: String,
    pub summary_html: Option<String>,
    pub indicators: Vec<IndicatorHead>,
}

pub fn methodology(site: &Site, index: usize, paths: &EditionPaths) -> MethodologyPage {
    let l = &Lang::new(site, paths.lang.lang);
    let edition = &site.dataset.editions[index];
    let f = &edition.framework;
    let path = paths.methodology();
    let canonical = site
        .canonical_root(l.lang)
        .edition(&edition.label)
        .methodology();
    let site_title = l.plain(&site.dataset.settings.title.value);
    let publisher = l.plain(&site.dataset.settings.publisher.value);
    let time =
        |iso: &str, text: &str| format!(r#"<time datetime="{}">{}</time>"#, esc(iso), esc(text));
    let eyebrow_html = l.loc.fill_html(
        "methodology.eyebrow",
        &[
            (
                "date",
                &time(
                    &edition.meta.published.value.to_string(),
                    &l.date(edition.meta.published.value),
                ),
            ),
            ("publisher", &esc(&publisher)),
        ],
    );
    let framework_link = format!(
        r#"<a href="{}" rel="noopener noreferrer">{}</a>"#,
        esc(f.url.value.as_str()),
        l.html(&f.title.value)
    );
    let lede_html = l.loc.fill_html(
        "methodology.lede",
        &[
            ("framework", &framework_link),
            ("publisher", &l.html(&f.publisher.value)),
            ("date", &esc(&l.date(f.published.value))),
        ],
    );
    let weighted = f
        .actions
        .iter()
        .any(|a| (a.weight.value - 1.0).abs() > f64::EPSILON);
    // The site's own words, escaped as templates escape them.
    let rule_total = crate::i18n::escape_text(l.loc.t(if weighted {
        "methodology.rule_total_weighted"
    } else {
        "methodology.rule_total_equal"
    }));
    let rule_unassessed = l
        .loc
        .count("methodology.rule_unassessed", f.indicator_count(), &[]);
    let downloads_html = l.loc.fill_html(
        "methodology.downloads",
        &[
            (
                "csv",
                &Lang::link(&path.href_to(&paths.scores_csv()), "scores.csv"),
            ),
            (
                "json",
                &Lang::link(&path.href_to(&paths.scorecard_json()), "scorecard.json"),
            ),
        ],
    );
    let methodology_title = l.t("nav.methodology");
    MethodologyPage {
        chrome: chrome(
            l,
            &paths.lang,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: l.fill(
                    "title.methodology",
                    &[
                        ("site", &site_title),
                        ("edition", &l.plain(&edition.meta.title.value)),
                    ],
                ),
                description: l.fill(
                    "description.methodology",
                    &[("framework", &l.plain(&f.title.value))],
                ),
                section: Section::Methodology,
                edition: Some((index, paths)),
            },
        ),
        edition: edition_info(l, edition, &path, paths),
        eyebrow_html,
        lede_html,
        framework: FrameworkInfo {
            title: l.shown(&f.title.value),
            publisher: l.plain(&f.publisher.value),
            published: l.date(f.published.value),
            url: f.url.value.to_string(),
            notes_html: l.markdown(f.notes.as_ref()),
        },
        ratings: f
            .ratings
            .iter()
            .map(|r| RatingRow {
                id: r.id.value.to_string(),
                label: l.shown(&r.label.value),
                points: r
                    .points
                    .as_ref()
                    .map_or_else(|| l.t("methodology.excluded"), |p| l.loc.integer(p.value)),
                description: l.shown(&r.description.value),
            })
            .collect(),
        actions: f
            .actions
            .iter()
            .map(|a| MethodologyAction {
                number: a.number.value,
                number_text: l.action_number(a.number.value),
                title: l.shown(&a.title.value),
                href: path.href_to(&paths.action(a)),
                weight: l.fill(
                    "methodology.weight",
                    &[("weight", &l.loc.number(a.weight.value))],
                ),
                summary_html: l.markdown(a.summary.as_ref()),
                indicators: indicator_heads(l, a),
            })
            .collect(),
        rule_total,
        rule_unassessed,
        downloads_html,
        weighted,
        citation: citation(
            l,
            edition,
            &methodology_title,
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
    pub eyebrow_html: String,
    pub heading: String,
    pub lede: String,
    pub totals: Vec<ChangeLine>,
    pub actions: Vec<ChangeLine>,
    pub ratings: Vec<RatingLine>,
    /// Under each list cut to [`CHANGES_LISTED`] lines, how many it has in
    /// all and where they are (HTML); empty for a list shown whole.
    pub totals_more_html: String,
    pub actions_more_html: String,
    pub ratings_more_html: String,
    pub added: Vec<PlatformLine>,
    pub dropped: Vec<PlatformLine>,
    /// "New in 2026:", "Assessed in 2025, not in 2026:".
    pub added_intro: String,
    pub dropped_intro: String,
    pub framework: Vec<FrameworkLine>,
    /// Some action change is marked "indicators revised".
    pub revised: bool,
}

/// The lines each list of the changes page shows at most: the largest
/// changes. An edition of 10,000 platforms changes hundreds of thousands of
/// ratings; a page listing them all would weigh over 100 MB, and making it
/// took more memory than the rest of the build. `scores.csv` has them all.
pub const CHANGES_LISTED: usize = 1000;

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
    /// "(2025 report)" for a dropped platform.
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct FrameworkLine {
    pub subject: String,
    pub note: String,
    pub href: Option<String>,
}

pub fn changes(site: &Site, index: usize, paths: &EditionPaths) -> ChangesPage {
    let l = &Lang::new(site, paths.lang.lang);
    let since = site.history[index]
        .as_ref()
        .expect("a changes page is planned only for an edition with a previous one");
    let (old, new) = (
        &site.dataset.editions[since.previous],
        &site.dataset.editions[index],
    );
    let path = paths.changes();
    let canonical = site.canonical_root(l.lang).edition(&new.label).changes();
    let old_paths = paths.lang.edition(&old.label);
    let label = old.label.as_str();
    let report = diff::report_in(old, new, &since.changes, &|t| l.plain(t));
    let more_html = |count: usize| match count > CHANGES_LISTED {
        true => l.loc.count_html(
            "changes.more",
            count,
            &[
                ("shown", &esc(&l.int(CHANGES_LISTED))),
                (
                    "csv",
                    &Lang::link(&path.href_to(&paths.scores_csv()), "scores.csv"),
                ),
            ],
        ),
        false => String::new(),
    };
    let platform_href = |slug: &crate::ids::Slug| path.href_to(&paths.platform(slug));
    let line = |r: &ScoreRow| {
        let base = platform_href(&r.platform.slug);
        ChangeLine {
            platform: r.platform.name.clone(),
            href: match &r.action {
                Some(a) => format!("{base}#action-{}", a.number),
                None => base,
            },
            action: r.action.as_ref().map(|a| {
                l.fill(
                    "action.label",
                    &[("number", &l.num(a.number)), ("title", &a.title)],
                )
            }),
            before: l.score(r.before),
            after: l.score(r.after),
            change: l.change_cell(&Delta::new(r.before, r.after), label),
            revised: r.same_indicators == Some(false),
        }
    };
    let rating = |r: &Option<diff::RatingRef>| {
        r.as_ref()
            .map_or_else(|| l.t("score.not_assessed"), |r| r.label.clone())
    };
    let methodology = |paths: &EditionPaths, id: crate::ids::IndicatorId| {
        format!("{}#{}", path.href_to(&paths.methodology()), id.anchor())
    };
    let (old_title, new_title) = (
        l.plain(&old.meta.title.value),
        l.plain(&new.meta.title.value),
    );
    let site_title = l.plain(&site.dataset.settings.title.value);
    let previous = previous_info(l, index, &path, paths).expect("checked above");
    let eyebrow_html = l.loc.fill_html(
        "changes.eyebrow",
        &[
            ("edition", &l.html(&new.meta.title.value)),
            (
                "link",
                &Lang::link(&previous.href, &l.html(&old.meta.title.value)),
            ),
        ],
    );
    let page = ChangesPage {
        chrome: chrome(
            l,
            &paths.lang,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: l.fill(
                    "title.changes",
                    &[
                        ("previous", label),
                        ("site", &site_title),
                        ("edition", &new_title),
                    ],
                ),
                description: l.fill(
                    "description.changes",
                    &[("previous", &old_title), ("edition", &new_title)],
                ),
                section: Section::Changes,
                edition: Some((index, paths)),
            },
        ),
        edition: edition_info(l, new, &path, paths),
        previous,
        eyebrow_html,
        heading: l.fill("changes.heading", &[("label", label)]),
        lede: String::new(),
        totals: report
            .totals
            .iter()
            .take(CHANGES_LISTED)
            .map(line)
            .collect(),
        actions: report
            .actions
            .iter()
            .take(CHANGES_LISTED)
            .map(line)
            .collect(),
        totals_more_html: more_html(report.totals.len()),
        actions_more_html: more_html(report.actions.len()),
        ratings_more_html: more_html(report.ratings.len()),
        ratings: report
            .ratings
            .iter()
            .take(CHANGES_LISTED)
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
                note: None,
            })
            .collect(),
        dropped: report
            .platforms_dropped
            .iter()
            .map(|p| PlatformLine {
                name: p.name.clone(),
                href: path.href_to(&old_paths.platform(&p.slug)),
                note: Some(l.fill("changes.previous_report", &[("label", label)])),
            })
            .collect(),
        added_intro: l.fill("changes.new_in", &[("label", new.label.as_str())]),
        dropped_intro: l.fill(
            "changes.dropped",
            &[("previous", label), ("edition", new.label.as_str())],
        ),
        framework: report
            .framework
            .iter()
            .map(|f| {
                use diff::FrameworkChangeKind as K;
                let (note, href) = match f.change {
                    K::ActionAdded | K::IndicatorAdded => (
                        l.fill("changes.added", &[("label", new.label.as_str())]),
                        f.indicator.as_ref().map(|i| methodology(paths, i.id)),
                    ),
                    K::ActionRemoved | K::IndicatorRemoved => (
                        l.fill("changes.removed", &[("label", label)]),
                        f.indicator.as_ref().map(|i| methodology(&old_paths, i.id)),
                    ),
                    K::IndicatorReworded => (
                        l.fill(
                            "changes.reworded",
                            &[
                                ("title", f.previous_title.as_deref().unwrap_or_default()),
                                ("label", label),
                            ],
                        ),
                        f.indicator.as_ref().map(|i| methodology(paths, i.id)),
                    ),
                };
                FrameworkLine {
                    subject: subject(l, f),
                    note,
                    href,
                }
            })
            .collect(),
        revised: report
            .actions
            .iter()
            .any(|a| a.same_indicators == Some(false)),
    };
    let count = page.totals.len()
        + page.actions.len()
        + page.ratings.len()
        + page.added.len()
        + page.dropped.len()
        + page.framework.len();
    let lede = if count == 0 {
        l.fill(
            "changes.none",
            &[("previous", &old_title), ("edition", &new_title)],
        )
    } else {
        l.loc.count(
            "changes.lede",
            count,
            &[("previous", &old_title), ("edition", &new_title)],
        )
    };
    ChangesPage { lede, ..page }
}

// ---------------------------------------------------------------- feed

/// `/feed.xml` (and `/<lang>/feed.xml`): an Atom feed with one entry per
/// published edition, newest first. Every date comes from the data, never
/// from the clock.
#[derive(Serialize)]
pub struct FeedContext {
    pub title: String,
    pub subtitle: String,
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

pub fn feed(site: &Site, lang: usize) -> FeedContext {
    let l = &Lang::new(site, lang);
    let root = site.canonical_root(lang);
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
    let site_title = l.plain(&settings.title.value);
    FeedContext {
        subtitle: l.fill("feed.subtitle", &[("site", &site_title)]),
        id: root.feed().absolute(&site.base_url),
        site: root.root.absolute(&site.base_url),
        updated: atom_date(newest),
        author: l.plain(&settings.publisher.value),
        rights: settings.license.value.as_str().to_owned(),
        lang: l.loc.language.as_str().to_owned(),
        entries: published
            .iter()
            .map(|e| {
                let permalink = root.edition(&e.label).overview().absolute(&site.base_url);
                let edition_title = l.plain(&e.meta.title.value);
                let content_html = l.markdown(e.meta.summary.as_ref()).unwrap_or_else(|| {
                    format!(
                        "<p>{}</p>",
                        l.loc.fill_html(
                            "feed.published",
                            &[
                                ("edition", &esc(&edition_title)),
                                ("site", &esc(&site_title)),
                            ],
                        )
                    )
                });
                FeedEntry {
                    title: l.fill(
                        "feed.entry",
                        &[("site", &site_title), ("edition", &edition_title)],
                    ),
                    id: permalink.clone(),
                    link: permalink,
                    updated: atom_date(e.meta.published.value),
                    content_html,
                }
            })
            .collect(),
        title: site_title,
    }
}

// ---------------------------------------------------------------- others

#[derive(Serialize)]
pub struct ExtraPage {
    pub chrome: Chrome,
    pub title: String,
    pub body_html: String,
    /// The language of the page's text when it is not the page's (no translation).
    pub text_lang: Option<String>,
    pub text_dir: Option<Dir>,
}

pub fn extra_page(site: &Site, index: usize, root: &LangPaths) -> ExtraPage {
    let l = &Lang::new(site, root.lang);
    let page = &site.dataset.pages[index];
    let path = root.extra_page(&page.name);
    let canonical = site.canonical_root(l.lang).extra_page(&page.name);
    let translation = page
        .translations
        .iter()
        .find(|t| t.language == l.loc.language);
    let (title, description, body, other) = match translation {
        Some(t) => (
            t.title.value.clone(),
            t.description.as_ref().map(|d| d.value.clone()),
            t.body.as_str(),
            None,
        ),
        None => {
            let default = site.default_language();
            let other = (&l.loc.language != default).then_some(default);
            (
                page_title(l, page).0,
                page.description.as_ref().map(|d| l.plain(&d.value)),
                page.body.as_str(),
                other,
            )
        }
    };
    let site_title = l.plain(&site.dataset.settings.title.value);
    ExtraPage {
        chrome: chrome(
            l,
            root,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: l.fill("title.page", &[("page", &title), ("site", &site_title)]),
                description: description.unwrap_or_else(|| title.clone()),
                section: Section::Other,
                edition: None,
            },
        ),
        title,
        body_html: to_safe_html(body, Origin::Page),
        text_lang: other.map(|o| o.as_str().to_owned()),
        text_dir: other.map(|_| site.locales[0].dir),
    }
}

#[derive(Serialize)]
pub struct NotFoundPage {
    pub chrome: Chrome,
    pub home_html: String,
}

/// The 404 page is served at any depth, so its links are absolute.
pub fn not_found(site: &Site, root: &LangPaths) -> NotFoundPage {
    let l = &Lang::new(site, root.lang);
    let path = root.not_found();
    let mut chrome = chrome(
        l,
        root,
        PageFrame {
            path: &path,
            canonical: &path,
            title: l.fill(
                "title.not_found",
                &[("site", &l.plain(&site.dataset.settings.title.value))],
            ),
            description: l.t("description.not_found"),
            section: Section::Other,
            edition: None,
        },
    );
    let base = format!("{}/", site.base_url.trim_end_matches('/'));
    let from_root = |href: &mut String| {
        let resolved = super::links::resolve(&path, href).unwrap_or_default();
        *href = format!("{base}{resolved}");
    };
    from_root(&mut chrome.stylesheet);
    from_root(&mut chrome.home);
    from_root(&mut chrome.feed);
    chrome.nav.iter_mut().for_each(|l| from_root(&mut l.href));
    chrome
        .editions
        .iter_mut()
        .for_each(|l| from_root(&mut l.href));
    chrome
        .languages
        .iter_mut()
        .for_each(|l| from_root(&mut l.href));
    let home = chrome.home.clone();
    NotFoundPage {
        home_html: l.loc.fill_html(
            "not_found.home",
            &[(
                "link",
                &Lang::link(&home, &esc(l.loc.t("not_found.home_link"))),
            )],
        ),
        chrome,
    }
}
