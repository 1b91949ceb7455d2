//! The journalist's kit on the example site, in each of its languages:
//! citation tags and records for reference managers, JSON-LD, share cards,
//! badges and embeds.

mod common;

use std::path::Path;

use common::*;
use scorecard::ids::LanguageTag;
use scorecard::model::{Dataset, Text};

fn dataset() -> Dataset {
    scorecard::check(&example_data(), Default::default())
        .unwrap()
        .dataset
        .expect("example data passes check")
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&example_data(), &out);
    (dir, out)
}

fn base(data: &Dataset) -> String {
    data.settings
        .base_url
        .value
        .as_str()
        .trim_end_matches('/')
        .to_owned()
}

/// Each language of the site and the folder of its canonical pages: the
/// root for the default language, `<lang>/` for the others.
fn languages(data: &Dataset) -> Vec<(LanguageTag, String)> {
    data.settings
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let prefix = if i == 0 {
                String::new()
            } else {
                format!("{}/", l.as_str())
            };
            (l.clone(), prefix)
        })
        .collect()
}

/// A text as a page in `lang` shows it.
fn in_lang<'t>(text: &'t Text, lang: &LanguageTag) -> &'t str {
    text.get(lang).unwrap_or_else(|| text.in_default())
}

fn meta(page: &scraper::Html, attr: &str, name: &str) -> Option<String> {
    page.select(&sel(&format!("meta[{attr}='{name}']")))
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_owned))
}

/// The file a relative `href` on the page at `page_file` names.
fn target(out: &Path, page_file: &str, href: &str) -> std::path::PathBuf {
    let file = href.split('#').next().unwrap();
    let joined = out.join(page_file).parent().unwrap().join(file);
    joined.canonicalize().unwrap_or(joined)
}

fn json_ld(page: &scraper::Html) -> serde_json::Value {
    let script = page
        .select(&sel("script[type='application/ld+json']"))
        .next()
        .expect("a JSON-LD script");
    serde_json::from_str(&script.text().collect::<String>()).unwrap()
}

fn all_text(e: &scraper::ElementRef) -> String {
    e.text().collect()
}

