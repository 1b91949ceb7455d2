//! Integration tests of `scorecard check`, run as the real binary.
//!
//! The invalid-input corpus lives in `tests/fixtures/invalid/<case>/`: each case
//! is an overlay on `tests/fixtures/base/` (its files replace or add files at
//! the same path; `remove.txt` lists paths to delete), and `expected.txt` lists
//! the diagnostics `check --format short` must print, as their
//! `file:line:col: severity[code]` start, in order. Cases git cannot store
//! (a 10 MB file, symbolic links) are built here at run time.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use scorecard::diagnostic::Code;
use tempfile::TempDir;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `scorecard` with a clean environment for colour and backtraces.
fn scorecard() -> Command {
    let mut cmd = cargo_bin_cmd!("scorecard");
    cmd.env_remove("NO_COLOR").env_remove("RUST_BACKTRACE");
    cmd
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of the base fixture; the data folder is its `data/`.
fn base_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), &dir.path().join("data"));
    dir
}

/// Writes the case's files over `data` and deletes what its `remove.txt` lists.
fn apply_overlay(case: &Path, data: &Path) {
    for entry in fs::read_dir(case).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "expected.txt" || name == "remove.txt" {
            continue;
        }
        let target = data.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    if let Ok(list) = fs::read_to_string(case.join("remove.txt")) {
        for path in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let target = data.join(path);
            if target.is_dir() {
                fs::remove_dir_all(&target).unwrap();
            } else {
                fs::remove_file(&target)
                    .unwrap_or_else(|e| panic!("remove.txt of {}: {path}: {e}", case.display()));
            }
        }
    }
}

fn read_lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_owned)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// The `file:line:col: severity[code]` start of a short-format line.
fn prefix(line: &str) -> String {
    let at = [": error[", ": warning["]
        .iter()
        .filter_map(|marker| line.find(marker))
        .min()
        .unwrap_or_else(|| panic!("not a diagnostic line: {line:?}"));
    let end = at + line[at..].find(']').expect("a closing bracket") + 1;
    line[..end].to_owned()
}

/// A line diff of `expected` against `actual` (`-` missing, `+` unexpected).
fn diff(expected: &[String], actual: &[String]) -> String {
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            out += &format!("    {}\n", expected[i]);
            (i, j) = (i + 1, j + 1);
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out += &format!("  + {}\n", actual[j]);
            j += 1;
        } else {
            out += &format!("  - {}\n", expected[i]);
            i += 1;
        }
    }
    out
}

fn assert_no_panic(case: &str, output: &std::process::Output, problems: &mut Vec<String>) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        if text.contains("panicked") || text.contains("RUST_BACKTRACE") {
            problems.push(format!("{case}: the program panicked:\n{text}"));
        }
    }
}

