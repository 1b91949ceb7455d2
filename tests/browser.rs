//! The example site in a real browser: builds `data/` into a temporary folder
//! and runs `tests/browser/suite.mjs` on it in headless Chromium (axe-core
//! accessibility rules, phone layout, no JavaScript, keyboard, print,
//! screenshots). See `tests/browser/setup.sh` for what it needs.
//!
//! Without CI set, a missing prerequisite (node, Chromium, pdftotext, the npm
//! packages) skips the suite with a message, and Debian packages are not
//! installed (set `SCORECARD_BROWSER_INSTALL=1` to let the setup script install
//! them). With `CI` set, the setup script installs what is missing, and any
//! missing prerequisite or failure fails the test.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::*;

/// CI sets `CI=true`; an empty value, `0` or `false` counts as unset.
fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Printed past the test harness's capture, so that it shows in `cargo test`.
fn say(message: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{message}");
}

/// Skips locally, fails on CI.
fn unavailable(reason: &str) {
    if on_ci() {
        panic!("browser suite cannot run on CI: {reason}");
    }
    say(&format!("browser suite skipped: {reason}"));
}

#[test]
fn example_site_passes_the_browser_suite() {
    let browser = repo().join("tests").join("browser");

    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => return unavailable("node cannot be run (install Node.js 20 or newer)"),
    }

    let mut setup = Command::new("bash");
    setup.arg(browser.join("setup.sh"));
    if !on_ci() && std::env::var_os("SCORECARD_BROWSER_INSTALL").is_none() {
        setup.arg("--no-system");
    }
    let out = setup
        .stdin(Stdio::null())
        .output()
        .expect("bash runs tests/browser/setup.sh");
    let log = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let reason = log.lines().last().unwrap_or("setup.sh failed").trim();
        let reason = reason.strip_prefix("browser setup: ").unwrap_or(reason);
        return unavailable(reason);
    }
    say(log.trim_end());

    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let (checked, built) = scorecard::build(&options(&example_data(), &site)).expect("build runs");
    assert!(built.is_some(), "check failed: {:#?}", checked.diagnostics);
    let sample = checked
        .dataset
        .expect("a built site has its dataset")
        .settings
        .sample_data;

    let mut suite = Command::new("node");
    suite.arg(browser.join("suite.mjs")).arg(&site);
    if !sample {
        suite.arg("--no-sample-data");
    }
    // Inherited output: the suite's lines stream as it runs.
    let status = suite
        .current_dir(repo())
        .stdin(Stdio::null())
        .status()
        .expect("node runs the browser suite");
    assert!(
        status.success(),
        "the browser suite failed ({status}): see its FAIL lines above"
    );
}
