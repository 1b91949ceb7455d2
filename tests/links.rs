//! `scorecard check --links` against a local HTTP server on 127.0.0.1 that
//! answers 200, 404, 500, redirects (to a 200 and to a 404), and slowly:
//! dead sources and archives are warned about at their place in the file, and
//! a second run answers from the cache what will not change.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// Requests seen, by path.
type Hits = Arc<Mutex<HashMap<String, usize>>>;

/// Serves the test paths on a free loopback port, a thread per request (the
/// slow one must not hold up the others). Returns the base address.
fn serve(hits: Hits) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let hits = hits.clone();
            std::thread::spawn(move || {
                let path = request.url().to_owned();
                *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
                let redirect = |to: &str| {
                    tiny_http::Response::from_string("moved")
                        .with_status_code(302)
                        .with_header(tiny_http::Header::from_bytes(&b"Location"[..], to).unwrap())
                };
                let response = match path.as_str() {
                    "/ok" | "/ok-too" => tiny_http::Response::from_string("fine"),
                    "/gone" => tiny_http::Response::from_string("gone").with_status_code(404),
                    "/error" => tiny_http::Response::from_string("oops").with_status_code(500),
                    "/moved" => redirect("/ok"),
                    "/moved-gone" => redirect("/gone"),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(3));
                        tiny_http::Response::from_string("late")
                    }
                    _ => tiny_http::Response::from_string("?").with_status_code(404),
                };
                let _ = request.respond(response);
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// A one-platform data folder whose sources point at `base`.
fn data_folder(dir: &Path, base: &str) -> std::path::PathBuf {
    let fixture = repo().join("tests/fixtures/editions/pair");
    let data = dir.join("data");
    let platform = data.join("editions/2026/platforms/ex-a");
    std::fs::create_dir_all(&platform).unwrap();
    for file in [
        "scorecard.toml",
        "editions/2026/edition.toml",
        "editions/2026/framework.toml",
        "editions/2026/platforms/ex-a/platform.toml",
    ] {
        std::fs::copy(fixture.join(file), data.join(file)).unwrap();
    }
    // (indicator, url, archive)
    let findings = [
        ("1.1", "/ok", Some("/moved")),
        ("1.2", "/gone", Some("/ok-too")),
        ("1.3", "/error", None),
        ("2.1", "/moved-gone", Some("/slow")),
        ("2.3", "/ok", Some("/gone")),
    ];
    let mut toml = String::new();
    for (indicator, url, archive) in findings {
        toml.push_str(&format!(
            "[[finding]]\nindicator = \"{indicator}\"\nrating = \"partial\"\nrationale = \"Partly.\"\n\n[[finding.source]]\ntitle = \"Evidence\"\nurl = \"{base}{url}\"\npublisher = \"Example A Inc.\"\naccessed = 2026-01-10\n"
        ));
        if let Some(archive) = archive {
            toml.push_str(&format!("archive = \"{base}{archive}\"\n"));
        }
        toml.push('\n');
    }
    std::fs::write(platform.join("findings.toml"), toml).unwrap();
    data
}

