//! The site in several languages: string catalogues complete and used,
//! templates free of their own words, every language built under `/<lang>/`
//! with the default also at the root, unchanged there, `hreflang` alternates
//! that resolve, right-to-left Arabic, and digits as each locale writes them.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{build, copy_dir, example_data, html, read_tree, repo, sel, text};
use scorecard::i18n::{Catalogue, Catalogues, Locale, BUILTIN_CATALOGUES};
use scorecard::ids::LanguageTag;

fn catalogue(language: &str) -> Catalogue {
    let (_, source) = BUILTIN_CATALOGUES
        .iter()
        .find(|(l, _)| *l == language)
        .unwrap();
    Catalogue::parse(language, source).unwrap()
}

/// The example data, with `scorecard.toml`'s language lines replaced by `languages`.
fn example_with(languages: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_data(), dir.path());
    let settings = dir.path().join("scorecard.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("languages") && !l.starts_with("language "))
        .collect();
    std::fs::write(&settings, format!("{}\n{languages}\n", kept.join("\n"))).unwrap();
    dir
}

fn built(data: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(data, &out.path().join("site"));
    out
}

#[test]
fn every_catalogue_has_the_keys_and_placeholders_of_english() {
    let english = catalogue("en");
    let keys: Vec<&str> = english.keys().collect();
    assert!(keys.len() > 150, "{} keys", keys.len());
    for (language, _) in BUILTIN_CATALOGUES {
        let c = catalogue(language);
        assert_eq!(c.keys().collect::<Vec<_>>(), keys, "{language}.toml keys");
        for key in &keys {
            assert_eq!(
                c.placeholders(key),
                english.placeholders(key),
                "{language}.toml `{key}` placeholders"
            );
            assert_eq!(
                c.is_plural(key),
                english.is_plural(key),
                "{language}.toml `{key}` counts"
            );
        }
    }
}

/// Every file of `dir` (recursively) whose name ends with one of `exts`.
fn sources(dir: &Path, exts: &[&str]) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter(|e| exts.iter().any(|x| e.path().to_string_lossy().ends_with(x)))
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_catalogue_key_is_used() {
    // Templates print `t.section.key`; the code fills "section.key".
    let code: String = sources(&repo().join("src"), &[".rs"])
        .into_iter()
        .chain(sources(&repo().join("templates"), &[".html", ".xml"]))
        .map(|(_, text)| text)
        .collect();
    let english = catalogue("en");
    let unused: Vec<&str> = english
        .keys()
        .filter(|k| !code.contains(&format!("\"{k}\"")) && !code.contains(&format!("t.{k} ")))
        .collect();
    assert!(unused.is_empty(), "catalogue keys used nowhere: {unused:?}");
}

