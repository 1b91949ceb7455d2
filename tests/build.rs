//! `scorecard build` on the example data and on altered copies of it: the
//! pages, their structure, the downloads, determinism, safety and atomicity.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use scorecard::model::Dataset;

/// The example data, checked, for deriving what the pages must show.
fn dataset() -> Dataset {
    let checked = scorecard::check(&example_data(), Default::default()).unwrap();
    checked.dataset.expect("example data passes check")
}

fn built_example() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&example_data(), &out);
    (dir, out)
}

#[test]
fn overview_matrix_has_a_row_per_platform_and_a_column_per_action() {
    let data = dataset();
    let (_dir, out) = built_example();
    for edition in &data.editions {
        let page = html(&out.join(edition.label.as_str()).join("index.html"));
        let rows: Vec<_> = page.select(&sel("table.matrix tbody tr")).collect();
        assert_eq!(
            rows.len(),
            edition.platforms.len(),
            "edition {}",
            edition.label
        );
        for row in &rows {
            assert_eq!(row.select(&sel("th[scope=row]")).count(), 1);
            // One cell per action plus the total.
            assert_eq!(
                row.select(&sel("td")).count(),
                edition.framework.actions.len() + 1
            );
        }
        let heads = page
            .select(&sel("table.matrix thead th[scope=col]"))
            .count();
        assert_eq!(
            heads,
            edition.framework.actions.len() + 2,
            "platform + actions + total"
        );
        let ranking = page.select(&sel("table.ranking tbody tr")).count();
        assert_eq!(ranking, edition.platforms.len());
    }
}

#[test]
fn platform_reports_show_every_source_and_have_anchors() {
    let data = dataset();
    let (_dir, out) = built_example();
    for (e, edition) in data.editions.iter().enumerate() {
        for (n, p) in edition.platforms.iter().enumerate() {
            let findings = data.evidence.findings(e, n).unwrap();
            let path = out.join(format!("{}/platforms/{}/index.html", edition.label, p.slug));
            let page = html(&path);
            assert_eq!(page.select(&sel("h1")).count(), 1);
            for action in &edition.framework.actions {
                let id = format!("#action-{}", action.number.value);
                assert_eq!(page.select(&sel(&id)).count(), 1, "{} {id}", path.display());
                for indicator in &action.indicators {
                    let anchor = indicator.id.value.anchor();
                    let article = page
                        .select(&sel(&format!("#{anchor}")))
                        .next()
                        .unwrap_or_else(|| panic!("{} lacks #{anchor}", path.display()));
                    let finding = findings.get(&indicator.id.value);
                    let sources: Vec<_> = article.select(&sel("li.source")).collect();
                    let expected = finding.map_or(0, |f| f.sources.len());
                    assert_eq!(sources.len(), expected, "{} #{anchor}", path.display());
                    for (li, source) in sources
                        .iter()
                        .zip(finding.map(|f| f.sources.as_slice()).unwrap_or(&[]))
                    {
                        let link = li.select(&sel("a.source-title")).next().unwrap();
                        assert_eq!(link.value().attr("href"), Some(source.url.value.as_str()));
                        let meta = text(*li);
                        assert!(meta.contains(&source.publisher.value), "{meta}");
                        if let Some(archive) = &source.archive {
                            assert!(li
                                .select(&sel(&format!("a[href=\"{}\"]", archive.value)))
                                .next()
                                .is_some());
                        }
                        if let Some(quote) = &source.quote {
                            assert!(meta.contains(
                                quote.value.in_default().split_whitespace().next().unwrap()
                            ));
                        }
                    }
                }
            }
            let cite = page.select(&sel("#cite")).next().expect("cite box");
            let permalink = format!("/{}/platforms/{}/", edition.label, p.slug);
            let cite_text = text(cite);
            assert!(cite_text.contains(&permalink), "{cite_text}");
            assert!(cite_text.contains("@misc{"), "{cite_text}");
            assert!(
                cite_text.contains(&edition.meta.published.value.to_string()),
                "{cite_text}"
            );
        }
    }
}

