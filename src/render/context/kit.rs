//! The journalist's kit, in each page's language: `citation_*` tags and
//! schema.org JSON-LD for reference managers, the share card that link
//! previews show, the "Embed this score" box, and the files beside each
//! platform report (`cite.bib`, `cite.json`, `badge.svg`, `embed/`,
//! `og.png`). Those files exist once per language, at the edition permalink
//! (`[<lang>/]<label>/platforms/<slug>/…`): they change only with a new
//! edition, and every copy of a report points at them.

use serde::Serialize;

use super::super::urls::{self, EditionPaths, SitePath};
use super::super::{card, chart, escape_html as esc, format};
use super::{citation, Lang, ScoreCell, Site};
use crate::model::{Edition, PlatformEvidence};
use crate::score::PlatformScore;

/// A page's context with what the kit adds to it, as `kit`.
#[derive(Serialize)]
pub struct WithKit<P> {
    #[serde(flatten)]
    pub page: P,
    pub kit: Kit,
}

/// What the kit adds to a page: tags in its head, and on a platform report
/// the citation downloads and the embed code.
#[derive(Serialize, Default)]
pub struct Kit {
    /// `citation_*` meta tags for reference managers (reports, methodology).
    pub citation: Option<CitationMeta>,
    /// schema.org JSON-LD, escaped for a `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
    /// The picture that link previews show (platform reports).
    pub og_image: Option<OgImage>,
    /// "Download the record …: cite.bib · cite.json", as HTML.
    pub cite_downloads_html: Option<String>,
    /// The "Embed this score" box.
    pub embed: Option<EmbedInfo>,
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
    /// The edition permalink of the page, in its language.
    pub public_url: String,
    pub language: String,
}

/// The "Embed this score" box of a report: code to copy, shown as text.
#[derive(Serialize)]
pub struct EmbedInfo {
    /// "… The chart, in a frame:", linking the chart.
    pub intro_html: String,
    /// `<iframe>` code for the chart page.
    pub iframe: String,
    /// "The badge, linked to this report:", linking the badge.
    pub badge_html: String,
    /// `<img>` code for the badge, linked to the report.
    pub image: String,
}

/// Where the kit's files of `edition` are in the page's language.
fn permalinks(l: &Lang, edition: &Edition) -> EditionPaths {
    l.site.canonical_root(l.lang).edition(&edition.label)
}

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

/// "HRD Protection Scorecard — 2026 edition".
pub(super) fn edition_name(l: &Lang, edition: &Edition) -> String {
    l.fill(
        "title.overview",
        &[
            ("site", &l.plain(&l.site.dataset.settings.title.value)),
            ("edition", &l.plain(&edition.meta.title.value)),
        ],
    )
}

fn report_title(l: &Lang, evidence: &PlatformEvidence) -> String {
    l.fill(
        "platform.report_title",
        &[("platform", &evidence.platform.name.value)],
    )
}

fn citation_meta(l: &Lang, edition: &Edition, title: &str, permalink: &str) -> CitationMeta {
    let publisher = l.plain(&l.site.dataset.settings.publisher.value);
    CitationMeta {
        title: title.to_owned(),
        author: publisher.clone(),
        date: edition.meta.published.value.format("%Y/%m/%d").to_string(),
        publisher,
        public_url: permalink.to_owned(),
        language: l.loc.language.as_str().to_owned(),
    }
}

/// schema.org `Report` for a platform report or the methodology.
fn report_ld(l: &Lang, edition: &Edition, title: &str, permalink: &str) -> serde_json::Value {
    let publisher = l.plain(&l.site.dataset.settings.publisher.value);
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Report",
        "name": title,
        "headline": title,
        "url": permalink,
        "datePublished": edition.meta.published.value.to_string(),
        "inLanguage": l.loc.language.as_str(),
        "author": organisation(&publisher),
        "publisher": organisation(&publisher),
        "license": license_url(l.site),
        "isPartOf": {
            "@type": "Dataset",
            "name": edition_name(l, edition),
            "url": permalinks(l, edition).overview().absolute(&l.site.base_url),
        },
    })
}

