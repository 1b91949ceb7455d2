//! The journalist's kit on the example site: citation tags and records for
//! reference managers, JSON-LD, share cards, badges, embeds and search.

mod common;

use std::path::Path;

use common::*;
use scorecard::model::Dataset;

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

fn meta(page: &scraper::Html, attr: &str, name: &str) -> Option<String> {
    page.select(&sel(&format!("meta[{attr}='{name}']")))
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_owned))
}

/// The file a relative `href` on the page at `page_file` names.
fn target(out: &Path, page_file: &str, href: &str) -> std::path::PathBuf {
    let file = href.split('#').next().unwrap();
    let mut parts: Vec<&str> = page_file.split('/').collect();
    parts.pop();
    for segment in file.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop().expect("the link stays inside the site");
            }
            s => parts.push(s),
        }
    }
    out.join(parts.join("/"))
}

fn json_ld(page: &scraper::Html) -> serde_json::Value {
    let script = page
        .select(&sel("script[type='application/ld+json']"))
        .next()
        .expect("a JSON-LD script");
    serde_json::from_str(&script.text().collect::<String>()).unwrap()
}

#[test]
fn reports_and_methodology_carry_citation_tags_with_the_edition_permalink_and_date() {
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    let root = &data.editions[data.root_edition().unwrap()];
    for edition in &data.editions {
        let date = edition.meta.published.value.format("%Y/%m/%d").to_string();
        let mut pages: Vec<(String, String)> = vec![(
            format!("{}/methodology/index.html", edition.label),
            format!("{base}/{}/methodology/", edition.label),
        )];
        for p in &edition.platforms {
            let permalink = format!("{base}/{}/platforms/{}/", edition.label, p.slug);
            pages.push((
                format!("{}/platforms/{}/index.html", edition.label, p.slug),
                permalink.clone(),
            ));
            if edition.label == root.label {
                // The root copy cites the permalink too.
                pages.push((format!("platforms/{}/index.html", p.slug), permalink));
            }
        }
        for (file, permalink) in pages {
            let page = html(&out.join(&file));
            let tag = |name: &str| {
                meta(&page, "name", name).unwrap_or_else(|| panic!("{file}: no {name}"))
            };
            assert_eq!(tag("citation_public_url"), permalink, "{file}");
            assert_eq!(tag("citation_publication_date"), date, "{file}");
            assert_eq!(
                tag("citation_author"),
                data.settings.publisher.value,
                "{file}"
            );
            assert_eq!(
                tag("citation_publisher"),
                data.settings.publisher.value,
                "{file}"
            );
            assert_eq!(tag("citation_language"), data.settings.language.as_str());
            assert!(!tag("citation_title").is_empty());
            assert!(
                meta(&page, "name", "citation_pdf_url").is_none(),
                "there is no PDF"
            );
            let ld = json_ld(&page);
            assert_eq!(ld["@type"], "Report", "{file}");
            assert_eq!(ld["url"], permalink.as_str(), "{file}");
            assert_eq!(
                ld["datePublished"],
                edition.meta.published.value.to_string(),
                "{file}"
            );
            assert_eq!(ld["author"]["name"], data.settings.publisher.value.as_str());
        }
    }
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
    for edition in &data.editions {
        let date = edition.meta.published.value;
        for p in &edition.platforms {
            let dir = format!("{}/platforms/{}", edition.label, p.slug);
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
            assert_eq!(
                item["title"],
                format!("{} — platform report", p.platform.name.value)
            );
            assert_eq!(
                item["author"],
                serde_json::json!([{ "literal": data.settings.publisher.value }])
            );
            assert_eq!(
                item["issued"]["date-parts"],
                serde_json::json!([[date.year(), date.month(), date.day()]])
            );
            assert_eq!(item["URL"], permalink.as_str());
            assert!(item["id"].is_string());

            let bib = std::fs::read_to_string(out.join(format!("{dir}/cite.bib"))).unwrap();
            assert!(bib.starts_with("@misc{"), "{bib}");
            assert!(bib.contains(&format!("url = {{{permalink}}}")), "{bib}");
            assert!(bib.contains(&format!("date = {{{date}}}")), "{bib}");
            // The page shows the same record.
            assert!(scorecard_text(&cite).contains(bib.trim_end().lines().next().unwrap()));
        }
    }
    // Not at the root copy: one record per edition.
    let root = &data.editions[data.root_edition().unwrap()];
    assert!(!out
        .join(format!("platforms/{}/cite.json", root.platforms[0].slug))
        .exists());
}

fn scorecard_text(e: &scraper::ElementRef) -> String {
    e.text().collect()
}

#[test]
fn the_overview_describes_its_downloads_as_a_dataset() {
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    for edition in &data.editions {
        let page = html(&out.join(format!("{}/index.html", edition.label)));
        let ld = json_ld(&page);
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "Dataset");
        assert_eq!(ld["url"], format!("{base}/{}/", edition.label));
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
            assert!(out.join(rel).is_file(), "{url}");
        }
    }
}