/// Runs `check` on `data` in all three formats and returns what is wrong.
fn run_case(case: &str, data: &Path, expected: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let short = scorecard()
        .args(["check", "--format", "short", "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert_no_panic(case, &short, &mut problems);
    let stdout = String::from_utf8_lossy(&short.stdout);
    let actual: Vec<String> = stdout.lines().map(prefix).collect();
    if actual != expected {
        problems.push(format!(
            "{case}: diagnostics differ (- expected, + printed):\n{}  full output:\n{stdout}",
            diff(expected, &actual)
        ));
    }
    let want_code = i32::from(expected.iter().any(|l| l.contains(": error[")));
    if short.status.code() != Some(want_code) {
        problems.push(format!(
            "{case}: exit code {:?}, expected {want_code}; stderr: {}",
            short.status.code(),
            String::from_utf8_lossy(&short.stderr)
        ));
    }

    // JSON: the same diagnostics, and a real help wherever a name was mistyped.
    let json = scorecard()
        .args(["check", "--format", "json", "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert_no_panic(case, &json, &mut problems);
    match serde_json::from_slice::<Vec<serde_json::Value>>(&json.stdout) {
        Ok(list) => {
            let from_json: Vec<String> = list
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}:{}: {}[{}]",
                        d["file"].as_str().unwrap_or("?"),
                        d["line"],
                        d["column"],
                        d["severity"].as_str().unwrap_or("?"),
                        d["code"].as_str().unwrap_or("?")
                    )
                })
                .collect();
            if from_json != actual {
                problems.push(format!(
                    "{case}: JSON and short formats differ:\n{}",
                    diff(&actual, &from_json)
                ));
            }
            for d in &list {
                let named = matches!(d["code"].as_str(), Some("E002" | "E006" | "E007"));
                let help = d["help"].as_str().unwrap_or("").trim();
                if named && help.is_empty() {
                    problems.push(format!("{case}: no help for a mistyped name: {d}"));
                }
            }
        }
        Err(e) => problems.push(format!("{case}: --format json is not a JSON array: {e}")),
    }

    // Human: must render every case (codespan panics on bad spans) without colour.
    let human = scorecard()
        .args(["check", "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert_no_panic(case, &human, &mut problems);
    if human.stderr.contains(&0x1b) {
        problems.push(format!("{case}: ANSI escapes in output to a pipe"));
    }
    if human.status.code() != Some(want_code) {
        problems.push(format!(
            "{case}: human format exit code {:?}, expected {want_code}",
            human.status.code()
        ));
    }
    problems
}

fn case_dirs() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_invalid_case_prints_exactly_its_expected_diagnostics() {
    let cases = case_dirs();
    assert!(cases.len() >= 45, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected_file = case.join("expected.txt");
        if !expected_file.is_file() {
            failures.push(format!("{name}: no expected.txt"));
            continue;
        }
        let dir = base_copy();
        let data = dir.path().join("data");
        apply_overlay(case, &data);
        failures.extend(run_case(&name, &data, &read_lines(&expected_file)));
    }
    assert!(
        failures.is_empty(),
        "{} problem(s) in {} cases:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A case built at run time: what git cannot store.
struct RuntimeCase {
    name: &'static str,
    build: fn(&Path),
    expected: &'static [&'static str],
}

#[cfg(unix)]
fn link(target: impl AsRef<Path>, at: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// A file outside every data folder for links to point at; it lives as long
/// as the test binary (a leaked temporary folder).
fn outside_file() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        fs::write(dir.join("secret.toml"), "secret = \"hunter2\"\n").unwrap();
        dir
    })
    .join("secret.toml")
}

const PLATFORMS: &str = "editions/2026/platforms";

fn runtime_cases() -> Vec<RuntimeCase> {
    let mut cases = vec![RuntimeCase {
        name: "file-too-large",
        build: |data| {
            let line = "# padding to make the file larger than the loader accepts\n";
            let text = line.repeat(10 * 1024 * 1024 / line.len() + 1);
            fs::write(data.join(PLATFORMS).join("ex-b/big.toml"), text).unwrap();
        },
        expected: &["editions/2026/platforms/ex-b/big.toml:1:1: error[E025]"],
    }];
    #[cfg(unix)]
    cases.extend([
        RuntimeCase {
            name: "symlink-findings-outside",
            build: |data| link(outside_file(), data.join(PLATFORMS).join("ex-a/more.toml")),
            expected: &["editions/2026/platforms/ex-a/more.toml:1:1: error[E021]"],
        },
        RuntimeCase {
            name: "symlink-required-files-outside",
            build: |data| {
                for path in ["scorecard.toml", "editions/2026/edition.toml"] {
                    fs::remove_file(data.join(path)).unwrap();
                    link(outside_file(), data.join(path));
                }
            },
            expected: &[
                "editions/2026/edition.toml:1:1: error[E021]",
                "scorecard.toml:1:1: error[E021]",
            ],
        },
        RuntimeCase {
            name: "symlink-folder-outside",
            build: |data| link(outside_file().parent().unwrap(), data.join("editions/2027")),
            expected: &["editions/2027:1:1: error[E021]"],
        },
        RuntimeCase {
            name: "symlink-dangling",
            build: |data| link("nowhere.toml", data.join(PLATFORMS).join("ex-a/gone.toml")),
            expected: &["editions/2026/platforms/ex-a/gone.toml:1:1: error[E021]"],
        },
        RuntimeCase {
            name: "symlink-loop",
            build: |data| link("..", data.join(PLATFORMS).join("ex-a/loop")),
            expected: &["editions/2026/platforms/ex-a/loop:1:1: error[E026]"],
        },
        RuntimeCase {
            // A folder's own entries are listed apart from the deeper walks.
            name: "symlink-platform-folder-dangling",
            build: |data| link("nowhere", data.join(PLATFORMS).join("ex-z")),
            expected: &["editions/2026/platforms/ex-z:1:1: error[E021]"],
        },
        RuntimeCase {
            name: "symlink-platform-folder-loop",
            build: |data| link("..", data.join(PLATFORMS).join("loop")),
            expected: &["editions/2026/platforms/loop:1:1: error[E026]"],
        },
        RuntimeCase {
            // Links that stay inside the data folder are allowed.
            name: "symlink-inside-accepted",
            build: |data| {
                let page = data.join("pages/about.md");
                fs::rename(&page, data.join("about.txt")).unwrap();
                link("../about.txt", page);
            },
            expected: &[],
        },
    ]);
    cases
}

#[test]
fn runtime_cases_print_exactly_their_expected_diagnostics() {
    let mut failures = Vec::new();
    for case in runtime_cases() {
        let dir = base_copy();
        let data = dir.path().join("data");
        (case.build)(&data);
        let expected: Vec<String> = case.expected.iter().map(|s| s.to_string()).collect();
        failures.extend(run_case(case.name, &data, &expected));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_corpus_covers_every_code() {
    let mut seen = BTreeSet::new();
    let mut lines: Vec<String> = case_dirs()
        .iter()
        .flat_map(|case| read_lines(&case.join("expected.txt")))
        .collect();
    lines.extend(
        runtime_cases()
            .iter()
            .flat_map(|c| c.expected.iter().map(|s| s.to_string())),
    );
    for line in &lines {
        let code = line.rsplit('[').next().unwrap().trim_end_matches(']');
        seen.insert(code.to_owned());
    }
    // What only `check --links` finds needs a server: tests/links.rs has it.
    let fetched = [Code::DeadLink, Code::DeadArchive];
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !fetched.contains(c))
        .map(|c| c.id())
        .filter(|id| !seen.contains(*id))
        .collect();
    assert!(missing.is_empty(), "no case triggers {missing:?}");
}

#[test]
fn base_passes_with_deny_warnings_and_prints_nothing() {
    let base = fixtures().join("base");
    scorecard()
        .args(["check", "--deny-warnings", "--format", "short", "--data"])
        .arg(&base)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    // The human format prints only its summary.
    let output = scorecard()
        .args(["check", "--deny-warnings", "--data"])
        .arg(&base)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "checked 1 edition, 2 platform assessments: 0 errors, 0 warnings\n"
    );
}

/// The base fixture with one invalid case applied.
fn case_data(name: &str) -> (TempDir, PathBuf) {
    let dir = base_copy();
    let data = dir.path().join("data");
    apply_overlay(&fixtures().join("invalid").join(name), &data);
    (dir, data)
}

#[test]
fn json_format_is_an_array_of_located_diagnostics() {
    let (_dir, data) = case_data("unknown-key-findings");
    let output = scorecard()
        .args(["check", "--format", "json", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list.len(), 4);
    for d in &list {
        assert!(d["file"].is_string(), "{d}");
        assert!(d["line"].as_u64().is_some_and(|n| n >= 1), "{d}");
        assert!(d["column"].as_u64().is_some_and(|n| n >= 1), "{d}");
        assert!(d["code"].is_string(), "{d}");
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()), "{d}");
        assert!(d["help"].is_string(), "{d}");
    }
    let typo = &list[1];
    assert_eq!(typo["file"], "editions/2026/platforms/ex-a/findings.toml");
    assert_eq!((&typo["line"], &typo["column"]), (&4.into(), &1.into()));
    assert_eq!(typo["code"], "E002");
    assert_eq!(typo["name"], "unknown-key");
    assert_eq!(typo["message"], "unknown key `rationle` in finding");
    assert_eq!(typo["help"], "did you mean `rationale`?");
}