#[test]
fn root_pages_are_the_latest_edition_with_canonical_permalinks() {
    let data = dataset();
    let latest = &data.editions[data.latest_published().unwrap()];
    let (_dir, out) = built_example();
    let base = data.settings.base_url.value.as_str().trim_end_matches('/');
    for (root, permalink) in [
        ("index.html".to_owned(), format!("{base}/{}/", latest.label)),
        (
            "methodology/index.html".to_owned(),
            format!("{base}/{}/methodology/", latest.label),
        ),
        (
            format!("platforms/{}/index.html", latest.platforms[0].slug),
            format!(
                "{base}/{}/platforms/{}/",
                latest.label, latest.platforms[0].slug
            ),
        ),
    ] {
        let page = html(&out.join(&root));
        let canonical = page.select(&sel("link[rel=canonical]")).next().unwrap();
        assert_eq!(
            canonical.value().attr("href"),
            Some(permalink.as_str()),
            "{root}"
        );
        assert!(page
            .select(&sel("meta[property='og:url']"))
            .next()
            .is_some());
    }
    let action = &latest.framework.actions[2];
    assert!(out
        .join(format!(
            "{}/actions/3-{}/index.html",
            latest.label, action.slug.value
        ))
        .is_file());
    for file in ["404.html", "sitemap.xml", "assets/style.css"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    for page in &data.pages {
        assert!(out
            .join(format!("pages/{}/index.html", page.name))
            .is_file());
    }
}

#[test]
fn pages_are_accessible_in_structure() {
    let (_dir, out) = built_example();
    let tree = read_tree(&out);
    let data = dataset();
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let html_el = page.select(&sel("html")).next().unwrap();
        // Each language's pages are under /<lang>/; the default's also at the root.
        let folder = path.split('/').next().unwrap_or_default();
        let lang = if data.settings.languages.contains(folder) {
            folder
        } else {
            data.settings.language.as_str()
        };
        assert_eq!(html_el.value().attr("lang"), Some(lang), "{path}");
        assert_eq!(page.select(&sel("h1")).count(), 1, "{path}: one h1");
        assert_eq!(
            page.select(&sel("main#main")).count(),
            1,
            "{path}: main landmark"
        );
        // An embed is a frame's content with one link: it has no skip link.
        if !path.ends_with("/embed/index.html") {
            let skip = page.select(&sel("body a")).next().unwrap();
            assert_eq!(
                skip.value().attr("href"),
                Some("#main"),
                "{path}: skip link first"
            );
        }
        for th in page.select(&sel("th")) {
            assert!(
                th.value().attr("scope").is_some(),
                "{path}: th without scope"
            );
        }
        assert!(
            page.select(&sel(".sample-banner")).next().is_some(),
            "{path}: sample banner"
        );
        for svg in page.select(&sel("svg")) {
            assert!(
                svg.select(&sel("title")).next().is_some(),
                "{path}: svg without title"
            );
        }
        assert_scripts_are_data(path, &page);
    }
}

/// Scripts are data (`application/ld+json`, inline, valid JSON), except the
/// search script, loaded with `defer` by the search pages alone.
fn assert_scripts_are_data(path: &str, page: &scraper::Html) {
    for script in page.select(&sel("script")) {
        let attrs = script.value();
        if attrs.attr("type") == Some("application/ld+json") {
            assert!(attrs.attr("src").is_none(), "{path}: {attrs:?}");
            let json: String = script.text().collect();
            serde_json::from_str::<serde_json::Value>(&json)
                .unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}\n{json}"));
            continue;
        }
        let search_page = path == "search/index.html" || path.ends_with("/search/index.html");
        let src = attrs.attr("src").unwrap_or_default();
        assert!(
            search_page
                && src.ends_with("assets/search.js")
                && attrs.attr("defer").is_some()
                && attrs.attr("type").is_none()
                && script.text().collect::<String>().is_empty(),
            "{path}: JavaScript other than the search page's deferred search.js: {attrs:?}"
        );
    }
}

/// Parses a CSV download into rows of column → value.
fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(str::to_owned)
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn csv_recomputes_the_totals_shown() {
    let data = dataset();
    let (_dir, out) = built_example();
    for edition in &data.editions {
        let rows = csv_rows(
            &std::fs::read(out.join(format!("{}/data/scores.csv", edition.label))).unwrap(),
        );
        let indicators = edition.framework.indicator_count();
        assert_eq!(rows.len(), edition.platforms.len() * indicators);
        // Recompute from the CSV alone: points → action means → weighted totals.
        let mut actions: BTreeMap<(String, u32), (f64, Vec<f64>)> = BTreeMap::new();
        for row in &rows {
            let key = (row["platform"].clone(), row["action"].parse().unwrap());
            let entry = actions
                .entry(key)
                .or_insert((row["action_weight"].parse().unwrap(), Vec::new()));
            if !row["points"].is_empty() {
                entry.1.push(row["points"].parse().unwrap());
            }
        }
        let mut totals: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for ((platform, _), (weight, points)) in &actions {
            if points.is_empty() {
                continue;
            }
            let mean = points.iter().sum::<f64>() / points.len() as f64;
            let t = totals.entry(platform.clone()).or_default();
            t.0 += weight * mean;
            t.1 += weight;
        }
        let page = html(&out.join(format!("{}/index.html", edition.label)));
        for row in page.select(&sel("table.matrix tbody tr")) {
            let link = row.select(&sel("th a")).next().unwrap();
            let slug = link
                .value()
                .attr("href")
                .unwrap()
                .split('/')
                .rev()
                .nth(1)
                .unwrap()
                .to_owned();
            let shown = text(row.select(&sel("td.total")).next().unwrap());
            let (sum, weights) = totals[&slug];
            assert_eq!(
                shown,
                format!("{:.1}", sum / weights),
                "{} {slug}",
                edition.label
            );
            let csv_total: f64 = rows.iter().find(|r| r["platform"] == slug).unwrap()["total"]
                .parse()
                .unwrap();
            assert!((csv_total - sum / weights).abs() < 1e-9);
        }
    }
}

