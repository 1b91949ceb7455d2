//! Editions over time, on the example data (2025 and 2026): earlier editions'
//! pages stay as they were when a new edition is added; the changes since the
//! previous edition on the overview, the platform reports and the changes
//! page; the downloads' previous figures; the Atom feed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use scorecard::model::Dataset;
use scorecard::score::{score_edition, EditionScores};

fn dataset(data: &Path) -> Dataset {
    let checked = scorecard::check(data, Default::default()).unwrap();
    checked.dataset.expect("data passes check")
}

fn built_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&example_data(), &out);
    (dir, out)
}

/// Totals by slug of the edition labelled `label`, from the library's scoring.
fn totals(data: &Dataset, label: &str) -> BTreeMap<String, Option<f64>> {
    let edition = data
        .editions
        .iter()
        .find(|e| e.label.as_str() == label)
        .unwrap();
    let scores: EditionScores = score_edition(edition);
    edition
        .platforms
        .iter()
        .zip(&scores.platforms)
        .map(|(p, s)| (p.slug.to_string(), s.total))
        .collect()
}

/// "▲ +8.4", "▼ −1.8" or "=", written independently of the library.
fn expected_change(before: f64, after: f64) -> String {
    let d = after - before;
    if d.abs() < 1e-9 {
        "=".to_owned()
    } else if d > 0.0 {
        format!("▲ +{d:.1}")
    } else {
        format!("▼ \u{2212}{:.1}", -d)
    }
}

/// The `<main>` element of every HTML page under `<label>/`, by path.
fn mains(out: &Path, label: &str) -> BTreeMap<String, String> {
    read_tree(out)
        .into_iter()
        .filter(|(path, _)| path.starts_with(&format!("{label}/")) && path.ends_with(".html"))
        .map(|(path, bytes)| {
            let page = scraper::Html::parse_document(std::str::from_utf8(&bytes).unwrap());
            let main = page
                .select(&sel("main"))
                .next()
                .unwrap_or_else(|| panic!("{path} has no <main>"))
                .html();
            (path, main)
        })
        .collect()
}

#[test]
fn a_new_edition_leaves_earlier_editions_pages_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let only_2025 = dir.path().join("data-2025");
    copy_dir(&example_data(), &only_2025);
    std::fs::remove_dir_all(only_2025.join("editions/2026")).unwrap();
    let (before, after) = (dir.path().join("before"), dir.path().join("after"));
    build(&only_2025, &before);
    build(&example_data(), &after);

    let (old, new) = (mains(&before, "2025"), mains(&after, "2025"));
    assert!(old.len() > 10, "{} pages", old.len());
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>(),
        "the 2025 edition has the same pages"
    );
    for (path, main) in &old {
        assert!(
            main == &new[path],
            "{path}: <main> changed when 2026 was added"
        );
    }
    // The downloads are frozen too.
    for file in ["2025/data/scores.csv", "2025/data/scorecard.json"] {
        assert!(
            std::fs::read(before.join(file)).unwrap() == std::fs::read(after.join(file)).unwrap(),
            "{file} changed when 2026 was added"
        );
    }
    // What did change lies outside <main>: the notice, the edition menus.
    let report = "2025/platforms/example-social/index.html";
    let (old_page, new_page) = (html(&before.join(report)), html(&after.join(report)));
    assert!(old_page.select(&sel(".notice")).next().is_none());
    let notice = text(new_page.select(&sel(".notice")).next().expect("notice"));
    assert!(notice.contains("A newer edition exists"), "{notice}");
    assert!(old_page.select(&sel("nav.also-in")).next().is_none());
    let also_in = new_page.select(&sel("header nav.also-in")).next().unwrap();
    let hrefs: Vec<_> = also_in
        .select(&sel("a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [
            "../../../2026/platforms/example-social/index.html",
            "../../../2025/platforms/example-social/index.html"
        ]
    );
}

