//! Search, in each page's language: `[<lang>/]<label>/search/` lists every
//! platform report, action page and the methodology, and with JavaScript
//! (`assets/search.js`) searches the edition's prebuilt index,
//! `[<lang>/]<label>/search.json`, as you type. The index exists once per
//! edition and language, at the edition permalink; every copy of the search
//! page reads that one.

use std::io;

use serde::Serialize;

use super::super::markdown::to_plain_text;
use super::super::pieces::{ArrayFile, Layout, Piece};
use super::super::urls::{self, EditionPaths};
use super::kit::edition_name;
use super::{action_heads, chrome, edition_info, ActionHead, Chrome, EditionInfo, Lang};
use super::{PageFrame, PlatformLine, Section, Site};
use crate::evidence::Findings;

#[derive(Serialize)]
pub struct SearchPage {
    pub chrome: Chrome,
    pub edition: EditionInfo,
    /// "Find a platform, an indicator or a finding in the 2026 edition."
    pub lede: String,
    /// The index, relative to the page.
    pub index: String,
    /// The search script, relative to the page.
    pub script: String,
    /// The script's words (JSON): labels, counted sentences and digits.
    pub messages: String,
    pub platforms: Vec<PlatformLine>,
    pub actions: Vec<ActionHead>,
    pub methodology: String,
    /// "Changes since 2025", and its page; `None` in a first edition.
    pub changes: Option<PlatformLine>,
    /// "Downloads: scores.csv, scorecard.json", as HTML.
    pub downloads_html: String,
}

/// What the search script says, in the page's language.
fn messages(l: &Lang) -> String {
    let digits: String = (0..10).map(|d| l.loc.integer(d)).collect();
    let value = serde_json::json!({
        "kinds": {
            "platform": l.t("table.platform"),
            "action": l.t("table.action"),
            "indicator": l.t("table.indicator"),
            "finding": l.t("search.finding"),
        },
        "results": l.loc.plural_forms("search.results"),
        "first": l.t("search.first"),
        "none": l.t("search.none"),
        "loading": l.t("search.loading"),
        "failed": l.t("search.failed"),
        "digits": digits,
    });
    value.to_string()
}