#[test]
fn reports_and_methodology_carry_citation_tags_with_the_edition_permalink_and_date() {
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    let root = &data.editions[data.root_edition().unwrap()];
    let mut checked = 0;
    for (lang, prefix) in languages(&data) {
        let publisher = in_lang(&data.settings.publisher.value, &lang);
        for edition in &data.editions {
            let label = &edition.label;
            let date = edition.meta.published.value.format("%Y/%m/%d").to_string();
            let mut pages: Vec<(String, String)> = vec![(
                format!("{prefix}{label}/methodology/index.html"),
                format!("{base}/{prefix}{label}/methodology/"),
            )];
            for p in &edition.platforms {
                let permalink = format!("{base}/{prefix}{label}/platforms/{}/", p.slug);
                let mut copies = vec![format!("{prefix}{label}/platforms/{}/index.html", p.slug)];
                if label == &root.label {
                    // The copy at the language's root cites the permalink too.
                    copies.push(format!("{prefix}platforms/{}/index.html", p.slug));
                }
                if prefix.is_empty() {
                    // And so does the default language's copy under its folder.
                    copies.push(format!(
                        "{}/{label}/platforms/{}/index.html",
                        lang.as_str(),
                        p.slug
                    ));
                }
                pages.extend(copies.into_iter().map(|c| (c, permalink.clone())));
            }
            for (file, permalink) in pages {
                let page = html(&out.join(&file));
                let tag = |name: &str| {
                    meta(&page, "name", name).unwrap_or_else(|| panic!("{file}: no {name}"))
                };
                assert_eq!(tag("citation_public_url"), permalink, "{file}");
                assert_eq!(tag("citation_publication_date"), date, "{file}");
                assert_eq!(tag("citation_author"), publisher, "{file}");
                assert_eq!(tag("citation_publisher"), publisher, "{file}");
                assert_eq!(tag("citation_language"), lang.as_str(), "{file}");
                assert!(!tag("citation_title").is_empty());
                assert!(
                    meta(&page, "name", "citation_pdf_url").is_none(),
                    "there is no PDF"
                );
                let ld = json_ld(&page);
                assert_eq!(ld["@type"], "Report", "{file}");
                assert_eq!(ld["url"], permalink.as_str(), "{file}");
                assert_eq!(ld["inLanguage"], lang.as_str(), "{file}");
                assert_eq!(
                    ld["datePublished"],
                    edition.meta.published.value.to_string(),
                    "{file}"
                );
                assert_eq!(ld["author"]["name"], publisher);
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked} pages");
    // Pages other than reports and the methodology carry none.
    let action = html(&out.join(format!(
        "{}/actions/1-{}/index.html",
        root.label, root.framework.actions[0].slug.value
    )));
    assert!(meta(&action, "name", "citation_title").is_none());
}

#[test]
fn each_report_offers_bibtex_and_valid_csl_json() {
    use chrono::Datelike;
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    for (lang, prefix) in languages(&data) {
        let publisher = in_lang(&data.settings.publisher.value, &lang);
        for edition in &data.editions {
            let date = edition.meta.published.value;
            for p in &edition.platforms {
                let dir = format!("{prefix}{}/platforms/{}", edition.label, p.slug);
                let permalink = format!("{base}/{dir}/");
                let page_file = format!("{dir}/index.html");
                let page = html(&out.join(&page_file));
                let cite = page.select(&sel("#cite")).next().unwrap();
                let hrefs: Vec<&str> = cite
                    .select(&sel("a[download]"))
                    .map(|a| a.value().attr("href").unwrap())
                    .collect();
                assert_eq!(hrefs.len(), 2, "{page_file}");
                for href in &hrefs {
                    assert!(
                        target(&out, &page_file, href).is_file(),
                        "{page_file}: {href}"
                    );
                }

                let csl: serde_json::Value = serde_json::from_slice(
                    &std::fs::read(out.join(format!("{dir}/cite.json"))).unwrap(),
                )
                .expect("cite.json is JSON");
                let items = csl.as_array().expect("CSL-JSON is an array of items");
                assert_eq!(items.len(), 1);
                let item = &items[0];
                assert_eq!(item["type"], "report");
                assert!(item["title"]
                    .as_str()
                    .unwrap()
                    .starts_with(&p.platform.name.value));
                assert_eq!(
                    item["author"],
                    serde_json::json!([{ "literal": publisher }])
                );
                assert_eq!(
                    item["issued"]["date-parts"],
                    serde_json::json!([[date.year(), date.month(), date.day()]])
                );
                assert_eq!(item["URL"], permalink.as_str());
                assert_eq!(item["language"], lang.as_str());
                assert!(item["id"].is_string());

                let bib = std::fs::read_to_string(out.join(format!("{dir}/cite.bib"))).unwrap();
                assert!(bib.starts_with("@misc{"), "{bib}");
                assert!(bib.contains(&format!("url = {{{permalink}}}")), "{bib}");
                assert!(bib.contains(&format!("date = {{{date}}}")), "{bib}");
                // The page shows the same record.
                let shown = all_text(&cite);
                for line in bib.lines() {
                    assert!(shown.contains(line), "{page_file}: {line}");
                }
            }
        }
    }
    // English titles, as the default language writes them.
    let first = &data.editions[0].platforms[0];
    let csl: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join(format!(
            "{}/platforms/{}/cite.json",
            data.editions[0].label, first.slug
        )))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        csl[0]["title"],
        format!("{} — platform report", first.platform.name.value)
    );
    // Not at a root copy, nor in the default language's folder: one record
    // per edition and language.
    let root = &data.editions[data.root_edition().unwrap()];
    let slug = &root.platforms[0].slug;
    assert!(!out.join(format!("platforms/{slug}/cite.json")).exists());
    assert!(!out.join(format!("ar/platforms/{slug}/cite.json")).exists());
    assert!(!out
        .join(format!("en/{}/platforms/{slug}/cite.json", root.label))
        .exists());
}