/// Runs `scorecard check --links --format short`: (exit code, stdout, stderr).
fn check_links(data: &Path, extra: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::cargo_bin("scorecard")
        .unwrap()
        .args([
            "check",
            "--links",
            "--format",
            "short",
            "--link-timeout",
            "1",
        ])
        .args(["--link-retries", "1", "--data"])
        .arg(data)
        .args(extra)
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `path:line:col` of the first occurrence of `needle` in the findings file.
fn place(data: &Path, needle: &str) -> String {
    let rel = "editions/2026/platforms/ex-a/findings.toml";
    let text = std::fs::read_to_string(data.join(rel)).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the file"));
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{rel}:{line}:{col}")
}

/// The link warnings printed, as (place, code), sorted.
fn link_warnings(stdout: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = stdout
        .lines()
        .filter(|l| l.contains("[W007]") || l.contains("[W008]"))
        .map(|l| {
            let (place, rest) = l.split_once(": warning[").unwrap();
            (place.to_owned(), rest[..4].to_owned())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn dead_links_and_dead_archives_are_warned_about_where_they_are_written() {
    let hits: Hits = Arc::default();
    let base = serve(hits.clone());
    let dir = tempfile::tempdir().unwrap();
    let data = data_folder(dir.path(), &base);
    let value = |path: &str| format!("\"{base}{path}\"");

    let started = Instant::now();
    let (code, stdout, stderr) = check_links(&data, &[]);
    let first_run = started.elapsed();
    assert_eq!(code, 0, "warnings only:\n{stdout}\n{stderr}");
    let mut expected = vec![
        // 404, 500 (after its retry), and a redirect to a 404.
        (place(&data, &value("/gone")), "W007".to_owned()),
        (place(&data, &value("/error")), "W007".to_owned()),
        (place(&data, &value("/moved-gone")), "W007".to_owned()),
        // The archive that times out, and the one that is gone.
        (place(&data, &value("/slow")), "W008".to_owned()),
        (
            place(&data, &format!("archive = {}", value("/gone")))
                .rsplit_once(':')
                .map(|(p, c)| format!("{p}:{}", c.parse::<usize>().unwrap() + 10))
                .unwrap(),
            "W008".to_owned(),
        ),
    ];
    expected.sort();
    assert_eq!(link_warnings(&stdout), expected, "{stdout}");
    // What each says, and the help it gives.
    let line = |needle: &str| {
        stdout
            .lines()
            .find(|l| {
                l.starts_with(&place(&data, needle))
                    && (l.contains("[W007]") || l.contains("[W008]"))
            })
            .unwrap_or_else(|| panic!("no line at {needle}:\n{stdout}"))
            .to_owned()
    };
    let gone = line(&value("/gone"));
    assert!(
        gone.contains("404") && gone.contains("archived copy answers"),
        "{gone}"
    );
    let error = line(&value("/error"));
    assert!(
        error.contains("500") && error.contains("no archived copy"),
        "{error}"
    );
    assert!(line(&value("/slow")).contains("no answer within 1 s"));
    // A missing archive is still W002, from the ordinary check.
    assert!(stdout.contains("[W002]"), "{stdout}");
    assert!(
        stderr.contains("checked 7 links (0 from the cache)"),
        "{stderr}"
    );
    {
        let hits = hits.lock().unwrap();
        assert_eq!(hits["/error"], 2, "a 500 is tried again once");
        // Once as itself (a source's url and another's archive: one address),
        // once through /moved-gone; a 404 is not tried again.
        assert_eq!(hits["/gone"], 2);
        assert_eq!(hits["/ok"], 2, "fetched once, and once more through /moved");
    }
    assert!(
        first_run < Duration::from_secs(20),
        "took {first_run:?}: the slow address must time out"
    );

    // The second run fetches only what may have changed: the 500 and the timeout.
    hits.lock().unwrap().clear();
    let (code, stdout2, stderr) = check_links(&data, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        link_warnings(&stdout2),
        expected,
        "same warnings from the cache"
    );
    assert!(
        stderr.contains("checked 7 links (5 from the cache)"),
        "{stderr}"
    );
    {
        let hits = hits.lock().unwrap();
        let mut fetched: Vec<&str> = hits.keys().map(String::as_str).collect();
        fetched.sort_unstable();
        assert_eq!(fetched, ["/error", "/slow"], "{hits:?}");
    }
    let cache = std::fs::read_to_string(dir.path().join(".scorecard-links.json")).unwrap();
    let cache: serde_json::Value = serde_json::from_str(&cache).unwrap();
    assert_eq!(
        cache["links"][format!("{base}/gone")]["status"],
        404,
        "{cache}"
    );
    assert!(cache["links"].get(format!("{base}/error")).is_none());

    // Entries expire: with an age of 0 days everything is fetched again.
    hits.lock().unwrap().clear();
    let (_, _, stderr) = check_links(&data, &["--link-cache-days", "0"]);
    assert!(
        stderr.contains("checked 7 links (0 from the cache)"),
        "{stderr}"
    );
    assert_eq!(hits.lock().unwrap()["/ok-too"], 1);

    // Warnings fail the check only when asked to.
    let (code, _, _) = check_links(&data, &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn link_options_need_links() {
    assert_cmd::Command::cargo_bin("scorecard")
        .unwrap()
        .args(["check", "--link-timeout", "3"])
        .assert()
        .code(2);
}
