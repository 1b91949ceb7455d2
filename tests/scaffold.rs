//! `scorecard init`, `new platform`, `new edition` and `schema`: what they
//! write passes `check` and builds, they never overwrite, and the shipped
//! schemas accept the example data and reject broken files.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;

fn scorecard() -> Command {
    Command::cargo_bin("scorecard").unwrap()
}

fn check_clean(data: &Path, drafts: bool) {
    let options = scorecard::validate::Options {
        include_drafts: drafts,
    };
    let checked = scorecard::check(data, options).unwrap();
    assert_eq!(checked.error_count(), 0, "{:#?}", checked.diagnostics);
    assert_eq!(checked.warning_count(), 0, "{:#?}", checked.diagnostics);
}

#[test]
fn init_makes_a_project_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    scorecard().arg("init").arg(&project).assert().success();
    check_clean(&project.join("data"), false);
    for file in [
        "templates/base.html",
        "templates/assets/style.css",
        ".taplo.toml",
        "schemas/findings.schema.json",
    ] {
        assert!(project.join(file).is_file(), "{file}");
    }
    scorecard()
        .current_dir(&project)
        .arg("build")
        .assert()
        .success();
    assert!(project.join("site/index.html").is_file());

    // A second init refuses and changes nothing.
    let before = read_tree(&project.join("data"));
    scorecard().arg("init").arg(&project).assert().code(1);
    assert!(read_tree(&project.join("data")) == before);
}

#[test]
fn new_platform_lists_every_indicator_ready_to_fill_in() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    scorecard()
        .args([
            "new",
            "platform",
            "example-newcomer",
            "--name",
            "Newcomer Chat",
            "--edition",
            "2026",
            "--data",
        ])
        .arg(&data)
        .assert()
        .success();
    let folder = data.join("editions/2026/platforms/example-newcomer");
    let platform = std::fs::read_to_string(folder.join("platform.toml")).unwrap();
    assert!(platform.contains("name = \"Newcomer Chat\""));

    let checked = scorecard::check(&data, Default::default()).unwrap();
    assert_eq!(checked.error_count(), 0, "{:#?}", checked.diagnostics);
    let dataset = checked.dataset.unwrap();
    let edition = dataset
        .editions
        .iter()
        .find(|e| e.label.as_str() == "2026")
        .unwrap();
    let newcomer = edition
        .platforms
        .iter()
        .find(|p| p.slug.as_str() == "example-newcomer")
        .unwrap();
    assert_eq!(
        newcomer.ratings.len(),
        edition.framework.indicator_count(),
        "every indicator listed"
    );
    assert!(newcomer
        .ratings
        .values()
        .all(|r| r.rating.as_str() == "no_evidence"));
    // Each indicator's question is there as a comment to answer.
    let all_text: String = read_tree(&folder)
        .into_values()
        .map(|b| String::from_utf8(b).unwrap())
        .collect();
    for (_, indicator) in edition.framework.indicators() {
        let question = indicator
            .question
            .value
            .in_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(all_text.contains(&format!("# {question}")), "{question}");
    }

    // Existing platforms and bad slugs are refused.
    scorecard()
        .args(["new", "platform", "example-newcomer", "--data"])
        .arg(&data)
        .assert()
        .code(1);
    scorecard()
        .args(["new", "platform", "Bad Slug", "--data"])
        .arg(&data)
        .assert()
        .code(1);
    assert!(!data.join("editions/2026/platforms/Bad Slug").exists());
}

#[test]
fn new_edition_copies_an_edition_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    scorecard()
        .args(["new", "edition", "2027", "--data"])
        .arg(&data)
        .assert()
        .success();
    let edition = std::fs::read_to_string(data.join("editions/2027/edition.toml")).unwrap();
    assert!(
        edition.contains("label = \"2027\"") && edition.contains("status = \"draft\""),
        "{edition}"
    );
    let copied = read_tree(&data.join("editions/2027/platforms"));
    let original = read_tree(&data.join("editions/2026/platforms"));
    assert!(
        copied == original,
        "platforms and findings are copied from the newest edition"
    );
    assert_eq!(
        std::fs::read(data.join("editions/2027/framework.toml")).unwrap(),
        std::fs::read(data.join("editions/2026/framework.toml")).unwrap()
    );
    // Without --drafts the draft is left out; with it, it checks.
    let checked = scorecard::check(&data, Default::default()).unwrap();
    assert_eq!(checked.dataset.unwrap().editions.len(), 2);
    let options = scorecard::validate::Options {
        include_drafts: true,
    };
    let checked = scorecard::check(&data, options).unwrap();
    assert_eq!(checked.error_count(), 0, "{:#?}", checked.diagnostics);
    assert_eq!(checked.dataset.unwrap().editions.len(), 3);

    scorecard()
        .args(["new", "edition", "2027", "--data"])
        .arg(&data)
        .assert()
        .code(1);
    scorecard()
        .args(["new", "edition", "2028", "--from", "1999", "--data"])
        .arg(&data)
        .assert()
        .code(1);
}