/// The edition's search page in `paths`.
pub fn page(site: &Site, index: usize, paths: &EditionPaths) -> SearchPage {
    let l = &Lang::new(site, paths.lang.lang);
    let edition = &site.dataset.editions[index];
    let path = paths.search();
    let permalinks = site.canonical_root(l.lang).edition(&edition.label);
    let canonical = permalinks.search();
    let edition_title = l.plain(&edition.meta.title.value);
    let site_title = l.plain(&site.dataset.settings.title.value);
    let previous = site.history[index]
        .as_ref()
        .map(|since| &site.dataset.editions[since.previous]);
    SearchPage {
        chrome: chrome(
            l,
            &paths.lang,
            PageFrame {
                path: &path,
                canonical: &canonical,
                title: l.fill(
                    "title.search",
                    &[("site", &site_title), ("edition", &edition_title)],
                ),
                description: l.fill("description.search", &[("edition", &edition_title)]),
                section: Section::Search,
                edition: Some((index, paths)),
            },
        ),
        edition: edition_info(l, edition, &path, paths),
        lede: l.fill("search.lede", &[("edition", &edition_title)]),
        index: path.href_to(&permalinks.search_index()),
        script: path.href_to(&urls::search_script()),
        messages: messages(l),
        platforms: edition
            .platforms
            .iter()
            .map(|p| PlatformLine {
                name: p.platform.name.value.clone(),
                href: path.href_to(&paths.platform(&p.slug)),
                note: None,
            })
            .collect(),
        actions: action_heads(l, edition, &path, paths),
        methodology: path.href_to(&paths.methodology()),
        changes: previous.map(|previous| PlatformLine {
            name: l.fill("changes.heading", &[("label", previous.label.as_str())]),
            href: path.href_to(&paths.changes()),
            note: None,
        }),
        downloads_html: l.loc.fill_html(
            "search.downloads",
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
        ),
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
    pub lang: String,
    pub title: String,
    pub entries: Vec<SearchEntry>,
}

/// `[<lang>/]<label>/search.json`, to be written a platform at a time (see
/// [`write_arrays`](super::super::pieces::write_arrays)): platforms,
/// actions, indicators and every finding's rationale, in the language of
/// `paths` and in a fixed order.
pub fn index<'a>(
    site: &'a Site<'a>,
    index: usize,
    paths: &'a EditionPaths,
) -> io::Result<ArrayFile<'a>> {
    let l = Lang::new(site, paths.lang.lang);
    let edition = &site.dataset.editions[index];
    let here = paths.search_index();
    let mut entries = Vec::new();
    for p in &edition.platforms {
        let info = &p.platform;
        let mut text = vec![info.company.value.clone()];
        text.extend(info.services.iter().map(|s| s.value.clone()));
        text.extend(info.summary.as_ref().map(|s| plain(&l, Some(s))));
        entries.push(SearchEntry {
            kind: "platform",
            title: info.name.value.clone(),
            text: text.join(" · "),
            url: here.href_to(&paths.platform(&p.slug)),
        });
    }
    for a in &edition.framework.actions {
        entries.push(SearchEntry {
            kind: "action",
            title: l.action_label(a.number.value, &a.title.value),
            text: plain(&l, a.summary.as_ref()),
            url: here.href_to(&paths.action(a)),
        });
    }
    for (_, i) in edition.framework.indicators() {
        entries.push(SearchEntry {
            kind: "indicator",
            title: indicator_title(&l, i),
            text: l.plain(&i.question.value),
            url: format!(
                "{}#{}",
                here.href_to(&paths.methodology()),
                i.id.value.anchor()
            ),
        });
    }
    let doc = SearchIndex {
        edition: edition.label.to_string(),
        lang: l.loc.language.as_str().to_owned(),
        title: edition_name(&l, edition),
        entries,
    };
    // The findings are nearly all of the index: a piece per platform, made
    // apart (see `pieces`).
    let finding_entries = move |n: usize, findings: &Findings| {
        let p = &edition.platforms[n];
        let report = here.href_to(&paths.platform(&p.slug));
        let entries = edition.framework.indicators().filter_map(|(_, i)| {
            let finding = findings.get(&i.id.value)?;
            let rating = l.rating_label(edition, Some(&finding.rating.value));
            let rationale = plain(&l, finding.rationale.as_ref());
            Some(SearchEntry {
                kind: "finding",
                title: l.fill(
                    "search.finding_title",
                    &[
                        ("platform", &p.platform.name.value),
                        ("indicator", &indicator_title(&l, i)),
                    ],
                ),
                text: [rating, rationale]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
                url: format!("{report}#{}", i.id.value.anchor()),
            })
        });
        let entries: Vec<Vec<u8>> = entries
            .map(|entry| serde_json::to_vec(&entry))
            .collect::<serde_json::Result<_>>()?;
        Ok(entries.join(&b","[..]))
    };
    Ok(ArrayFile {
        doc: serde_json::to_vec(&doc)?,
        layout: Layout::Compact,
        piece: Box::new(move |platform| Piece::Search {
            edition: index,
            platform,
            lang: paths.lang.lang,
            base: paths.base.as_str(),
        }),
        make: Box::new(finding_entries),
    })
}

/// A text of the data in plain words, in `l`'s language.
fn plain(l: &Lang, text: Option<&crate::source::Spanned<crate::model::Text>>) -> String {
    text.map(|t| to_plain_text(l.pick(&t.value).0))
        .unwrap_or_default()
}

/// "A1.1 Title of the indicator".
fn indicator_title(l: &Lang, i: &crate::model::Indicator) -> String {
    format!("{} {}", i.id.value, l.plain(&i.title.value))
}