/// schema.org `Dataset` for an edition's overview, with its downloads (the
/// same in every language, at the root).
fn dataset_ld(l: &Lang, edition: &Edition, description: &str) -> serde_json::Value {
    let site = l.site;
    let publisher = l.plain(&site.dataset.settings.publisher.value);
    let data = EditionPaths::permalink(&edition.label);
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
        "name": edition_name(l, edition),
        "description": description,
        "url": permalinks(l, edition).overview().absolute(&site.base_url),
        "version": edition.label.as_str(),
        "datePublished": edition.meta.published.value.to_string(),
        "inLanguage": l.loc.language.as_str(),
        "creator": organisation(&publisher),
        "publisher": organisation(&publisher),
        "license": license_url(site),
        "isAccessibleForFree": true,
        "isBasedOn": edition.framework.url.value.as_str(),
        "distribution": [
            download(data.scores_csv(), "text/csv"),
            download(data.scorecard_json(), "application/json"),
        ],
    })
}

/// "Example Social scores 62.5 of 100 in the 2026 edition of the …".
fn score_statement(
    l: &Lang,
    edition: &Edition,
    evidence: &PlatformEvidence,
    score: &PlatformScore,
) -> String {
    l.fill(
        "embed.statement",
        &[
            ("platform", &evidence.platform.name.value),
            ("score", &l.score(score.total)),
            ("edition", &l.plain(&edition.meta.title.value)),
            ("site", &l.plain(&l.site.dataset.settings.title.value)),
        ],
    )
}

/// The action chart's title: "Example Social: score on each action, 2026 edition".
pub(super) fn chart_title(l: &Lang, edition: &Edition, evidence: &PlatformEvidence) -> String {
    l.fill(
        "chart.title",
        &[
            ("platform", &evidence.platform.name.value),
            ("edition", &l.plain(&edition.meta.title.value)),
        ],
    )
}

/// The action chart's rows: (number, title, score) in framework order.
pub(super) fn chart_rows(
    l: &Lang,
    edition: &Edition,
    score: &PlatformScore,
) -> Vec<(u32, String, Option<f64>)> {
    edition
        .framework
        .actions
        .iter()
        .zip(&score.actions)
        .map(|(a, s)| (a.number.value, l.plain(&a.title.value), s.score))
        .collect()
}

/// The platform, its edition and its score, in the page's language.
struct Report<'a> {
    l: Lang<'a>,
    edition: &'a Edition,
    evidence: &'a PlatformEvidence,
    score: &'a PlatformScore,
    /// Where the kit's files of the edition are in this language.
    files: EditionPaths,
}

impl<'a> Report<'a> {
    fn new(site: &'a Site<'a>, index: usize, platform_index: usize, lang: usize) -> Report<'a> {
        let l = Lang::new(site, lang);
        let edition = &site.dataset.editions[index];
        let files = permalinks(&l, edition);
        Report {
            l,
            edition,
            evidence: &edition.platforms[platform_index],
            score: &site.scores[index].platforms[platform_index],
            files,
        }
    }

    /// The report's permalink in its language.
    fn permalink(&self) -> String {
        self.files
            .platform(&self.evidence.slug)
            .absolute(&self.l.site.base_url)
    }
}

/// What the kit adds to a platform report.
pub fn platform(site: &Site, index: usize, platform_index: usize, paths: &EditionPaths) -> Kit {
    let r = &Report::new(site, index, platform_index, paths.lang.lang);
    let (l, edition, evidence) = (&r.l, r.edition, r.evidence);
    let slug = &evidence.slug;
    let here = paths.platform(slug);
    let title = report_title(l, evidence);
    let permalink = r.permalink();
    let base = &site.base_url;
    let statement = score_statement(l, edition, evidence, r.score);
    let og_image = OgImage {
        url: r.files.share_card(slug).absolute(base),
        width: card::CARD_WIDTH,
        height: card::CARD_HEIGHT,
        alt: statement.clone(),
    };
    let mut ld = report_ld(l, edition, &title, &permalink);
    ld["about"] = serde_json::json!({
        "@type": "Organization",
        "name": evidence.platform.company.value,
        "url": evidence.platform.website.value.as_str(),
    });
    ld["image"] = serde_json::Value::String(og_image.url.clone());
    let download = |target: SitePath, name: &str| {
        format!(
            r#"<a href="{}" download>{name}</a>"#,
            esc(&here.href_to(&target))
        )
    };
    let cite_downloads_html = l.loc.fill_html(
        "cite.download",
        &[
            ("bib", &download(r.files.cite_bib(slug), "cite.bib")),
            ("csl", &download(r.files.cite_json(slug), "cite.json")),
        ],
    );
    let link = |target: SitePath, key: &str| Lang::link(&here.href_to(&target), &esc(l.loc.t(key)));
    let embed = EmbedInfo {
        intro_html: l.loc.fill_html(
            "embed.intro",
            &[("link", &link(r.files.embed(slug), "embed.chart"))],
        ),
        iframe: format!(
            r#"<iframe src="{}" width="600" height="400" title="{}" style="border:0" loading="lazy"></iframe>"#,
            esc(&r.files.embed(slug).absolute(base)),
            esc(&chart_title(l, edition, evidence)),
        ),
        badge_html: l.loc.fill_html(
            "embed.badge_intro",
            &[("link", &link(r.files.badge(slug), "embed.badge"))],
        ),
        image: format!(
            r#"<a href="{}"><img src="{}" alt="{}"></a>"#,
            esc(&permalink),
            esc(&r.files.badge(slug).absolute(base)),
            esc(&statement),
        ),
    };
    Kit {
        citation: Some(citation_meta(l, edition, &title, &permalink)),
        json_ld: Some(script_json(&ld)),
        og_image: Some(og_image),
        cite_downloads_html: Some(cite_downloads_html),
        embed: Some(embed),
    }
}