#[test]
fn overview_ranking_shows_the_change_since_the_previous_edition() {
    let data = dataset(&example_data());
    let (old, new) = (totals(&data, "2025"), totals(&data, "2026"));
    let (_dir, out) = built_example();
    let page = html(&out.join("2026/index.html"));
    let heads: Vec<String> = page
        .select(&sel("table.ranking thead th"))
        .map(text)
        .collect();
    assert_eq!(
        heads,
        [
            "Rank",
            "Platform",
            "Total",
            "Since 2025",
            "Indicators assessed"
        ]
    );
    let mut seen = 0;
    for row in page.select(&sel("table.ranking tbody tr")) {
        let href = row
            .select(&sel("th a"))
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        let slug = href.split('/').rev().nth(1).unwrap();
        let cell = row.select(&sel("td .change")).next().expect("change cell");
        let shown = text(cell.select(&sel("[aria-hidden=true]")).next().unwrap());
        let words = text(cell.select(&sel(".visually-hidden")).next().unwrap());
        match old.get(slug) {
            Some(before) => {
                let (before, after) = (before.unwrap(), new[slug].unwrap());
                assert_eq!(shown, expected_change(before, after), "{slug}");
                let d = after - before;
                let direction = if d > 0.0 { "up" } else { "down" };
                assert_eq!(
                    words,
                    format!("{direction} {:.1} points since 2025", d.abs()),
                    "{slug}"
                );
            }
            None => {
                assert_eq!(slug, "example-market");
                assert_eq!(
                    (shown.as_str(), words.as_str()),
                    ("new", "not assessed in 2025")
                );
            }
        }
        seen += 1;
    }
    assert_eq!(seen, new.len());
    let link = page.select(&sel(".changes-link a")).next().unwrap();
    assert_eq!(
        link.value().attr("href"),
        Some("../2026/changes/index.html")
    );
    // The first edition has nothing to compare with.
    let first = html(&out.join("2025/index.html"));
    assert_eq!(first.select(&sel("table.ranking thead th")).count(), 4);
    assert!(first.select(&sel(".change")).next().is_none());
    assert!(!out.join("2025/changes/index.html").exists());
}

#[test]
fn platform_reports_show_the_changes_since_the_previous_edition() {
    let data = dataset(&example_data());
    let (old, new) = (totals(&data, "2025"), totals(&data, "2026"));
    let (_dir, out) = built_example();

    let page = html(&out.join("2026/platforms/example-social/index.html"));
    let since = page
        .select(&sel("main #since"))
        .next()
        .expect("changes section");
    assert_eq!(
        text(since.select(&sel("h2")).next().unwrap()),
        "Changes since 2025"
    );
    let back = since.select(&sel("a")).next().unwrap();
    assert_eq!(
        back.value().attr("href"),
        Some("../../../2025/platforms/example-social/index.html")
    );
    let rows: Vec<_> = since.select(&sel("table tbody tr")).collect();
    // The total, then the ten actions both frameworks number.
    assert_eq!(rows.len(), 11);
    let total: Vec<String> = rows[0].select(&sel("th, td")).map(text).collect();
    let (before, after) = (
        old["example-social"].unwrap(),
        new["example-social"].unwrap(),
    );
    assert_eq!(total[0], "Total");
    assert_eq!(total[1], format!("{before:.1}"));
    assert_eq!(total[2], format!("{after:.1}"));
    assert!(
        total[3].starts_with(&expected_change(before, after)),
        "{}",
        total[3]
    );
    // Action 6 gained 6.4 and action 7 lost 7.5: marked, still shown.
    assert!(text(rows[6]).contains("(indicators revised)"));
    assert!(text(rows[7]).contains("(indicators revised)"));
    assert!(!text(rows[1]).contains("revised"));
    // 4.1 went from partial to full (see the findings files).
    let ratings: Vec<String> = since.select(&sel(".rating-changes li")).map(text).collect();
    assert!(
        ratings.contains(&"4.1 Published implementation plan: was Partial, now Full".to_owned()),
        "{ratings:?}"
    );
    let revision = text(since);
    assert!(revision.contains("indicator 6.4 Crisis protocols: new in 2026, not compared"));
    assert!(revision.contains("indicator 7.5 Encrypted private messages: used in 2025 only"));

    let market = html(&out.join("2026/platforms/example-market/index.html"));
    let since = text(market.select(&sel("#since")).next().unwrap());
    assert!(since.contains("new in this edition"), "{since}");
    assert!(
        market.select(&sel("nav.also-in")).next().is_none(),
        "one edition only"
    );

    // The first edition has no such section.
    let first = html(&out.join("2025/platforms/example-social/index.html"));
    assert!(first.select(&sel("#since")).next().is_none());
}

