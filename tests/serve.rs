//! `scorecard serve` as a researcher uses it: start it, read pages, edit a
//! findings file and see the page change, break a file and see the overlay,
//! fix it and see the site again. Waits are polls with a deadline.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    address: String,
    /// The server's temporary folder (`TMPDIR`), where it builds the site.
    temp: tempfile::TempDir,
}

impl Server {
    /// Stops the server as Ctrl-C does; returns whether it exited by itself
    /// (within 30 s) with success.
    fn interrupt(&mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        if !sent.is_ok_and(|s| s.success()) {
            return false;
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.interrupt() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn start(data: &std::path::Path) -> Server {
    let temp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(["serve", "--port", "0", "--data"])
        .arg(data)
        .env("TMPDIR", temp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Server {
        child,
        address,
        temp,
    }
}

/// A raw HTTP GET, so that paths reach the server exactly as written.
fn get(address: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("Content-Type: ")
                .or_else(|| l.strip_prefix("content-type: "))
        })
        .unwrap_or("")
        .to_owned();
    (status, content_type, body.to_owned())
}

/// Polls `path` until `condition` holds on the body, or fails after 20 s.
fn wait_for(address: &str, path: &str, what: &str, condition: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, _, body) = get(address, path);
        if condition(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_rebuilds_on_save_shows_errors_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    let server = start(&data);
    let a = &server.address;

    let (status, content_type, page) = get(a, "/");
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(
        page.contains("/__scorecard/events"),
        "reload script injected when served"
    );
    let (status, content_type, _) = get(a, "/assets/style.css");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    let (status, _, body) = get(a, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's own 404 page");

    // Edit the summary of one platform: its page changes.
    let checked = scorecard::check(&data, Default::default()).unwrap();
    let dataset = checked.dataset.unwrap();
    let edition = dataset.editions.last().unwrap();
    let slug = edition.platforms[0].slug.to_string();
    let page_path = format!("/{}/platforms/{slug}/", edition.label);
    let platform_toml = data.join(format!(
        "editions/{}/platforms/{slug}/platform.toml",
        edition.label
    ));
    let original = std::fs::read_to_string(&platform_toml).unwrap();
    let edited = original.replacen("name = \"", "name = \"Renamed ", 1);
    std::fs::write(&platform_toml, &edited).unwrap();
    wait_for(a, &page_path, "the rebuilt page", |b| {
        b.contains("Renamed ")
    });

    // Break a findings file: every page shows the overlay with file:line:col.
    std::fs::write(
        &platform_toml,
        edited.replacen("company = ", "compnay = ", 1),
    )
    .unwrap();
    let overlay = wait_for(a, &page_path, "the error overlay", |b| {
        b.contains("scorecard-overlay")
    });
    let expected = format!("editions/{}/platforms/{slug}/platform.toml:", edition.label);
    assert!(
        overlay.contains(&expected) && overlay.contains("E002"),
        "{overlay}"
    );
    assert!(overlay.contains("did you mean `company`?"), "{overlay}");
    // Assets are still served while the overlay is up.
    assert_eq!(get(a, "/assets/style.css").0, 200);

    // Fix it: the site comes back.
    std::fs::write(&platform_toml, &original).unwrap();
    let page = wait_for(a, &page_path, "recovery", |b| {
        !b.contains("scorecard-overlay")
    });
    assert!(!page.contains("Renamed "));

    // Only files inside the output folder are served.
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2F%2E%2E%2FCargo.toml",
        "//etc/passwd",
        "/..%5c..%5cCargo.toml",
        "/%2E%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/..%2F..%2FCargo.toml",
        "/%252e%252e/Cargo.toml",
        "/%252E%252E%252FCargo.toml",
        "/.%2e/.%2e/.%2e/.%2e/.%2e/.%2e/.%2e/etc/passwd",
        "/etc/passwd",
        "/%2Fetc%2Fpasswd",
        "http://localhost/../Cargo.toml",
    ] {
        let (status, _, body) = get(a, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("[package]"), "{path} leaked a file");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
    }

    // Ctrl-C: the server exits by itself and removes the site it built.
    let mut server = server;
    assert!(server.interrupt(), "serve did not exit cleanly on SIGINT");
    let left: Vec<_> = std::fs::read_dir(server.temp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "serve left {left:?} behind");
}

#[test]
fn the_event_stream_announces_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    let server = start(&data);
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        // As the reload script asks: the page that listens is named.
        "GET /__scorecard/events?page=%2Fpages%2Fabout%2F HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.contains("200"), "{line}");
    while line != ": connected\n" {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    std::fs::write(
        data.join("pages/about.md"),
        "+++\ntitle = \"About us now\"\n+++\nHello.\n",
    )
    .unwrap();
    loop {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "stream closed");
        if line.starts_with("data: ") {
            break;
        }
    }
    let (_, _, page) = get(&server.address, "/pages/about/");
    assert!(page.contains("About us now"));
    // The reload comes once the open page is rewritten, before the rest of
    // the site; a page asked for before it is rewritten waits for it, so
    // that no page is served out of date.
    for other in ["/", "/2026/", "/platforms/example-chat/"] {
        let (_, _, page) = get(&server.address, other);
        assert!(page.contains("About us now"), "{other} is out of date");
    }
    // The built files on disk never carry the reload script.
    let out = dir.path().join("site");
    build(&data, &out);
    let on_disk = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!on_disk.contains("__scorecard"));
}
