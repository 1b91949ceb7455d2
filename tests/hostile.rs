//! Hostile data: every string field that reaches a page carries script,
//! event handlers, dangerous URLs, active elements, HTML entities and Tera
//! syntax. The built site must show all of it as inert text (or drop it):
//! checked on every HTML page as parsed by a browser-grade parser, on the
//! inline SVG charts, and on the CSV and JSON downloads.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, Item, Table};

/// What every field carries, after a tag naming the field so that the test
/// can tell that each one reached a page.
fn payload(tag: &str) -> String {
    [
        tag,
        "<script>alert('xss')</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<object data=\"https://evil.example/x.swf\"></object><embed src=\"https://evil.example/x\">",
        "<style>*{display:none}</style>",
        "<svg onload=alert(2)><script>alert(3)</script><a xlink:href=\"javascript:alert(4)\">s</a></svg>",
        "<math><a xlink:href=\"javascript:alert(5)\">m</a></math>",
        "<a href=\"javascript:alert(6)\">a</a> <a href=\"&#106;avascript:alert(7)\">b</a>",
        "[c](javascript:alert(8)) [d](data:text/html;base64,PHNjcmlwdD4=) [e](&#106;avascript:alert(9))",
        "[f]( JaVaScRiPt:alert(10)) [g](vbscript:msgbox) [h](java\tscript:alert(11)) <javascript:alert(12)>",
        "![i](javascript:alert(13)) ![j](https://tracker.example/p.png)",
        "<form action=\"javascript:alert(14)\"><button formaction=\"javascript:alert(15)\">x</button></form>",
        "<base href=\"https://evil.example/\"> <meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\"> <div style=\"background:url(javascript:alert(16))\">d</div>",
        "&lt;script&gt;alert(17)&lt;/script&gt; &#60;script&#62;",
        "{{ 7 * 7 }} {{ chrome.site_title }} {% if true %}EVALUATED{% endif %} {# hidden #} {% raw %}r{% endraw %}",
        "]]> --> </title> </desc> \" ' `",
        // Control characters, two of which stand in for links while a page
        // is rendered for two places.
        "\u{1}\u{2}\u{7}",
    ]
    .join(" ")
}

/// `text` as the data's texts hold it: as written but the control
/// characters, which each read as U+FFFD.
fn as_read(text: &str) -> String {
    text.replace(['\u{1}', '\u{2}', '\u{7}'], "\u{FFFD}")
}

/// The Tera snippet that must come out as typed: evaluated, it would read `49`.
const TERA: &str = "{{ 7 * 7 }}";

/// Platform names: each starts with a character that spreadsheets read as a formula.
const FORMULA_STARTS: [(&str, &str); 5] = [
    ("ex-a", "=HYPERLINK(\"https://evil.example/\",\"x\")"),
    ("ex-b", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ("ex-c", "+1+cmd|' /C calc'!A0"),
    ("ex-d", "-2+3+cmd|' /C calc'!A0"),
    ("ex-e", "\t=1+1"),
];

fn set(table: &mut Table, key: &str, tag: &str, tags: &mut Vec<String>) {
    table[key] = value(payload(tag));
    tags.push(tag.to_owned());
}

fn list(table: &mut Table, key: &str, tag: &str, tags: &mut Vec<String>) {
    let mut array = Array::new();
    for n in 1..=2 {
        let tag = format!("{tag}{n}");
        array.push(payload(&tag));
        tags.push(tag);
    }
    table[key] = value(array);
}

fn edit(path: &Path, change: impl FnOnce(&mut DocumentMut)) {
    let mut doc: DocumentMut = std::fs::read_to_string(path).unwrap().parse().unwrap();
    change(&mut doc);
    std::fs::write(path, doc.to_string()).unwrap();
}

fn tables<'a>(doc: &'a mut Table, key: &str) -> &'a mut ArrayOfTables {
    doc[key].as_array_of_tables_mut().unwrap()
}