#[test]
fn human_format_shows_the_source_line_and_a_caret_under_the_problem() {
    let (_dir, data) = case_data("unknown-rating");
    let output = scorecard()
        .args(["check", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error[E007]: rating `partal` is not on this edition's scale"));
    assert!(stderr.contains("editions/2026/platforms/ex-a/findings.toml:16:10"));
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.ends_with("rating = \"partal\""))
        .expect("the source line is shown");
    let column = |line: &str, pattern: &str| {
        line.find(pattern)
            .map(|byte| line[..byte].chars().count())
            .unwrap()
    };
    // The carets sit under the quoted value, as wide as it is.
    let source = column(lines[at], "\"partal\"");
    assert_eq!(column(lines[at + 1], "^"), source, "{stderr}");
    assert!(lines[at + 1].trim_end().ends_with("^^^^^^^^"), "{stderr}");
    assert!(stderr.contains("help: did you mean \"partial\"?"));
    assert!(stderr.ends_with("check failed: 2 errors, 0 warnings\n"));
}

#[test]
fn no_ansi_escapes_with_no_color_or_when_not_a_terminal() {
    let (_dir, data) = case_data("unknown-key-platform");
    for no_color in [None, Some("1")] {
        for format in ["human", "short", "json"] {
            let mut cmd = scorecard();
            if let Some(value) = no_color {
                cmd.env("NO_COLOR", value);
            }
            let output = cmd
                .args(["check", "--format", format, "--data"])
                .arg(&data)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(1));
            assert!(!output.stdout.is_empty() || !output.stderr.is_empty());
            for stream in [&output.stdout, &output.stderr] {
                assert!(
                    !stream.contains(&0x1b),
                    "ANSI escape with NO_COLOR={no_color:?}, --format {format}"
                );
            }
        }
    }
}

