//! The same data builds to the same bytes whatever the working folder, the
//! relative or absolute paths given, and the number of threads.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn scorecard(cwd: &Path, threads: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scorecard"));
    cmd.current_dir(cwd)
        .env("RAYON_NUM_THREADS", threads)
        .env("NO_COLOR", "1");
    cmd
}

fn run(cmd: &mut Command) -> Vec<u8> {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn builds_are_identical_across_folders_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let data = one.join("data");
    copy_dir(&example_data(), &data);
    let two = dir.path().join("two/deeper");
    std::fs::create_dir_all(&two).unwrap();

    // Relative paths from the data's own folder, one thread.
    run(scorecard(&one, "1").args(["build", "--data", "data", "--out", "site"]));
    // An absolute data path from elsewhere, an output reached through `..`, two threads.
    run(scorecard(&two, "2")
        .args(["build", "--data"])
        .arg(&data)
        .args(["--out", "../site"]));

    let a = read_tree(&one.join("site"));
    let b = read_tree(&dir.path().join("two/site"));
    assert!(a.len() > 20, "{} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between the builds");
    }
}

#[test]
fn check_prints_the_same_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    // Errors and warnings in several files, so that there is an order to keep.
    for (path, text) in [
        ("scorecard.toml", "title = 1\n"),
        ("pages/broken.md", "no front matter\n"),
        ("editions/2026/stray.toml", "x = 1\n"),
    ] {
        std::fs::write(data.join(path), text).unwrap();
    }
    let outputs: Vec<Vec<u8>> = ["1", "2", "2", "1"]
        .iter()
        .map(|threads| {
            let output = scorecard(dir.path(), threads)
                .args(["check", "--format", "json", "--data", "data"])
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(1));
            output.stdout
        })
        .collect();
    assert!(outputs[0].len() > 100);
    for other in &outputs[1..] {
        assert!(other == &outputs[0], "check output differs between runs");
    }
}

#[test]
fn a_build_that_reads_the_findings_again_writes_the_same_site() {
    let dir = tempfile::tempdir().unwrap();
    let (kept, reread) = (dir.path().join("kept"), dir.path().join("reread"));
    build(&example_data(), &kept);
    let session = scorecard::session::Session::once(options(&example_data(), &reread));
    let (checked, built) = session
        .reread_findings_above(0)
        .build(scorecard::session::Target::Fresh)
        .expect("build runs");
    assert!(built.is_some(), "{:#?}", checked.diagnostics);
    let dataset = checked.dataset.expect("a dataset");
    assert!(
        matches!(dataset.evidence, scorecard::evidence::Store::Reread(_)),
        "the findings were let go"
    );
    let (kept, reread) = (read_tree(&kept), read_tree(&reread));
    assert_eq!(kept.len(), reread.len());
    for (path, bytes) in &kept {
        assert!(reread.get(path) == Some(bytes), "{path} differs");
    }
}
