//! An action of an edition with many platforms keeps its ranking whole and
//! moves the platforms' rationales to pages of 50, in platform order; a small
//! edition keeps them on the action page.

mod common;
#[path = "../examples/gen-data/generator.rs"]
mod generator;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use scorecard::session::{Session, Target};

const PLATFORMS: usize = 60;

/// The ids of the platform sections a page shows, in order.
fn platform_sections(page: &Path) -> Vec<String> {
    html(page)
        .select(&sel("section.action-platform"))
        .map(|s| s.value().attr("id").unwrap().to_owned())
        .collect()
}

#[test]
fn many_platforms_put_rationales_on_pages_and_the_ranking_links_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let options = generator::Options {
        platforms: PLATFORMS,
        seed: 5,
    };
    generator::generate_data(&data, &options).unwrap();
    let out = dir.path().join("site");
    build(&data, &out);

    let action = out.join("2026/actions/3-exchange-information");
    let page = html(&action.join("index.html"));
    assert!(
        page.select(&sel("section.action-platform"))
            .next()
            .is_none(),
        "the action page itself holds no rationale"
    );
    // Links run through the root, as every link of the site does.
    let links: Vec<String> = page
        .select(&sel("ol.rationale-pages a"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(
        links,
        [
            "../../../2026/actions/3-exchange-information/rationales/1/index.html",
            "../../../2026/actions/3-exchange-information/rationales/2/index.html"
        ],
        "60 platforms make two pages of 50"
    );

    // Every platform once, in platform (folder) order: 50, then 10.
    let first = platform_sections(&action.join("rationales/1/index.html"));
    let second = platform_sections(&action.join("rationales/2/index.html"));
    assert_eq!((first.len(), second.len()), (50, 10));
    let mut slugs: Vec<String> = std::fs::read_dir(data.join("editions/2026/platforms"))
        .unwrap()
        .map(|e| format!("platform-{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    slugs.sort();
    assert_eq!([first.clone(), second.clone()].concat(), slugs);

    // Each ranking row names the page that holds the platform's section.
    let mut rows = 0;
    for a in page.select(&sel("table.ranking tbody th a")) {
        let href = a.value().attr("href").unwrap();
        let (file, anchor) = href.split_once('#').unwrap();
        let holder = if first.iter().any(|id| id == anchor) {
            "rationales/1/index.html"
        } else {
            assert!(second.iter().any(|id| id == anchor), "{href}");
            "rationales/2/index.html"
        };
        assert!(
            file.ends_with(&format!("3-exchange-information/{holder}")),
            "{href}"
        );
        rows += 1;
    }
    assert_eq!(rows, PLATFORMS);

    // The rationale on its page is the one on the platform's report.
    let slug = second[3].strip_prefix("platform-").unwrap();
    let report = html(&out.join(format!("2026/platforms/{slug}/index.html")));
    let on_report: Vec<String> = report
        .select(&sel("#action-3 .rationale"))
        .map(|r| r.inner_html())
        .collect();
    let rationales = html(&action.join("rationales/2/index.html"));
    let on_page: Vec<String> = rationales
        .select(&sel(&format!("#{} .rationale", second[3])))
        .map(|r| r.inner_html())
        .collect();
    assert!(!on_report.is_empty());
    assert_eq!(on_page, on_report);
    // The latest edition's copy at the root has them too.
    assert!(out
        .join("actions/3-exchange-information/rationales/2/index.html")
        .is_file());
}

#[test]
fn a_small_edition_keeps_its_rationales_on_the_action_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&example_data(), &out);
    let action = out.join("2026/actions/3-exchange-information");
    assert!(!action.join("rationales").exists());
    let sections = platform_sections(&action.join("index.html"));
    let page = html(&action.join("index.html"));
    let rows: Vec<String> = page
        .select(&sel("table.ranking tbody th a"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(sections.len(), rows.len());
    for href in rows {
        let anchor = href.strip_prefix('#').expect("a link within the page");
        assert!(sections.iter().any(|s| s == anchor), "{href}");
    }
}

#[test]
fn a_rationale_edit_rebuilds_its_page_as_a_full_build_would() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    generator::generate_data(
        &data,
        &generator::Options {
            platforms: PLATFORMS,
            seed: 5,
        },
    )
    .unwrap();
    let preview = dir.path().join("preview");
    let mut session = Session::new(options(&data, &preview));
    session.build(Target::InPlace).unwrap();

    // The last platform is on the second page of rationales.
    let mut platforms: Vec<_> = std::fs::read_dir(data.join("editions/2026/platforms"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    platforms.sort();
    let findings = platforms.last().unwrap().join("action-03.toml");
    let text = std::fs::read_to_string(&findings).unwrap();
    let edited = text.replacen("rationale = \"\"\"", "rationale = \"\"\"Edited. ", 1);
    assert_ne!(text, edited);
    std::fs::write(&findings, edited).unwrap();
    let (_, built) = session.build(Target::InPlace).unwrap();
    let built = built.unwrap();
    assert!(
        built.rendered < built.files / 10,
        "{} of {} files rendered again",
        built.rendered,
        built.files
    );

    same_as_full_build(&data, &preview, &dir.path().join("full"));
    let page = std::fs::read_to_string(
        preview.join("2026/actions/3-exchange-information/rationales/2/index.html"),
    )
    .unwrap();
    assert!(page.contains("Edited."));

    // A rating changed moves some platforms' ranks and not others'.
    let text = std::fs::read_to_string(&findings).unwrap();
    let rating = ["\"no_evidence\"", "\"none\"", "\"partial\"", "\"full\""]
        .into_iter()
        .find(|r| text.contains(&format!("rating = {r}")))
        .unwrap();
    let other = if rating == "\"full\"" {
        "\"none\""
    } else {
        "\"full\""
    };
    std::fs::write(
        &findings,
        text.replacen(
            &format!("rating = {rating}"),
            &format!("rating = {other}"),
            1,
        ),
    )
    .unwrap();
    let (_, built) = session.build(Target::InPlace).unwrap();
    assert!(built.unwrap().rendered > 2);
    same_as_full_build(&data, &preview, &dir.path().join("full-2"));
}

fn same_as_full_build(data: &Path, preview: &Path, full: &Path) {
    build(data, full);
    let (a, b): (BTreeMap<_, _>, BTreeMap<_, _>) = (read_tree(preview), read_tree(full));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs from a full build");
    }
}
