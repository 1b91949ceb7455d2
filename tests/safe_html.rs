//! `to_safe_html` writes most markdown without ammonia's second pass: its
//! output must be, byte for byte, what that pass gives, on every input.
//! Checked on the generator's rationales (what a large build renders), on
//! the example data's texts, and on random markdown assembled from the
//! constructs the direct path writes and from those it must leave to
//! ammonia (raw HTML, images, tables, footnotes, code blocks, link
//! addresses of every kind, entities, non-breaking spaces, carriage returns).

#[path = "../examples/gen-data/generator.rs"]
mod generator;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use scorecard::render::markdown::{to_safe_html, to_safe_html_by_sanitiser, Origin};

fn same_both_ways(markdown: &str) {
    for origin in [Origin::Evidence, Origin::Page] {
        assert_eq!(
            to_safe_html(markdown, origin),
            to_safe_html_by_sanitiser(markdown, origin),
            "{origin:?}: {markdown:?}"
        );
    }
}

#[test]
fn generated_rationales_come_out_as_the_sanitiser_leaves_them() {
    let shape = generator::Shape::parse();
    let mut seen = 0;
    for index in 0..40 {
        for edition in 0..2 {
            for action in 0..shape.actions.len() {
                for finding in generator::findings(1, &shape, edition, index, action) {
                    same_both_ways(&finding.rationale);
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 3000, "{seen}");
}

#[test]
fn the_example_data_comes_out_as_the_sanitiser_leaves_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        let path = entry.path();
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("toml" | "md") => std::fs::read_to_string(path).unwrap(),
            _ => continue,
        };
        // Each string of a TOML file (rationales, summaries, notes) and a
        // page's whole text are markdown somewhere on the site.
        if path.extension().is_some_and(|e| e == "md") {
            same_both_ways(&text);
            seen += 1;
        } else if let Ok(table) = text.parse::<toml::Table>() {
            let mut strings = Vec::new();
            collect_strings(&toml::Value::Table(table), &mut strings);
            for s in strings {
                same_both_ways(&s);
                seen += 1;
            }
        }
    }
    assert!(seen > 100, "{seen}");
}

fn collect_strings(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        toml::Value::Table(t) => t.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn hand_picked_markdown_comes_out_as_the_sanitiser_leaves_it() {
    for markdown in [
        "",
        "plain",
        "a & b < c > d \"q\" 'a' \u{a0}nbsp\u{a0}",
        "Some *emphasis*, **strong**, ~~gone~~ and `co<de>&`.",
        "[x](https://a.example/p?q=1&r=2#f) [y](http://b.example/it's) <https://c.example/>",
        "[m](mailto:someone@example.org) <someone@example.org>",
        "[bad](javascript:alert(1)) [rel](../up) [frag](#top) [sp](<https://a.example/a b>)",
        "[bad](javascript:alert(1))",
        "[bad](JAVASCRIPT:alert(1)) [d](data:text/html,x) [v](vbscript:x) [f](ftp://a.example/)",
        "[rel](../up) [frag](#top) [proto](//a.example/x) [empty]()",
        "[t](https://a.example/ \"title\") [u](https://a.example/ü) [H](HTTPS://A.EXAMPLE/)",
        "# One\n## Two\n#### Four\n###### Six\n\ntext",
        "- a\n- b\n\n  para in b\n- c\n\n1. x\n2. y\n\n3. start\n4. more\n\n0. zero",
        "> quote\n> - list in quote\n>\n> > deeper",
        "line  \nhard break\\\nagain\nsoft\n\n---\n\n***\n",
        "<b>raw</b> <script>x</script>\n\n<div>\nblock\n</div>\n",
        "![alt *text*](https://a.example/i.png) after",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        "note[^1]\n\n[^1]: the note",
        "```rust\nfn main() {}\n```\n\n    indented",
        "a\r\nb\r\n",
        "&copy; &amp; &#65; &nbsp; &bogus;",
        "- [ ] task\n- [x] done",
        "*a **b** a* _c_ __d__",
        "[ref]\n\n[ref]: https://a.example/ref",
    ] {
        same_both_ways(markdown);
    }
}

/// A piece of markdown: inline pieces joined into lines, lines into blocks.
fn piece() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "word",
        "&",
        "<",
        ">",
        "\"",
        "'",
        "\u{a0}",
        "é",
        "日本",
        "🙂",
        "*",
        "_",
        "`",
        "\\",
        "~",
        "&amp;",
        "&#x27;",
        "&bogus",
        "http://x.example",
        "—",
        "\t",
        "   ",
        "\r",
        "{{ x }}",
    ]);
    let url = prop::sample::select(vec![
        "https://a.example/path",
        "http://a.example/?q=1&r=2",
        "https://a.example/it's",
        "https://a.example/a%20b",
        "mailto:x@a.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "../relative",
        "#frag",
        "//proto.example/x",
        "https://ü.example/",
        "https://a.example/[x]",
        "HTTP://A.EXAMPLE/",
        "https://a.example/(paren)",
        "ftp://a.example/",
        "data:text/html,x",
        "https://",
    ]);
    let inline = prop_oneof![
        word.clone().prop_map(str::to_owned),
        word.clone().prop_map(|w| format!("*{w}*")),
        word.clone().prop_map(|w| format!("**{w}**")),
        word.clone().prop_map(|w| format!("~~{w}~~")),
        word.clone().prop_map(|w| format!("`{w}`")),
        (word.clone(), url.clone()).prop_map(|(w, u)| format!("[{w}]({u})")),
        (word.clone(), url.clone()).prop_map(|(w, u)| format!("[{w}]({u} \"t\")")),
        url.clone().prop_map(|u| format!("<{u}>")),
        (word.clone(), url.clone()).prop_map(|(w, u)| format!("![{w}]({u})")),
        word.prop_map(|w| format!("<b>{w}</b>")),
    ];
    let line = prop::collection::vec(inline, 1..6).prop_map(|parts| parts.join(" "));
    let prefix = prop::sample::select(vec![
        "", "", "", "- ", "* ", "1. ", "7. ", "> ", "> - ", "  - ", "# ", "### ", "| ", "    ",
        "```\n", "---\n", "[^n]: ",
    ]);
    let ending = prop::sample::select(vec!["\n", "\n\n", "  \n", "\\\n", "\n\n\n"]);
    (prefix, line, ending).prop_map(|(p, l, e)| format!("{p}{l}{e}"))
}

#[test]
fn random_markdown_comes_out_as_the_sanitiser_leaves_it() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(0x5afe_4733),
        failure_persistence: None,
        ..Config::default()
    };
    let markdown = prop::collection::vec(piece(), 1..8).prop_map(|pieces| pieces.concat());
    TestRunner::new(config)
        .run(&markdown, |markdown| {
            for origin in [Origin::Evidence, Origin::Page] {
                let direct = to_safe_html(&markdown, origin);
                let sanitised = to_safe_html_by_sanitiser(&markdown, origin);
                prop_assert_eq!(direct, sanitised, "{:?}", origin);
            }
            Ok(())
        })
        .unwrap();
}