#[test]
fn json_download_holds_the_edition_and_its_scores() {
    let data = dataset();
    let (_dir, out) = built_example();
    let edition = &data.editions[0];
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join(format!("{}/data/scorecard.json", edition.label))).unwrap(),
    )
    .unwrap();
    assert_eq!(json["edition"]["label"], edition.label.as_str());
    assert_eq!(
        json["platforms"].as_array().unwrap().len(),
        edition.platforms.len()
    );
    let first = &json["platforms"][0];
    assert!(first["scores"]["total"].is_number());
    assert!(first["findings"][0]["source"].is_array());
    assert_eq!(
        json["framework"]["action"].as_array().unwrap().len(),
        edition.framework.actions.len()
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    build(&example_data(), &dir.path().join("a"));
    build(&example_data(), &dir.path().join("b"));
    let (a, b) = (
        read_tree(&dir.path().join("a")),
        read_tree(&dir.path().join("b")),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

#[test]
fn links_are_relative_and_name_files() {
    let (_dir, out) = built_example();
    for (path, bytes) in read_tree(&out)
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "404.html")
    {
        let page = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        for a in page.select(&sel("a[href], link[href]")) {
            let href = a.value().attr("href").unwrap();
            assert!(!href.starts_with('/'), "{path}: root-relative link {href}");
            let internal = !href.contains(':') && !href.starts_with('#');
            if internal {
                let file = href.split('#').next().unwrap();
                assert!(
                    file.ends_with(".html")
                        || file.ends_with(".css")
                        || file.ends_with(".csv")
                        || file.ends_with(".json")
                        || file.ends_with(".xml")
                        || file.ends_with(".bib")
                        || file.ends_with(".svg"),
                    "{path}: {href}"
                );
                let target = Path::new(path).parent().unwrap().join(file);
                assert!(
                    out.join(&target).is_file(),
                    "{path}: {href} → {}",
                    target.display()
                );
            }
        }
    }
}

const HOSTILE: &str = r#"<script>alert(1)</script> <img src=x onerror="alert(2)"> <iframe src="https://evil.example"></iframe>
<style>body{display:none}</style> <svg><script>alert(3)</script></svg> <a href="javascript:alert(4)">j</a>
[click](javascript:alert(5)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)
{{ chrome.site_title }} {% raw %}x{% endraw %} &lt;script&gt; <div onmouseover="alert(7)">hover</div>"#;

fn hostile_copy(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    copy_dir(&example_data(), &data);
    let checked = scorecard::check(&data, Default::default()).unwrap();
    let dataset = checked.dataset.unwrap();
    let edition = dataset.editions.last().unwrap();
    let platform = &edition.platforms[0];
    let base = data.join(format!(
        "editions/{}/platforms/{}",
        edition.label, platform.slug
    ));
    // The platform's name, summary and reply, and a finding's rationale and source, carry the payload.
    let hostile_toml = toml_string(HOSTILE);
    let platform_toml = format!(
        "name = {}\ncompany = {}\nwebsite = \"https://evil.example/\"\nassessed = {}\nsummary = {hostile_toml}\n\n[[response]]\nreceived = {}\nsummary = {hostile_toml}\n",
        toml_string("<script>alert('name')</script> Example"),
        toml_string("Evil <b onclick=\"alert(9)\">Inc</b>"),
        platform.platform.assessed.value,
        platform.platform.assessed.value,
    );
    std::fs::write(base.join("platform.toml"), platform_toml).unwrap();
    let extra = format!(
        "[[finding]]\nindicator = \"{}\"\nrating = \"partial\"\nrationale = {hostile_toml}\n\n[[finding.source]]\ntitle = {}\nurl = \"https://evil.example/\\\"onmouseover=alert(8)\"\npublisher = \"<b>pub</b>\"\naccessed = {}\nquote = {}\n",
        "1.1",
        toml_string("<script>alert('title')</script>"),
        edition.meta.published.value,
        hostile_toml
    );
    // Replace the platform's finding for 1.1 by moving all findings files away but this one.
    for entry in walkdir::WalkDir::new(&base).into_iter().map(Result::unwrap) {
        if entry.file_type().is_file() && entry.file_name() != "platform.toml" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let kept: Vec<&str> = text
                .split("[[finding]]")
                .filter(|block| !block.contains("indicator = \"1.1\""))
                .collect();
            std::fs::write(entry.path(), kept.join("[[finding]]")).unwrap();
        }
    }
    std::fs::write(base.join("hostile.toml"), extra).unwrap();
    data
}

