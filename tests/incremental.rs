//! The preview's incremental rebuilds render only the pages whose inputs
//! changed; after any edit, what they leave must be byte for byte what a
//! full build writes.

mod common;

use common::*;
use scorecard::session::{Session, Target};

#[test]
fn incremental_rebuilds_match_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    let templates = dir.path().join("templates");
    copy_dir(&repo().join("templates"), &templates);
    let preview = dir.path().join("preview");
    let mut options = options(&data, &preview);
    options.templates = Some(templates.clone());
    let mut session = Session::new(options.clone());
    let (_, first) = session.build(Target::InPlace).unwrap();
    let first = first.unwrap();
    assert_eq!(
        first.rendered, first.files,
        "the first build renders everything"
    );

    let platforms = data.join("editions/2026/platforms");
    let older = data.join("editions/2025/platforms");
    type Step = Box<dyn Fn()>;
    let steps: Vec<(&str, Step)> = vec![
        ("nothing changed", Box::new(|| {})),
        (
            "a rationale",
            Box::new({
                let p = platforms.clone();
                move || {
                    edit(
                        &file_with(&p.join("example-social"), "rationale = \"\"\""),
                        "rationale = \"\"\"",
                        "rationale = \"\"\"Edited. ",
                    )
                }
            }),
        ),
        (
            "a rating",
            Box::new({
                let p = platforms.clone();
                move || {
                    edit(
                        &file_with(&p.join("example-video"), "rating = \"partial\""),
                        "rating = \"partial\"",
                        "rating = \"full\"",
                    )
                }
            }),
        ),
        (
            "a platform's name",
            Box::new({
                let p = platforms.clone();
                move || {
                    edit(
                        &p.join("example-chat/platform.toml"),
                        "name = \"",
                        "name = \"Renamed ",
                    )
                }
            }),
        ),
        (
            "the earlier edition",
            Box::new({
                let p = older.clone();
                move || {
                    edit(
                        &file_with(&p.join("example-forum"), "rating = \"none\""),
                        "rating = \"none\"",
                        "rating = \"partial\"",
                    )
                }
            }),
        ),
        (
            "a new platform",
            Box::new({
                let (p, data) = (platforms.clone(), data.clone());
                move || {
                    copy_dir(&p.join("example-forum"), &p.join("example-newcomer"));
                    edit(
                        &p.join("example-newcomer/platform.toml"),
                        "name = \"",
                        "name = \"New ",
                    );
                    let _ = &data;
                }
            }),
        ),
        (
            "a removed platform",
            Box::new({
                let p = platforms.clone();
                move || std::fs::remove_dir_all(p.join("example-market")).unwrap()
            }),
        ),
        (
            "an extra page",
            Box::new({
                let data = data.clone();
                move || {
                    std::fs::write(
                        data.join("pages/about.md"),
                        "+++\ntitle = \"About it\"\n+++\nChanged.\n",
                    )
                    .unwrap()
                }
            }),
        ),
        (
            "the settings",
            Box::new({
                let data = data.clone();
                move || edit(&data.join("scorecard.toml"), "en = \"HRD", "en = \"The HRD")
            }),
        ),
        (
            "a template",
            Box::new({
                let t = templates.clone();
                move || {
                    edit(
                        &t.join("platform.html"),
                        "<h2 id=\"score-heading\">{{ t.platform.score | safe }}</h2>",
                        "<h2 id=\"score-heading\">{{ t.table.total | safe }}</h2>",
                    )
                }
            }),
        ),
        (
            "an Arabic translation",
            Box::new({
                let data = data.clone();
                move || {
                    edit(
                        &data.join("editions/2026/framework.toml"),
                        "ar = \"التزام علني\"",
                        "ar = \"تعهّد علني\"",
                    )
                }
            }),
        ),
        (
            "a string of a catalogue",
            Box::new({
                let t = templates.clone();
                move || {
                    edit(
                        &t.join("i18n/ar.toml"),
                        "overview = \"نظرة عامة\"",
                        "overview = \"ملخّص\"",
                    )
                }
            }),
        ),
        (
            "the stylesheet",
            Box::new({
                let t = templates.clone();
                move || {
                    edit(
                        &t.join("assets/style.css"),
                        "--ink: #1b1f24;",
                        "--ink: #111111;",
                    )
                }
            }),
        ),
    ];
    for (what, step) in &steps {
        step();
        let (checked, built) = session.build(Target::InPlace).unwrap();
        let built = built.unwrap_or_else(|| panic!("{what}: {:#?}", checked.diagnostics));
        let full = dir.path().join("full");
        scorecard::build(&scorecard::BuildOptions {
            out: full.clone(),
            ..options.clone()
        })
        .unwrap();
        let (a, b) = (read_tree(&preview), read_tree(&full));
        let only_one: Vec<_> = a
            .keys()
            .filter(|k| !b.contains_key(*k))
            .chain(b.keys().filter(|k| !a.contains_key(*k)))
            .collect();
        assert!(
            only_one.is_empty(),
            "after {what}: files in one tree only: {only_one:?}"
        );
        let differ: Vec<_> = a.keys().filter(|k| a[*k] != b[*k]).collect();
        assert!(differ.is_empty(), "after {what}: stale files {differ:?}");
        if *what == "nothing changed" {
            assert_eq!(built.rendered, 0, "nothing changed, nothing rendered");
        }
        if *what == "a rationale" {
            assert!(
                built.rendered < built.files / 4,
                "{what}: rendered {} of {}",
                built.rendered,
                built.files
            );
        }
        std::fs::remove_dir_all(&full).unwrap();
    }
}