/// TOML as JSON the way editors validate it: dates become strings.
fn toml_to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.into_iter().map(toml_to_json).collect(),
        toml::Value::Table(t) => t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect(),
    }
}

fn schema_for(file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("schemas").join(file)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn schema_file_for(rel: &str) -> &'static str {
    if rel == "scorecard.toml" {
        "scorecard.schema.json"
    } else if rel.ends_with("/edition.toml") {
        "edition.schema.json"
    } else if rel.ends_with("/framework.toml") {
        "framework.schema.json"
    } else if rel.ends_with("/platform.toml") {
        "platform.schema.json"
    } else {
        "findings.schema.json"
    }
}

#[test]
fn shipped_schemas_are_current_and_accept_the_example_data() {
    // The committed schemas and .taplo.toml are what `scorecard schema` writes.
    let dir = tempfile::tempdir().unwrap();
    scorecard()
        .args(["schema", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(
        read_tree(&dir.path().join("schemas")) == read_tree(&repo().join("schemas")),
        "run `scorecard schema`"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".taplo.toml")).unwrap(),
        std::fs::read_to_string(repo().join(".taplo.toml")).unwrap()
    );

    let mut validated = 0;
    for (rel, bytes) in read_tree(&example_data()) {
        if !rel.ends_with(".toml") {
            continue;
        }
        let value = toml_to_json(toml::from_str(std::str::from_utf8(&bytes).unwrap()).unwrap());
        let validator = schema_for(schema_file_for(&rel));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
        validated += 1;
    }
    assert!(validated > 50, "{validated} files validated");
}

#[test]
fn shipped_schemas_reject_broken_files() {
    let findings = schema_for("findings.schema.json");
    let broken = [
        "[[finding]]\nindicator = \"1.1\"\nrating = \"full\"\nrationle = \"typo\"\n",
        "[[finding]]\nindicator = \"one\"\nrating = \"full\"\n",
        "[[finding]]\nrating = \"full\"\n",
        "[[finding]]\nindicator = \"1.1\"\nrating = \"full\"\n[[finding.source]]\ntitle = \"t\"\nurl = \"javascript:alert(1)\"\npublisher = \"p\"\naccessed = 2026-01-01\n",
        "[[finding]]\nindicator = \"1.1\"\nrating = \"Full\"\n",
    ];
    for text in broken {
        let value = toml_to_json(toml::from_str(text).unwrap());
        assert!(!findings.is_valid(&value), "accepted:\n{text}");
    }
    // A translation table is a text; a table keyed by anything but languages is not.
    let edition = schema_for("edition.schema.json");
    let text = |summary: &str| {
        toml_to_json(
            toml::from_str(&format!(
                "label = \"2026\"\ntitle = \"T\"\npublished = 2026-01-01\nsummary = {summary}\n"
            ))
            .unwrap(),
        )
    };
    assert!(edition.is_valid(&text("\"plain\"")));
    assert!(edition.is_valid(&text("{ en = \"a\", ar = \"ب\" }")));
    assert!(
        !edition.is_valid(&text("{ text = \"a\" }")),
        "a table keyed by a non-language"
    );
    assert!(
        !edition.is_valid(&text("{ en = 1 }")),
        "a translation that is not a string"
    );
    let platform = schema_for("platform.schema.json");
    let value = toml_to_json(toml::from_str("name = \"x\"\ncompany = \"y\"\nwebsite = \"https://x.example\"\nassessed = 2026-01-01\nheadquarters = \"usa\"\n").unwrap());
    assert!(!platform.is_valid(&value), "a three-letter country code");
    let framework = schema_for("framework.schema.json");
    let value = toml_to_json(toml::from_str("id = \"x\"\ntitle = \"t\"\npublisher = \"p\"\npublished = 2024-01-01\nurl = \"https://x.example\"\n[[rating]]\nid = \"full\"\nlabel = \"Full\"\npoints = 150\ndescription = \"d\"\n").unwrap());
    assert!(!framework.is_valid(&value), "points over 100");
}