#[test]
fn deny_warnings_turns_a_warnings_only_run_into_a_failure() {
    let (_dir, data) = case_data("missing-archive");
    let run = |deny: bool| {
        let mut cmd = scorecard();
        cmd.args(["check", "--format", "short", "--data"])
            .arg(&data);
        if deny {
            cmd.arg("--deny-warnings");
        }
        cmd.output().unwrap()
    };
    let allowed = run(false);
    assert_eq!(allowed.status.code(), Some(0));
    let denied = run(true);
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(allowed.stdout, denied.stdout);
    assert!(String::from_utf8_lossy(&denied.stdout).contains("warning[W002]"));
}

#[test]
fn a_missing_data_folder_is_a_clear_error_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let output = scorecard()
        .args(["check", "--data"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot open the data folder"),
        "{stderr}"
    );
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    // A file where the folder belongs.
    let file = dir.path().join("file.toml");
    fs::write(&file, "").unwrap();
    let output = scorecard()
        .args(["check", "--data"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a folder"), "{stderr}");
}

#[test]
fn version_and_help() {
    scorecard()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("scorecard {}\n", env!("CARGO_PKG_VERSION")));
    let help = scorecard().arg("--help").output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("Usage: scorecard"), "{text}");
    assert!(text.contains("check"), "{text}");
    let help = scorecard().args(["check", "--help"]).output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for option in ["--data", "--drafts", "--deny-warnings", "--format"] {
        assert!(text.contains(option), "{option} missing from:\n{text}");
    }
}

#[test]
fn the_repository_example_data_passes() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    if !data.join("scorecard.toml").is_file() {
        eprintln!("skipped: {} has no scorecard.toml yet", data.display());
        return;
    }
    let output = scorecard()
        .args(["check", "--format", "short", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn check_keeps_a_memo_beside_the_data_folder_that_an_edit_cannot_fool() {
    let dir = base_copy();
    let data = dir.path().join("data");
    let memo = dir.path().join(scorecard::load::memo::MEMO_FILE);
    let short = |extra: &[&str]| {
        let out = scorecard()
            .args(["check", "--format", "short"])
            .args(extra)
            .arg("--data")
            .arg(&data)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        (
            out.status.code(),
            stdout.lines().map(prefix).collect::<Vec<_>>(),
        )
    };
    assert_eq!(short(&[]), (Some(0), vec![]));
    assert!(memo.is_file(), "no memo at {}", memo.display());

    // Edited after the memo was written, the file is checked again.
    let findings = data.join("editions/2026/platforms/ex-a/findings.toml");
    let text = fs::read_to_string(&findings).unwrap();
    let broken = text.replacen("rating = \"full\"", "rating = \"ful\"", 1);
    assert_ne!(broken, text);
    fs::write(&findings, broken).unwrap();
    let (code, lines) = short(&[]);
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("ex-a/findings.toml"), "{lines:?}");
    assert_eq!(short(&["--no-memo"]), (code, lines));

    fs::remove_file(&memo).unwrap();
    short(&["--no-memo"]);
    assert!(!memo.exists(), "--no-memo wrote a memo");
}