/// A copy of the base fixture where every string field that reaches a page
/// carries the payload. Returns the data folder, the tags of every field
/// shown on a page, and each platform's name as written.
fn hostile_data(dir: &Path) -> (PathBuf, Vec<String>, BTreeMap<String, String>) {
    let data = dir.join("data");
    copy_dir(&repo().join("tests/fixtures/base"), &data);
    let edition = data.join("editions/2026");
    let mut tags = Vec::new();

    edit(&data.join("scorecard.toml"), |d| {
        set(d.as_table_mut(), "title", "F-site-title", &mut tags);
        set(d.as_table_mut(), "publisher", "F-site-publisher", &mut tags);
        // URLs are checked to be http(s), but may still hold quotes and brackets.
        d["base_url"] = value("https://scorecard.example/x\"onmouseover=alert(1)<b>/");
    });
    edit(&edition.join("edition.toml"), |d| {
        set(d.as_table_mut(), "title", "F-edition-title", &mut tags);
        set(d.as_table_mut(), "summary", "F-edition-summary", &mut tags);
    });
    edit(&edition.join("framework.toml"), |d| {
        let root = d.as_table_mut();
        // The framework id is in the JSON download only.
        root["id"] = value(payload("F-framework-id"));
        set(root, "title", "F-framework-title", &mut tags);
        set(root, "publisher", "F-framework-publisher", &mut tags);
        set(root, "notes", "F-framework-notes", &mut tags);
        for (r, rating) in tables(root, "rating").iter_mut().enumerate() {
            set(rating, "label", &format!("F-rating{r}-label"), &mut tags);
            set(
                rating,
                "description",
                &format!("F-rating{r}-description"),
                &mut tags,
            );
        }
        for (a, action) in tables(root, "action").iter_mut().enumerate() {
            set(action, "title", &format!("F-action{a}-title"), &mut tags);
            set(
                action,
                "summary",
                &format!("F-action{a}-summary"),
                &mut tags,
            );
            for (i, indicator) in tables(action, "indicator").iter_mut().enumerate() {
                set(indicator, "title", &format!("F-ind{a}{i}-title"), &mut tags);
                set(
                    indicator,
                    "question",
                    &format!("F-ind{a}{i}-question"),
                    &mut tags,
                );
            }
        }
    });

    // More platforms, so that each formula-starting character is a platform name.
    let platforms = edition.join("platforms");
    for (slug, _) in &FORMULA_STARTS[2..] {
        copy_dir(&platforms.join("ex-b"), &platforms.join(slug));
    }
    let mut names = BTreeMap::new();
    for (slug, start) in FORMULA_STARTS {
        let dir = platforms.join(slug);
        let name = format!("{start} {}", payload(&format!("F-{slug}-name")));
        tags.push(format!("F-{slug}-name"));
        names.insert(slug.to_owned(), name.clone());
        edit(&dir.join("platform.toml"), |d| {
            let root = d.as_table_mut();
            root["name"] = value(name);
            root["website"] = value("https://evil.example/'onfocus='alert(1)");
            set(root, "company", &format!("F-{slug}-company"), &mut tags);
            set(root, "summary", &format!("F-{slug}-summary"), &mut tags);
            list(root, "services", &format!("F-{slug}-service"), &mut tags);
            list(
                root,
                "researchers",
                &format!("F-{slug}-researcher"),
                &mut tags,
            );
            let mut responses = ArrayOfTables::new();
            let mut response = Table::new();
            response["received"] = root["assessed"].clone();
            set(
                &mut response,
                "summary",
                &format!("F-{slug}-response"),
                &mut tags,
            );
            response["url"] = value("https://evil.example/\"><script>alert(1)</script>");
            responses.push(response);
            root.insert("response", Item::ArrayOfTables(responses));
        });
        edit(&dir.join("findings.toml"), |d| {
            for (f, finding) in tables(d.as_table_mut(), "finding").iter_mut().enumerate() {
                set(
                    finding,
                    "rationale",
                    &format!("F-{slug}-f{f}-rationale"),
                    &mut tags,
                );
                if let Some(sources) = finding
                    .get_mut("source")
                    .and_then(Item::as_array_of_tables_mut)
                {
                    for (s, source) in sources.iter_mut().enumerate() {
                        let tag = format!("F-{slug}-f{f}-s{s}");
                        set(source, "title", &format!("{tag}-title"), &mut tags);
                        set(source, "publisher", &format!("{tag}-publisher"), &mut tags);
                        set(source, "quote", &format!("{tag}-quote"), &mut tags);
                        source["url"] = value("https://evil.example/\"onmouseover=alert(1)");
                    }
                }
            }
        });
    }

    let page = data.join("pages/about.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let body = text.splitn(3, "+++").nth(2).unwrap();
    let mut front = Table::new();
    set(&mut front, "title", "F-page-title", &mut tags);
    set(&mut front, "description", "F-page-description", &mut tags);
    tags.push("F-page-body".into());
    let body = format!(
        "{body}\n\n{}\n\n# {}\n",
        payload("F-page-body"),
        payload("F-page-body")
    );
    std::fs::write(
        &page,
        format!("+++\n{}+++\n{body}", DocumentMut::from(front)),
    )
    .unwrap();
    (data, tags, names)
}

/// ASCII whitespace and controls are ignored by browsers inside a URL scheme.
fn dangerous_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|scheme| squeezed.starts_with(scheme))
}