#[test]
fn the_overview_describes_its_downloads_as_a_dataset() {
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    for (lang, prefix) in languages(&data) {
        for edition in &data.editions {
            let page = html(&out.join(format!("{prefix}{}/index.html", edition.label)));
            let ld = json_ld(&page);
            assert_eq!(ld["@context"], "https://schema.org");
            assert_eq!(ld["@type"], "Dataset");
            assert_eq!(ld["url"], format!("{base}/{prefix}{}/", edition.label));
            assert_eq!(ld["inLanguage"], lang.as_str());
            assert_eq!(ld["license"], "https://spdx.org/licenses/CC-BY-4.0.html");
            let distribution = ld["distribution"].as_array().unwrap();
            let formats: Vec<&str> = distribution
                .iter()
                .map(|d| d["encodingFormat"].as_str().unwrap())
                .collect();
            assert_eq!(formats, ["text/csv", "application/json"]);
            for d in distribution {
                assert_eq!(d["@type"], "DataDownload");
                let url = d["contentUrl"].as_str().unwrap();
                let rel = url.strip_prefix(&format!("{base}/")).expect("absolute URL");
                // The downloads are the same in every language, at the root.
                assert!(rel.starts_with(edition.label.as_str()), "{url}");
                assert!(out.join(rel).is_file(), "{url}");
            }
        }
    }
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    )
}

#[test]
fn reports_have_a_share_card_of_1200_by_630_in_their_language() {
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    let root = &data.editions[data.root_edition().unwrap()];
    for (_, prefix) in languages(&data) {
        for edition in &data.editions {
            for p in &edition.platforms {
                let dir = format!("{prefix}{}/platforms/{}", edition.label, p.slug);
                let mut files = vec![format!("{dir}/index.html")];
                if edition.label == root.label {
                    files.push(format!("{prefix}platforms/{}/index.html", p.slug));
                }
                for file in files {
                    let page = html(&out.join(&file));
                    let image = meta(&page, "property", "og:image").expect("og:image");
                    assert_eq!(image, format!("{base}/{dir}/og.png"), "{file}");
                    assert_eq!(meta(&page, "property", "og:image:width").unwrap(), "1200");
                    assert_eq!(meta(&page, "property", "og:image:height").unwrap(), "630");
                    assert!(meta(&page, "property", "og:image:alt")
                        .unwrap()
                        .contains(&p.platform.name.value));
                    assert_eq!(
                        meta(&page, "name", "twitter:card").unwrap(),
                        "summary_large_image"
                    );
                }
                let png = std::fs::read(out.join(format!("{dir}/og.png"))).unwrap();
                assert_eq!(png_size(&png), (1200, 630), "{dir}");
            }
        }
    }
    // Each language draws its own words.
    let slug = &root.platforms[0].slug;
    let card = |prefix: &str| {
        std::fs::read(out.join(format!("{prefix}{}/platforms/{slug}/og.png", root.label))).unwrap()
    };
    assert_ne!(card(""), card("ar/"));
    assert_ne!(card(""), card("es/"));
    let overview = html(&out.join("index.html"));
    assert!(meta(&overview, "property", "og:image").is_none());
    assert_eq!(meta(&overview, "name", "twitter:card").unwrap(), "summary");
    assert!(!out.join(format!("platforms/{slug}/og.png")).exists());
}