/// What a template prints of its own: the template without its tags,
/// expressions, statements, comments and entities.
fn own_text(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    let pairs = [
        ("{{", "}}"),
        ("{%", "%}"),
        ("{#", "#}"),
        ("<", ">"),
        ("&", ";"),
    ];
    loop {
        let next = pairs
            .iter()
            .filter_map(|(open, close)| rest.find(open).map(|i| (i, *open, *close)))
            .min();
        let Some((i, open, close)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let after = &rest[i + open.len()..];
        rest = match after.find(close) {
            Some(j) => &after[j + close.len()..],
            None => "",
        };
    }
}

#[test]
fn templates_print_no_words_of_their_own() {
    assert_eq!(
        own_text("<p>{{ t.a | safe }} · {% if x %}Hi{% endif %}</p>"),
        " · Hi"
    );
    for (file, template) in sources(&repo().join("templates"), &[".html", ".xml"]) {
        let left = own_text(&template);
        let words: Vec<&str> = left
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        assert!(
            words.is_empty(),
            "{file} prints words of its own: {words:?}"
        );
    }
}

#[test]
fn each_language_is_built_under_its_folder_and_the_default_also_at_the_root() {
    let out = built(&example_data());
    let site = out.path().join("site");
    let files = read_tree(&site);
    for prefix in ["", "en/", "ar/", "es/"] {
        for page in [
            "index.html",
            "2026/index.html",
            "2025/platforms/example-social/index.html",
            "2026/actions/1-hrd-protection-policy/index.html",
            "2026/methodology/index.html",
            "2026/changes/index.html",
            "pages/about/index.html",
        ] {
            assert!(
                files.contains_key(&format!("{prefix}{page}")),
                "{prefix}{page}"
            );
        }
    }
    // The downloads are the same in every language: built once, at the root.
    assert!(files.contains_key("2026/data/scores.csv"));
    assert!(!files
        .keys()
        .any(|f| f.starts_with("ar/") && f.contains("/data/")));
    let ar = html(&site.join("ar/2026/index.html"));
    let csv = ar
        .select(&sel("a[href$='scores.csv']"))
        .next()
        .unwrap()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(csv, "../../2026/data/scores.csv");
    // Each language has its feed and its 404 page; the default's copy under
    // /en/ is never canonical, nor listed in the sitemap.
    for f in ["feed.xml", "ar/feed.xml", "es/feed.xml", "ar/404.html"] {
        assert!(files.contains_key(f), "{f}");
    }
    let en_copy = html(&site.join("en/2026/platforms/example-social/index.html"));
    let canonical = en_copy
        .select(&sel("link[rel=canonical]"))
        .next()
        .unwrap()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(
        canonical,
        "https://example.org/scorecard/2026/platforms/example-social/"
    );
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
    assert!(!sitemap.contains("/scorecard/en/"));
    assert!(sitemap.contains("https://example.org/scorecard/ar/2026/platforms/example-social/"));
}

#[test]
fn an_arabic_page_is_arabic_and_right_to_left() {
    let out = built(&example_data());
    let site = out.path().join("site");
    let page = html(&site.join("ar/2026/platforms/example-social/index.html"));
    let root = page.root_element();
    assert_eq!(root.attr("lang"), Some("ar"));
    assert_eq!(root.attr("dir"), Some("rtl"));
    // The site's own words are Arabic: no word of the English catalogue's
    // headings is left on the page.
    let headings: Vec<String> = page.select(&sel("h2")).map(text).collect();
    assert!(headings.contains(&"الدرجة".to_owned()), "{headings:?}");
    let english = catalogue("en");
    let en = Locale::new(
        &Catalogues::load(None).unwrap(),
        &LanguageTag::parse("en").unwrap(),
    )
    .unwrap();
    let own: BTreeSet<String> = page
        .select(&sel(
            "h2, h3, h4, th, dt, caption, nav.toc a, .eyebrow, .rating-points",
        ))
        .filter(|e| e.attr("lang").is_none() && e.select(&sel("[lang]")).next().is_none())
        .map(text)
        .collect();
    // Words long enough not to match by chance; names (APA, BibTeX) aside.
    let words = english
        .keys()
        .filter(|k| english.placeholders(k).is_empty() && !k.starts_with("meta."))
        .filter(|k| !k.ends_with("_heading"))
        .map(|k| (k, en.t(k).to_owned()))
        .filter(|(_, w)| w.chars().filter(|c| c.is_alphabetic()).count() >= 5);
    for (key, word) in words {
        assert!(
            !own.iter().any(|t| t.contains(&word)),
            "the English `{key}` (“{word}”) on the Arabic page: {own:?}"
        );
    }
    // Framework titles are translated; a rationale left in English is marked so.
    let title = text(page.select(&sel("#action-1-heading")).next().unwrap());
    assert!(title.contains("الالتزام بسياسة"), "{title}");
    let rationale = page.select(&sel(".rationale > div[lang]")).next().unwrap();
    assert_eq!(rationale.attr("lang"), Some("en"));
    assert_eq!(rationale.attr("dir"), Some("ltr"));
    // The chart is drawn right to left.
    let chart = page.select(&sel("svg.chart")).next().unwrap();
    assert_eq!(chart.attr("direction"), Some("rtl"));
}

#[test]
fn digits_are_those_the_locale_writes() {
    // Arabic as CLDR writes it (Latin digits), Egyptian Arabic (Arabic-Indic
    // digits and separator), Spanish (a decimal comma).
    let data = example_with(r#"languages = ["en", "ar", "ar-EG", "es"]"#);
    let out = built(data.path());
    let site = out.path().join("site");
    let total = |lang: &str| {
        let page = html(&site.join(format!("{lang}/2026/platforms/example-social/index.html")));
        text(page.select(&sel(".total-value")).next().unwrap())
    };
    assert_eq!(total("en"), "75.8");
    assert_eq!(total("ar"), "75.8");
    assert_eq!(total("ar-EG"), "٧٥٫٨");
    assert_eq!(total("es"), "75,8");
    let date = |lang: &str| {
        let page = html(&site.join(format!("{lang}/2026/index.html")));
        text(page.select(&sel(".eyebrow time")).next().unwrap())
    };
    assert_eq!(date("en"), "2 November 2026");
    assert_eq!(date("ar-EG"), "٢ نوفمبر ٢٠٢٦");
    assert_eq!(date("es"), "2 de noviembre de 2026");
}

#[test]
fn hreflang_alternates_resolve_to_pages_of_their_language() {
    let out = built(&example_data());
    let site = out.path().join("site");
    let base = "https://example.org/scorecard/";
    let mut checked = 0;
    for (rel, _) in read_tree(&site) {
        // An embed is a frame's content, kept out of search engines
        // (noindex): it names no alternates.
        if !rel.ends_with(".html") || rel.ends_with("/embed/index.html") {
            continue;
        }
        let page = html(&site.join(&rel));
        let alternates: Vec<(String, String)> = page
            .select(&sel("link[rel=alternate][hreflang]"))
            .map(|l| {
                (
                    l.attr("hreflang").unwrap().to_owned(),
                    l.attr("href").unwrap().to_owned(),
                )
            })
            .collect();
        let langs: Vec<&str> = alternates.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(langs, ["en", "ar", "es", "x-default"], "{rel}");
        for (lang, href) in &alternates {
            let path = href
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("{rel}: {href}"));
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_owned()
            };
            let target = html(&site.join(&file));
            let expected = if lang == "x-default" { "en" } else { lang };
            assert_eq!(
                target.root_element().attr("lang"),
                Some(expected),
                "{rel} → {href}"
            );
            checked += 1;
        }
        // The switcher names each language in itself, with lang and hreflang.
        let switcher: Vec<(Option<&str>, Option<&str>)> = page
            .select(&sel("nav.language-nav a"))
            .map(|a| (a.attr("lang"), a.attr("hreflang")))
            .collect();
        assert_eq!(
            switcher,
            [
                (Some("en"), Some("en")),
                (Some("ar"), Some("ar")),
                (Some("es"), Some("es"))
            ],
            "{rel}"
        );
    }
    assert!(checked > 500, "{checked} alternates");
}