#[test]
fn the_changes_page_lists_every_change_largest_first() {
    let data = dataset(&example_data());
    let (old, new) = (totals(&data, "2025"), totals(&data, "2026"));
    let (_dir, out) = built_example();
    let page = html(&out.join("2026/changes/index.html"));
    assert_eq!(
        text(page.select(&sel("h1")).next().unwrap()),
        "Changes since 2025"
    );

    // Totals: every platform in both editions whose total moved, largest first.
    let mut expected: Vec<(String, f64)> = new
        .iter()
        .filter_map(|(slug, after)| Some((slug.clone(), after.unwrap() - (*old.get(slug)?)?)))
        .filter(|(_, d)| d.abs() > 1e-9)
        .collect();
    expected.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    let shown: Vec<(String, String)> = page
        .select(&sel("section[aria-labelledby=totals-heading] tbody tr"))
        .map(|row| {
            let href = row
                .select(&sel("a"))
                .next()
                .unwrap()
                .value()
                .attr("href")
                .unwrap();
            let slug = href.split('/').rev().nth(1).unwrap().to_owned();
            let change = text(row.select(&sel("[aria-hidden=true]")).next().unwrap());
            (slug, change)
        })
        .collect();
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(slug, _)| {
            let change = expected_change(old[slug].unwrap(), new[slug].unwrap());
            (slug.clone(), change)
        })
        .collect();
    assert_eq!(shown, expected);

    // Action changes are sorted by size too.
    let sizes: Vec<f64> = page
        .select(&sel(
            "section[aria-labelledby=actions-heading] tbody tr [aria-hidden=true]",
        ))
        .map(|c| {
            text(c)
                .trim_start_matches(['▲', '▼', ' ', '+', '\u{2212}'])
                .parse()
                .unwrap()
        })
        .collect();
    assert!(!sizes.is_empty());
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");

    let all = text(page.select(&sel("main")).next().unwrap());
    for expected in [
        "New in 2026: Example Market",
        "Assessed in 2025, not in 2026: Example Microblog (2025 report)",
        "indicator 6.4 Crisis protocols: added in 2026, not compared",
        "indicator 7.5 Encrypted private messages: removed: used in 2025 only, not compared",
    ] {
        assert!(all.contains(expected), "{expected} not in: {all}");
    }
    // The sections come in the order of the issue: totals, actions, ratings,
    // platforms, framework.
    let order: Vec<String> = page.select(&sel("main h2")).map(text).collect();
    assert_eq!(
        order,
        [
            "Total scores",
            "Action scores",
            "Ratings",
            "Platforms",
            "Framework revision"
        ]
    );
    // Linked from the nav of the edition's pages.
    let nav = html(&out.join("2026/methodology/index.html"));
    assert!(nav
        .select(&sel(".site-nav a"))
        .any(|a| text(a) == "Changes"
            && a.value().attr("href") == Some("../../2026/changes/index.html")));
}

/// Parses a CSV download into rows of column → value, and its header.
fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (headers, rows)
}