#[test]
fn badges_and_embeds_show_the_score_of_their_edition() {
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    let root = &data.editions[data.root_edition().unwrap()];
    for (lang, prefix) in languages(&data) {
        for edition in &data.editions {
            let edition_title = in_lang(&edition.meta.title.value, &lang);
            for p in &edition.platforms {
                let dir = format!("{prefix}{}/platforms/{}", edition.label, p.slug);
                let report_file = format!("{dir}/index.html");
                let report = html(&out.join(&report_file));
                let total = all_text(&report.select(&sel(".total-value")).next().unwrap());
                let of_100 = all_text(&report.select(&sel(".total-of")).next().unwrap());

                let svg = std::fs::read_to_string(out.join(format!("{dir}/badge.svg"))).unwrap();
                let doc = roxmltree::Document::parse(&svg).expect("the badge is XML");
                let root_el = doc.root_element();
                assert_eq!(root_el.attribute("role"), Some("img"));
                let title = root_el
                    .children()
                    .find(|n| n.has_tag_name("title"))
                    .and_then(|n| n.text())
                    .unwrap();
                assert!(title.contains(&p.platform.name.value), "{title}");
                assert!(title.contains(&format!("{total} {of_100}")), "{title}");
                assert!(title.contains(edition_title), "{title}");
                assert!(
                    svg.contains(&format!("{total} {of_100} · {}", edition.label)),
                    "{dir}/badge.svg"
                );
                for external in ["href", "url(", "@import", "<image", "@font-face"] {
                    assert!(!svg.contains(external), "{dir}/badge.svg has {external}");
                }

                let embed_file = format!("{dir}/embed/index.html");
                let embed = html(&out.join(&embed_file));
                let html_el = embed.select(&sel("html")).next().unwrap();
                assert_eq!(html_el.value().attr("lang"), Some(lang.as_str()));
                let h1 = all_text(&embed.select(&sel("h1")).next().unwrap());
                assert!(
                    h1.contains(&p.platform.name.value) && h1.contains(&total),
                    "{h1}"
                );
                assert!(
                    embed.select(&sel("nav")).next().is_none(),
                    "{embed_file}: no menu"
                );
                assert_eq!(embed.select(&sel("svg.chart title")).count(), 1);
                let back = embed.select(&sel("main a[target=_top]")).next().unwrap();
                assert_eq!(
                    target(&out, &embed_file, back.value().attr("href").unwrap()),
                    out.join(&report_file).canonicalize().unwrap()
                );
                assert_eq!(
                    embed
                        .select(&sel("link[rel=canonical]"))
                        .next()
                        .unwrap()
                        .value()
                        .attr("href"),
                    Some(format!("{base}/{dir}/embed/").as_str())
                );

                // The report shows the code to copy, as text.
                let code = all_text(&report.select(&sel("#embed")).next().unwrap());
                assert!(
                    code.contains(&format!("<iframe src=\"{base}/{dir}/embed/\"")),
                    "{code}"
                );
                assert!(
                    code.contains(&format!("<img src=\"{base}/{dir}/badge.svg\"")),
                    "{code}"
                );
                assert!(report
                    .select(&sel("#embed iframe, #embed img"))
                    .next()
                    .is_none());
            }
        }
    }
    // Right to left: the Arabic badge is drawn mirrored, its name box on the right.
    let slug = &root.platforms[0].slug;
    let badge = |prefix: &str| {
        std::fs::read_to_string(
            out.join(format!("{prefix}{}/platforms/{slug}/badge.svg", root.label)),
        )
        .unwrap()
    };
    assert!(badge("").contains(r#"<rect x="0" y="0""#));
    assert!(!badge("ar/").contains(r#"<rect x="0" y="0" width="8""#));
    assert!(!out.join(format!("platforms/{slug}/badge.svg")).exists());
    assert!(!out.join(format!("platforms/{slug}/embed")).exists());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("/embed/"),
        "embeds are not pages to index"
    );
}

#[test]
fn a_site_in_one_language_has_the_kit_at_its_edition_permalinks() {
    let data = repo().join("tests/fixtures/editions/pair");
    let dataset = scorecard::check(&data, Default::default())
        .unwrap()
        .dataset
        .unwrap();
    assert_eq!(dataset.settings.languages.len(), 1);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&data, &out);
    let tree = read_tree(&out);
    let kit: Vec<&String> = tree
        .keys()
        .filter(|p| {
            p.ends_with("/og.png")
                || p.ends_with("/badge.svg")
                || p.ends_with("/cite.bib")
                || p.ends_with("/cite.json")
                || p.ends_with("/embed/index.html")
        })
        .collect();
    let reports: usize = dataset.editions.iter().map(|e| e.platforms.len()).sum();
    assert_eq!(kit.len(), 5 * reports, "{kit:?}");
    for path in kit {
        let label = path.split('/').next().unwrap();
        assert!(
            dataset.editions.iter().any(|e| e.label.as_str() == label),
            "{path} is not at an edition permalink"
        );
    }
    let lang = dataset.settings.languages.default_language().as_str();
    assert!(!out.join(lang).exists(), "no folder for the one language");
}

#[test]
fn search_has_an_index_and_lists_every_page_without_javascript() {
    let data = dataset();
    let (_dir, out) = built();
    let root = &data.editions[data.root_edition().unwrap()];
    for (lang, prefix) in languages(&data) {
        for (e, edition) in data.editions.iter().enumerate() {
            let index_file = format!("{prefix}{}/search.json", edition.label);
            let index: serde_json::Value =
                serde_json::from_slice(&std::fs::read(out.join(&index_file)).unwrap()).unwrap();
            assert_eq!(index["edition"], edition.label.as_str());
            assert_eq!(index["lang"], lang.as_str());
            let entries = index["entries"].as_array().unwrap();
            let of_kind = |kind: &str| entries.iter().filter(|e| e["kind"] == kind).count();
            assert_eq!(of_kind("platform"), edition.platforms.len());
            assert_eq!(of_kind("action"), edition.framework.actions.len());
            assert_eq!(of_kind("indicator"), edition.framework.indicator_count());
            let findings: usize = edition.platforms.iter().map(|p| p.ratings.len()).sum();
            assert_eq!(of_kind("finding"), findings);
            for entry in entries {
                let url = entry["url"].as_str().unwrap();
                assert!(
                    target(&out, &index_file, url).is_file(),
                    "{index_file}: {url}"
                );
                assert!(
                    url.contains(&format!("{prefix}{}/", edition.label)),
                    "{url}"
                );
            }
            // The titles are in the index's language.
            let action = &edition.framework.actions[0];
            let title = in_lang(&action.title.value, &lang);
            assert!(entries
                .iter()
                .any(|e| e["kind"] == "action" && e["title"].as_str().unwrap().contains(title)));
            // A rationale's words are found in plain text, without markup.
            let (slug, finding) = (edition.platforms.iter().enumerate())
                .find_map(|(n, p)| {
                    let findings = data.evidence.findings(e, n).unwrap();
                    let found = findings.values().find(|f| {
                        f.rationale
                            .as_ref()
                            .is_some_and(|r| in_lang(&r.value, &lang).contains('*'))
                    });
                    found.map(|f| (&p.slug, f.clone()))
                })
                .expect("a rationale with emphasis");
            let anchor = finding.indicator.value.anchor();
            let entry = entries
                .iter()
                .find(|e| {
                    e["kind"] == "finding"
                        && e["url"]
                            .as_str()
                            .unwrap()
                            .ends_with(&format!("{slug}/index.html#{anchor}"))
                })
                .unwrap();
            assert!(!entry["text"].as_str().unwrap().contains('*'), "{entry}");

            // The page in every copy of the edition reads this index.
            let mut pages = vec![format!("{prefix}{}/search/index.html", edition.label)];
            if edition.label == root.label {
                pages.push(format!("{prefix}search/index.html"));
            }
            for page_file in pages {
                let page = html(&out.join(&page_file));
                let links: Vec<std::path::PathBuf> = page
                    .select(&sel("main a[href]"))
                    .map(|a| target(&out, &page_file, a.value().attr("href").unwrap()))
                    .collect();
                let base = page_file.trim_end_matches("search/index.html");
                for p in &edition.platforms {
                    let report = out.join(format!("{base}platforms/{}/index.html", p.slug));
                    let report = report.canonicalize().unwrap();
                    assert!(links.contains(&report), "{page_file} lacks {}", p.slug);
                }
                for a in &edition.framework.actions {
                    let action = out.join(format!(
                        "{base}actions/{}-{}/index.html",
                        a.number.value, a.slug.value
                    ));
                    assert!(
                        links.contains(&action.canonicalize().unwrap()),
                        "{page_file} lacks action {}",
                        a.number.value
                    );
                }
                let methodology = out.join(format!("{base}methodology/index.html"));
                assert!(links.contains(&methodology.canonicalize().unwrap()));
                let form = page.select(&sel("form[role=search]")).next().unwrap();
                assert!(
                    form.value().attr("hidden").is_some(),
                    "hidden until the script runs"
                );
                assert_eq!(
                    target(&out, &page_file, form.value().attr("data-index").unwrap()),
                    out.join(&index_file).canonicalize().unwrap()
                );
                let messages: serde_json::Value =
                    serde_json::from_str(form.value().attr("data-messages").unwrap()).unwrap();
                assert!(messages["results"]["other"]
                    .as_str()
                    .unwrap()
                    .contains("{count}"));
                let label = page.select(&sel("label[for=search-input]")).count();
                assert_eq!(label, 1, "the search box has a label");
            }
        }
    }
    // Every page's menu leads to search.
    let overview = html(&out.join("index.html"));
    assert!(overview
        .select(&sel("nav.site-nav a"))
        .any(|a| all_text(&a) == "Search"));
    assert!(out.join("assets/search.js").is_file());
    // One index per edition and language.
    assert!(!out.join("search.json").exists());
    assert!(!out.join(format!("en/{}/search.json", root.label)).exists());
}