/// What the kit adds to the methodology: it is cited too.
pub fn methodology(site: &Site, index: usize, paths: &EditionPaths) -> Kit {
    let l = &Lang::new(site, paths.lang.lang);
    let edition = &site.dataset.editions[index];
    let title = l.t("nav.methodology");
    let permalink = permalinks(l, edition)
        .methodology()
        .absolute(&site.base_url);
    Kit {
        citation: Some(citation_meta(l, edition, &title, &permalink)),
        json_ld: Some(script_json(&report_ld(l, edition, &title, &permalink))),
        ..Kit::default()
    }
}

/// What the kit adds to an overview: the edition described as a `Dataset`.
pub fn overview(site: &Site, index: usize, paths: &EditionPaths) -> Kit {
    let l = &Lang::new(site, paths.lang.lang);
    let edition = &site.dataset.editions[index];
    let description = l.loc.count(
        "description.overview",
        edition.platforms.len(),
        &[("framework", &l.plain(&edition.framework.title.value))],
    );
    Kit {
        json_ld: Some(script_json(&dataset_ld(l, edition, &description))),
        ..Kit::default()
    }
}

/// `[<lang>/]<label>/platforms/<slug>/embed/`: the action chart alone, for an
/// `<iframe>` of about 600×400, without the site's menus.
#[derive(Serialize)]
pub struct EmbedPage {
    pub lang: String,
    pub rtl: bool,
    pub title: String,
    pub canonical: String,
    pub stylesheet: String,
    /// The Atom feed of editions, as every page names it, and its title.
    pub feed: String,
    pub feed_title: String,
    pub sample_data: bool,
    pub name: String,
    pub total: ScoreCell,
    /// "Score on each action, 2026 edition, HRD Protection Scorecard".
    pub meta: String,
    pub chart_svg: String,
    /// The full report (opens in the embedding page's window).
    pub report: String,
}

pub fn embed(site: &Site, index: usize, platform_index: usize, paths: &EditionPaths) -> EmbedPage {
    let r = &Report::new(site, index, platform_index, paths.lang.lang);
    let (l, edition, evidence) = (&r.l, r.edition, r.evidence);
    let path = paths.embed(&evidence.slug);
    let name = &evidence.platform.name.value;
    let site_title = l.plain(&site.dataset.settings.title.value);
    let edition_title = l.plain(&edition.meta.title.value);
    let rows = chart_rows(l, edition, r.score);
    EmbedPage {
        lang: l.loc.language.as_str().to_owned(),
        rtl: l.loc.rtl(),
        title: l.fill(
            "title.platform",
            &[
                ("platform", name),
                ("site", &site_title),
                ("edition", &edition_title),
            ],
        ),
        canonical: path.absolute(&site.base_url),
        stylesheet: path.href_to(&urls::stylesheet()),
        feed: path.href_to(&site.canonical_root(l.lang).feed()),
        feed_title: l.fill("site.feed_title", &[("site", &site_title)]),
        sample_data: site.dataset.settings.sample_data,
        name: name.clone(),
        total: l.cell(r.score.total),
        meta: l.fill(
            "embed.meta",
            &[("edition", &edition_title), ("site", &site_title)],
        ),
        chart_svg: chart::action_bars(
            &chart_title(l, edition, evidence),
            &rows,
            chart::WIDE,
            l.loc,
        ),
        report: path.href_to(&paths.platform(&evidence.slug)),
    }
}