#[test]
fn downloads_carry_the_previous_editions_figures() {
    let (_dir, out) = built_example();
    let read = |label: &str| {
        csv_rows(&std::fs::read(out.join(format!("{label}/data/scores.csv"))).unwrap())
    };
    let (head_2025, rows_2025) = read("2025");
    let (head_2026, rows_2026) = read("2026");
    assert_eq!(head_2025, head_2026);
    // The original columns keep their order; the new ones come after.
    assert_eq!(
        head_2026,
        [
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
        ]
    );
    assert!(rows_2025
        .iter()
        .all(|r| r["previous_edition"].is_empty() && r["previous_total"].is_empty()));
    let find = |rows: &[BTreeMap<String, String>], platform: &str, indicator: &str| {
        rows.iter()
            .find(|r| r["platform"] == platform && r["indicator"] == indicator)
            .cloned()
    };
    for row in &rows_2026 {
        let before = find(&rows_2025, &row["platform"], &row["indicator"]);
        match row["platform"].as_str() {
            "example-market" => assert!(row["previous_edition"].is_empty()),
            _ => {
                assert_eq!(row["previous_edition"], "2025");
                let total_2025 = rows_2025
                    .iter()
                    .find(|r| r["platform"] == row["platform"])
                    .unwrap();
                assert_eq!(row["previous_total"], total_2025["total"]);
                let action_2025 = rows_2025
                    .iter()
                    .find(|r| r["platform"] == row["platform"] && r["action"] == row["action"])
                    .unwrap();
                assert_eq!(row["previous_action_score"], action_2025["action_score"]);
                // Matched by indicator id: 6.4 is new, so it has no previous rating.
                let (rating, points) = before
                    .map(|b| (b["rating"].clone(), b["points"].clone()))
                    .unwrap_or_default();
                assert_eq!(row["previous_rating"], rating, "{row:?}");
                assert_eq!(row["previous_points"], points, "{row:?}");
            }
        }
    }
    let social_41 = find(&rows_2026, "example-social", "4.1").unwrap();
    assert_eq!(
        (
            social_41["rating"].as_str(),
            social_41["previous_rating"].as_str()
        ),
        ("full", "partial")
    );

    let json = |label: &str| -> serde_json::Value {
        serde_json::from_slice(
            &std::fs::read(out.join(format!("{label}/data/scorecard.json"))).unwrap(),
        )
        .unwrap()
    };
    let (j2025, j2026) = (json("2025"), json("2026"));
    assert!(j2025["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p.get("previous").is_none()));
    for p in j2026["platforms"].as_array().unwrap() {
        let slug = p["slug"].as_str().unwrap();
        if slug == "example-market" {
            assert!(p.get("previous").is_none());
            continue;
        }
        let previous = &p["previous"];
        assert_eq!(previous["edition"], "2025");
        let old = j2025["platforms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["slug"] == slug)
            .unwrap();
        assert_eq!(previous["total"], old["scores"]["total"]);
        assert_eq!(previous["rank"], old["scores"]["rank"]);
        assert_eq!(previous["actions"].as_array().unwrap().len(), 10);
        assert_eq!(previous["actions"][3]["number"], 4);
        assert_eq!(
            previous["actions"][3]["score"],
            old["scores"]["actions"][3]["score"]
        );
    }
}

#[test]
fn the_feed_has_one_entry_per_published_edition() {
    let data = dataset(&example_data());
    let (_dir, out) = built_example();
    let text_of = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_owned()
    };
    let xml = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    assert_eq!(text_of(feed, "updated"), "2026-11-02T00:00:00Z");
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), data.editions.len());
    let base = "https://example.org/scorecard";
    for (entry, edition) in entries.iter().zip(data.editions.iter().rev()) {
        let permalink = format!("{base}/{}/", edition.label);
        assert_eq!(text_of(*entry, "id"), permalink);
        assert_eq!(
            text_of(*entry, "updated"),
            format!("{}T00:00:00Z", edition.meta.published.value)
        );
        assert!(text_of(*entry, "title").ends_with(edition.meta.title.value.in_default()));
        let link = entry.children().find(|c| c.has_tag_name("link")).unwrap();
        assert_eq!(link.attribute("href"), Some(permalink.as_str()));
        let content = entry
            .children()
            .find(|c| c.has_tag_name("content"))
            .unwrap();
        assert_eq!(content.attribute("type"), Some("html"));
        // The summary, rendered to HTML and escaped once for the feed.
        let html = content.text().unwrap();
        assert!(html.starts_with("<p>"), "{html}");
        assert!(html.contains("<strong>"), "{html}");
    }
    // Every page names the feed in its <head>.
    for (path, bytes) in read_tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let link = page
            .select(&sel(
                "head link[rel=alternate][type='application/atom+xml']",
            ))
            .next()
            .unwrap_or_else(|| panic!("{path}: no feed link"));
        let href = link.value().attr("href").unwrap();
        assert!(
            href.ends_with("feed.xml")
                && (href.starts_with(&format!("{base}/")) || !href.contains(':')),
            "{path}: {href}"
        );
    }
}

#[test]
fn draft_editions_are_not_in_the_feed_nor_a_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    let edition = data.join("editions/2026/edition.toml");
    let text = std::fs::read_to_string(&edition).unwrap();
    std::fs::write(
        &edition,
        text.replace("status = \"published\"", "status = \"draft\""),
    )
    .unwrap();
    let out = dir.path().join("site");
    let (_, built) = scorecard::build(&scorecard::BuildOptions {
        include_drafts: true,
        ..options(&data, &out)
    })
    .unwrap();
    assert!(built.is_some());
    let xml = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ids: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("id"))
                .unwrap()
                .text()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["https://example.org/scorecard/2025/"]);
    // The draft preview still compares with the published 2025 edition.
    assert!(out.join("2026/changes/index.html").is_file());
}