fn toml_string(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

#[test]
fn hostile_markdown_and_strings_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let data = hostile_copy(dir.path());
    let out = dir.path().join("site");
    build(&data, &out);
    let mut checked_pages = 0;
    for (path, bytes) in read_tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = std::str::from_utf8(bytes).unwrap();
        let page = scraper::Html::parse_document(text);
        assert!(
            page.select(&sel("iframe, style, img, object, embed"))
                .next()
                .is_none(),
            "{path}: active element"
        );
        // The payload reaches the JSON-LD as data, and leaves it as the same text.
        assert_scripts_are_data(path, &page);
        for script in page.select(&sel("script[type='application/ld+json']")) {
            let json: String = script.text().collect();
            assert!(!json.contains('<'), "{path}: a raw < in JSON-LD: {json}");
            if json.contains("alert") {
                let value: serde_json::Value = serde_json::from_str(&json).unwrap();
                assert!(
                    value.to_string().contains("<script>alert("),
                    "{path}: {value}"
                );
            }
        }
        for element in page.select(&sel("*")) {
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{path}: event handler {name}={value}"
                );
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:") && !v.starts_with("data:"),
                    "{path}: {name}={value}"
                );
            }
        }
        // Template syntax from the data is printed, never evaluated.
        if text.contains("alert(1)") {
            checked_pages += 1;
            assert!(text.contains("{{ chrome.site_title }}"), "{path}");
            assert!(text.contains("{% raw %}"), "{path}");
        }
    }
    assert!(
        checked_pages >= 2,
        "the payload reached {checked_pages} pages"
    );
}

#[test]
fn a_failing_build_leaves_the_previous_site_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    let out = dir.path().join("site");
    build(&data, &out);
    let before = read_tree(&out);

    // An evidence error: nothing is built.
    let settings = data.join("scorecard.toml");
    let good = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, good.replace("base_url = ", "base_urll = ")).unwrap();
    let (checked, built) = scorecard::build(&options(&data, &out)).unwrap();
    assert!(built.is_none() && checked.error_count() > 0);
    assert!(
        read_tree(&out) == before,
        "site changed after a failed check"
    );
    std::fs::write(&settings, good).unwrap();

    // A template error mid-build: the previous site stays, no staging folder is left.
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("platform.html"),
        "{% extends \"base.html\" %}{% block content %}{{ missing.field }}{% endblock content %}",
    )
    .unwrap();
    let err = scorecard::build(&scorecard::BuildOptions {
        templates: Some(templates.clone()),
        ..options(&data, &out)
    });
    assert!(err.is_err(), "a template error must fail the build");
    assert!(
        read_tree(&out) == before,
        "site changed after a failed render"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        3,
        "data, templates, site only: {leftovers:?}"
    );

    // A broken internal link is a build error too.
    std::fs::write(templates.join("platform.html"), "{% extends \"base.html\" %}{% block content %}<h1>x</h1><a href=\"../nowhere/index.html\">x</a>{% endblock content %}").unwrap();
    let Err(err) = scorecard::build(&scorecard::BuildOptions {
        templates: Some(templates),
        ..options(&data, &out)
    }) else {
        panic!("a broken link must fail the build");
    };
    assert!(err.to_string().contains("nowhere"), "{err}");
    assert!(read_tree(&out) == before);
}

#[test]
fn build_command_reports_and_refuses_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    let out = dir.path().join("site");
    assert_cmd::Command::cargo_bin("scorecard")
        .unwrap()
        .args(["build", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .arg("--base-url")
        .arg("https://press.example/hrd")
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        page.contains("https://press.example/hrd/"),
        "--base-url is used for permalinks"
    );
    std::fs::write(data.join("editions/oops.toml"), "x = 1").unwrap();
    let output = assert_cmd::Command::cargo_bin("scorecard")
        .unwrap()
        .args(["build", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("E022") && stderr.contains("nothing was built"),
        "{stderr}"
    );
}