/// The share card of a platform report (`og.png`).
pub fn share_card(
    site: &Site,
    index: usize,
    platform_index: usize,
    paths: &EditionPaths,
) -> card::Card {
    let r = &Report::new(site, index, platform_index, paths.lang.lang);
    let (l, edition, evidence, score) = (&r.l, r.edition, r.evidence, r.score);
    let settings = &site.dataset.settings;
    let scores = &site.scores[index];
    let (rank, ranked) = l.total_rank(scores, platform_index);
    let address = site
        .base_url
        .split_once("://")
        .map_or(site.base_url.as_str(), |(_, rest)| rest);
    card::Card {
        site_title: l.plain(&settings.title.value),
        platform: evidence.platform.name.value.clone(),
        company: evidence.platform.company.value.clone(),
        total: l.score(score.total),
        band: format::band(score.total),
        of_100: l.t("score.of_100"),
        rank: match score.rank {
            Some(_) if rank.tied => format!(
                "{} {}",
                l.loc.count("card.rank", ranked, &[("rank", &rank.text)]),
                l.loc.t("score.tied")
            ),
            Some(_) => l.loc.count("card.rank", ranked, &[("rank", &rank.text)]),
            None => String::new(),
        },
        actions_heading: l.t("card.actions"),
        actions: edition
            .framework
            .actions
            .iter()
            .zip(&score.actions)
            .map(|(a, s)| (l.num(a.number.value), s.score))
            .collect(),
        foot: [
            l.plain(&edition.meta.title.value),
            l.plain(&settings.publisher.value),
            address.to_owned(),
        ]
        .join(" · "),
        sample: settings.sample_data.then(|| l.t("card.sample")),
        rtl: l.loc.rtl(),
    }
}

/// The badge of a platform (`badge.svg`).
pub fn badge(
    site: &Site,
    index: usize,
    platform_index: usize,
    paths: &EditionPaths,
) -> card::Badge {
    let r = &Report::new(site, index, platform_index, paths.lang.lang);
    let (l, edition, evidence, score) = (&r.l, r.edition, r.evidence, r.score);
    card::Badge {
        platform: evidence.platform.name.value.clone(),
        score: l.fill(
            "embed.badge_score",
            &[
                ("score", &l.score(score.total)),
                ("label", edition.label.as_str()),
            ],
        ),
        band: format::band(score.total),
        title: score_statement(l, edition, evidence, score),
        rtl: l.loc.rtl(),
    }
}

/// A platform report's BibTeX record (`cite.bib`): the one its page shows.
pub fn cite_bib(site: &Site, index: usize, platform_index: usize, paths: &EditionPaths) -> Vec<u8> {
    let r = &Report::new(site, index, platform_index, paths.lang.lang);
    let mut bib = citation(
        &r.l,
        r.edition,
        &report_title(&r.l, r.evidence),
        r.permalink(),
        &format!("{}-{}", r.evidence.slug, r.edition.label),
    )
    .bibtex;
    bib.push('\n');
    bib.into_bytes()
}

/// A platform report's CSL-JSON record (`cite.json`): an array of one item,
/// as Zotero, Mendeley and pandoc read it.
pub fn cite_json(
    site: &Site,
    index: usize,
    platform_index: usize,
    paths: &EditionPaths,
) -> Vec<u8> {
    use chrono::Datelike;
    let r = &Report::new(site, index, platform_index, paths.lang.lang);
    let (l, edition, evidence) = (&r.l, r.edition, r.evidence);
    let settings = &site.dataset.settings;
    let publisher = l.plain(&settings.publisher.value);
    let date = edition.meta.published.value;
    let item = serde_json::json!([{
        "id": format!("{}-{}", evidence.slug, edition.label),
        "type": "report",
        "title": report_title(l, evidence),
        "author": [{ "literal": publisher }],
        "publisher": publisher,
        "collection-title": l.plain(&settings.title.value),
        "edition": l.plain(&edition.meta.title.value),
        "genre": l.t("cite.genre"),
        "issued": { "date-parts": [[date.year(), date.month(), date.day()]] },
        "URL": r.permalink(),
        "language": l.loc.language.as_str(),
    }]);
    let mut bytes = serde_json::to_vec_pretty(&item).expect("a JSON value always serialises");
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