/// `<main>` of a page, as written.
fn main_of(bytes: &[u8]) -> String {
    let text = std::str::from_utf8(bytes).unwrap();
    let start = text.find("<main").unwrap();
    let end = text.find("</main>").unwrap();
    text[start..end].to_owned()
}

/// Replaces every translation table of a TOML document by its English text.
fn english_only(item: &mut toml_edit::Item) {
    let languages = ["en", "ar", "es"];
    let english =
        |keys: Vec<&str>| keys.contains(&"en") && keys.iter().all(|k| languages.contains(k));
    match item {
        toml_edit::Item::Table(t) => {
            if english(t.iter().map(|(k, _)| k).collect()) {
                let en = t["en"].as_str().unwrap().to_owned();
                *item = toml_edit::value(en);
            } else {
                t.iter_mut().for_each(|(_, v)| english_only(v));
            }
        }
        toml_edit::Item::Value(toml_edit::Value::InlineTable(t))
            if english(t.iter().map(|(k, _)| k).collect()) =>
        {
            let en = t["en"].as_str().unwrap().to_owned();
            *item = toml_edit::value(en);
        }
        toml_edit::Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                t.iter_mut().for_each(|(_, v)| english_only(v));
            }
        }
        _ => {}
    }
}

#[test]
fn english_pages_at_the_root_do_not_change_when_languages_are_added() {
    // The example data in English alone, as a single-language site.
    let english = example_with(r#"language = "en""#);
    for entry in walkdir::WalkDir::new(english.path()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let mut doc: toml_edit::DocumentMut = text.parse().unwrap();
            english_only(doc.as_item_mut());
            std::fs::write(entry.path(), doc.to_string()).unwrap();
        }
    }
    let one = read_tree(&built(english.path()).path().join("site"));
    let many = read_tree(&built(&example_data()).path().join("site"));
    let mut compared = 0;
    for (rel, bytes) in &one {
        let other = many
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} is gone from the site in three languages"));
        if rel.ends_with(".html") {
            assert_eq!(main_of(bytes), main_of(other), "{rel}");
            // And the /en/ copy says the same, its links (and the search
            // page's link to its index) one folder deeper.
            if let Some(copy) = many.get(&format!("en/{rel}")) {
                let unlinked = |main: String| {
                    ["href=\"", "data-index=\""]
                        .iter()
                        .fold(main, |main, attr| {
                            main.split(attr)
                                .map(|part| part.split_once('"').map_or(part, |(_, rest)| rest))
                                .collect::<Vec<_>>()
                                .join("href")
                        })
                };
                assert_eq!(
                    unlinked(main_of(bytes)),
                    unlinked(main_of(copy)),
                    "en/{rel}"
                );
            }
            compared += 1;
        } else if rel.ends_with(".csv") {
            // The downloads are locale-neutral: one copy, the same in every language.
            assert_eq!(bytes, other, "{rel}");
        }
    }
    assert!(compared > 50, "{compared} pages compared");
    // A site in one language has no switcher and no alternates.
    let page = String::from_utf8(one["index.html"].clone()).unwrap();
    assert!(!page.contains("hreflang") && !page.contains("language-nav"));
}

#[test]
fn a_translated_page_replaces_the_default_one() {
    let data = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/base"), data.path());
    let settings = data.path().join("scorecard.toml");
    let text_ = std::fs::read_to_string(&settings)
        .unwrap()
        .replace("language = \"en\"", "languages = [\"en\", \"es\"]");
    std::fs::write(&settings, text_).unwrap();
    std::fs::write(
        data.path().join("pages/about.es.md"),
        "+++\ntitle = \"Acerca de\"\n+++\n\nUn índice de ejemplo.\n",
    )
    .unwrap();
    let out = built(data.path());
    let site = out.path().join("site");
    let es = html(&site.join("es/pages/about/index.html"));
    assert_eq!(text(es.select(&sel("h1")).next().unwrap()), "Acerca de");
    assert!(es.select(&sel("article[lang]")).next().is_none());
    let menu: Vec<String> = es.select(&sel("nav.site-nav a")).map(text).collect();
    assert!(menu.contains(&"Acerca de".to_owned()), "{menu:?}");
    assert_eq!(
        text(es.select(&sel("nav.site-nav a")).next().unwrap()),
        "Resumen"
    );
}