#[test]
fn reports_have_a_share_card_of_1200_by_630() {
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    let root = &data.editions[data.root_edition().unwrap()];
    for edition in &data.editions {
        for p in &edition.platforms {
            let dir = format!("{}/platforms/{}", edition.label, p.slug);
            let mut files = vec![format!("{dir}/index.html")];
            if edition.label == root.label {
                files.push(format!("platforms/{}/index.html", p.slug));
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
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{dir}");
            assert_eq!(&png[12..16], b"IHDR");
            assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1200);
            assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 630);
        }
    }
    let overview = html(&out.join("index.html"));
    assert!(meta(&overview, "property", "og:image").is_none());
    assert_eq!(meta(&overview, "name", "twitter:card").unwrap(), "summary");
    assert!(!out
        .join(format!("platforms/{}/og.png", root.platforms[0].slug))
        .exists());
}

#[test]
fn badges_and_embeds_show_the_score_of_their_edition() {
    let data = dataset();
    let (_dir, out) = built();
    let base = base(&data);
    let root = &data.editions[data.root_edition().unwrap()];
    for edition in &data.editions {
        for p in &edition.platforms {
            let dir = format!("{}/platforms/{}", edition.label, p.slug);
            let report_file = format!("{dir}/index.html");
            let report = html(&out.join(&report_file));
            let total = scorecard_text(&report.select(&sel(".total-value")).next().unwrap());

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
            assert!(title.contains(&format!("{total} of 100")), "{title}");
            assert!(title.contains(edition.meta.title.value.as_str()), "{title}");
            assert!(svg.contains(&format!("{total} of 100 · {}", edition.label)));
            for external in ["href", "url(", "@import", "<image", "@font-face"] {
                assert!(!svg.contains(external), "{dir}/badge.svg has {external}");
            }

            let embed_file = format!("{dir}/embed/index.html");
            let embed = html(&out.join(&embed_file));
            let h1 = scorecard_text(&embed.select(&sel("h1")).next().unwrap());
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
                out.join(&report_file)
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
            let code = scorecard_text(&report.select(&sel("#embed")).next().unwrap());
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
    let slug = &root.platforms[0].slug;
    assert!(!out.join(format!("platforms/{slug}/badge.svg")).exists());
    assert!(!out.join(format!("platforms/{slug}/embed")).exists());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("/embed/"),
        "embeds are not pages to index"
    );
}

#[test]
fn search_has_an_index_and_lists_every_page_without_javascript() {
    let data = dataset();
    let (_dir, out) = built();
    for edition in &data.editions {
        let index_file = format!("{}/search.json", edition.label);
        let index: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(&index_file)).unwrap()).unwrap();
        assert_eq!(index["edition"], edition.label.as_str());
        let entries = index["entries"].as_array().unwrap();
        let of_kind = |kind: &str| entries.iter().filter(|e| e["kind"] == kind).count();
        assert_eq!(of_kind("platform"), edition.platforms.len());
        assert_eq!(of_kind("action"), edition.framework.actions.len());
        assert_eq!(of_kind("indicator"), edition.framework.indicator_count());
        let findings: usize = edition.platforms.iter().map(|p| p.findings.len()).sum();
        assert_eq!(of_kind("finding"), findings);
        for entry in entries {
            let url = entry["url"].as_str().unwrap();
            assert!(
                target(&out, &index_file, url).is_file(),
                "{index_file}: {url}"
            );
        }
        // A rationale's words are found in plain text, without markup.
        let (slug, finding) = edition
            .platforms
            .iter()
            .find_map(|p| {
                p.findings
                    .values()
                    .find(|f| f.rationale.as_ref().is_some_and(|r| r.value.contains('*')))
                    .map(|f| (&p.slug, f))
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

        let page_file = format!("{}/search/index.html", edition.label);
        let page = html(&out.join(&page_file));
        let links: Vec<std::path::PathBuf> = page
            .select(&sel("main a[href]"))
            .map(|a| target(&out, &page_file, a.value().attr("href").unwrap()))
            .collect();
        for p in &edition.platforms {
            let report = out.join(format!("{}/platforms/{}/index.html", edition.label, p.slug));
            assert!(links.contains(&report), "{page_file} lacks {}", p.slug);
        }
        for a in &edition.framework.actions {
            let action = out.join(format!(
                "{}/actions/{}-{}/index.html",
                edition.label, a.number.value, a.slug.value
            ));
            assert!(
                links.contains(&action),
                "{page_file} lacks action {}",
                a.number.value
            );
        }
        assert!(links.contains(&out.join(format!("{}/methodology/index.html", edition.label))));
        let form = page.select(&sel("form[role=search]")).next().unwrap();
        assert!(
            form.value().attr("hidden").is_some(),
            "hidden until the script runs"
        );
        assert_eq!(
            target(&out, &page_file, form.value().attr("data-index").unwrap()),
            out.join(&index_file)
        );
        let label = page.select(&sel("label[for=search-input]")).count();
        assert_eq!(label, 1, "the search box has a label");
    }
    // Every page's menu leads to search.
    let overview = html(&out.join("index.html"));
    assert!(overview
        .select(&sel("nav.site-nav a"))
        .any(|a| scorecard_text(&a) == "Search"));
    assert!(out.join("assets/search.js").is_file());
}