/// Attributes that load or navigate to a URL.
const URL_ATTRIBUTES: [&str; 8] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
];

#[test]
fn hostile_strings_in_every_field_stay_inert() {
    let dir = tempfile::tempdir().unwrap();
    let (data, tags, mut names) = hostile_data(dir.path());
    for name in names.values_mut() {
        *name = as_read(name);
    }
    let out = dir.path().join("site");
    build(&data, &out);
    let tree = read_tree(&out);

    let mut seen: BTreeMap<&str, usize> = tags.iter().map(|t| (t.as_str(), 0)).collect();
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let source = std::str::from_utf8(bytes).unwrap();
        assert!(
            !(source.chars()).any(|c| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')),
            "{path}: a control character"
        );
        let page = scraper::Html::parse_document(source);
        // The site has no script, frame, plug-in, style or form of its own
        // but the search page's script and form; its JSON-LD is data, in
        // which no `<` can end the element.
        let search_page = path.ends_with("search/index.html");
        let active = if search_page {
            sel("script:not([type='application/ld+json']):not([src$='assets/search.js']), iframe, frame, object, embed, style, img, form:not(#search-form), button:not([type=submit]), base, math, meta[http-equiv]")
        } else {
            sel("script:not([type='application/ld+json']), iframe, frame, object, embed, style, img, form, button, base, math, meta[http-equiv]")
        };
        if let Some(element) = page.select(&active).next() {
            panic!("{path}: <{}> from the data", element.value().name());
        }
        for script in page.select(&sel("script:not([src])")) {
            let json: String = script.text().collect();
            assert!(!json.contains('<'), "{path}: a raw < in JSON-LD");
            serde_json::from_str::<serde_json::Value>(&json).expect("JSON-LD parses");
        }
        // Its only SVG is the chart, and its only links in the head are its own.
        for svg in page.select(&sel("svg")) {
            let class = svg.value().attr("class").unwrap_or("");
            assert!(
                class.split_whitespace().next() == Some("chart"),
                "{path}: foreign svg (class {class:?})"
            );
            for child in svg.children().filter_map(scraper::ElementRef::wrap) {
                let name = child.value().name();
                assert!(
                    ["title", "desc", "line", "text", "rect"].contains(&name),
                    "{path}: <{name}> in the chart"
                );
            }
        }
        for link in page.select(&sel("link")) {
            let rel = link.value().attr("rel").unwrap_or("");
            assert!(
                ["canonical", "stylesheet", "alternate"].contains(&rel),
                "{path}: link rel={rel}"
            );
            let href = link.value().attr("href").unwrap_or("");
            assert!(!href.contains("evil.example"), "{path}: {href}");
        }
        for element in page.select(&sel("*")) {
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.to_ascii_lowercase().starts_with("on"),
                    "{path}: <{} {name}={value:?}>",
                    element.value().name()
                );
                assert!(
                    name != "style",
                    "{path}: style attribute on <{}>",
                    element.value().name()
                );
                if URL_ATTRIBUTES.contains(&name) || name.ends_with("href") {
                    assert!(!dangerous_url(value), "{path}: {name}={value:?}");
                }
            }
        }
        // Where a field's text shows, it shows as typed: script as text, Tera unevaluated.
        let text: String = page.root_element().text().collect();
        let attrs: String = page
            .select(&sel("meta[content], [title], [aria-label]"))
            .flat_map(|e| e.value().attrs().map(|(_, v)| v.to_owned()))
            .collect();
        for (tag, count) in seen.iter_mut() {
            if text.contains(tag) || attrs.contains(tag) {
                *count += 1;
            }
        }
        if text.contains("F-") {
            assert!(text.contains(TERA), "{path}: Tera syntax was evaluated");
            assert!(text.contains("<script>alert('xss')</script>"), "{path}");
        }
        // EVALUATED appears only inside the literal `{% if … %}` block (in
        // the BibTeX citation, with its braces and `%` escaped).
        assert_eq!(
            text.matches("EVALUATED").count(),
            text.matches("{% if true %}EVALUATED{% endif %}").count()
                + text
                    .matches(r"\{\% if true \%\}EVALUATED\{\% endif \%\}")
                    .count(),
            "{path}: a Tera block was evaluated"
        );
    }
    let unseen: Vec<_> = seen
        .iter()
        .filter(|(_, &n)| n == 0)
        .map(|(t, _)| *t)
        .collect();
    assert!(unseen.is_empty(), "fields that reach no page: {unseen:?}");

    // The chart carries the platform name as text in its title and description.
    let report = html(&out.join("2026/platforms/ex-a/index.html"));
    let chart = report.select(&sel("svg.chart")).next().expect("a chart");
    let title = text(chart.select(&sel("title")).next().unwrap());
    assert!(
        title.contains("F-ex-a-name <script>alert('xss')</script>"),
        "{title}"
    );
    let desc = text(chart.select(&sel("desc")).next().unwrap());
    assert!(desc.contains("F-action0-title <script>"), "{desc}");

    // CSV: no cell from the data starts a formula; the name is kept after a quote.
    let csv_bytes = &tree["2026/data/scores.csv"];
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let name_column = headers.iter().position(|h| h == "platform_name").unwrap();
    let platform_column = headers.iter().position(|h| h == "platform").unwrap();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula in the CSV: {cell:?}"
            );
        }
        let slug = &record[platform_column];
        assert_eq!(record[name_column], format!("'{}", names[slug]), "{slug}");
        rows += 1;
    }
    assert_eq!(rows, names.len() * 4);

    // JSON: valid, and carrying every name exactly as written.
    for file in ["2026/data/scorecard.json"] {
        let json: serde_json::Value = serde_json::from_slice(&tree[file]).unwrap();
        for platform in json["platforms"].as_array().unwrap() {
            let slug = platform["slug"].as_str().unwrap();
            assert_eq!(platform["name"].as_str(), Some(names[slug].as_str()));
        }
        assert_eq!(
            json["framework"]["id"].as_str(),
            Some(as_read(&payload("F-framework-id")).as_str())
        );
    }
    // The sitemap holds addresses only, escaped for XML.
    let sitemap = std::str::from_utf8(&tree["sitemap.xml"]).unwrap();
    assert!(
        sitemap.contains("/x&quot;onmouseover=alert(1)&lt;b&gt;/2026/"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("<b>") && !sitemap.contains("\"onmouseover") && !sitemap.contains("F-ex"),
        "{sitemap}"
    );
}
