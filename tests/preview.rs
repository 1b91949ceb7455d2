//! The preview's builds (`serve`'s) write the pages open in a browser first
//! and say so before they write the rest; a newer change stops them early,
//! and the next build still leaves exactly what a full build writes.

mod common;

use std::sync::Mutex;

use common::*;
use scorecard::preview::Preview;
use scorecard::session::{Session, Shown, Target};

#[test]
fn open_pages_come_first_and_an_interrupted_build_is_caught_up() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&example_data(), &data);
    let out = dir.path().join("preview");
    let options = options(&data, &out);
    let mut session = Session::new(options.clone());
    let preview = Preview::new();
    let ignore = |_: Shown| {};
    let (_, built) = session.build(Target::Preview(&preview, &ignore)).unwrap();
    assert!(!built.unwrap().stopped_early);

    let report = "platforms/example-video/index.html";
    let overview = "index.html";
    let _open = preview.open(report.to_owned());
    let before = read_tree(&out);
    let findings = file_with(
        &data.join("editions/2026/platforms/example-video"),
        "rating = \"partial\"",
    );
    edit(&findings, "rating = \"partial\"", "rating = \"full\"");

    // When the open page is announced, it is rewritten and the overview,
    // which the rating also changes, is not yet.
    let seen: Mutex<Vec<(usize, bool, bool)>> = Mutex::new(Vec::new());
    let shown = |shown: Shown| {
        let now = |file: &str| std::fs::read(out.join(file)).unwrap();
        seen.lock().unwrap().push((
            shown.pages,
            now(report) != before[report],
            now(overview) != before[overview],
        ));
    };
    let (_, built) = session.build(Target::Preview(&preview, &shown)).unwrap();
    let built = built.unwrap();
    assert_eq!(*seen.lock().unwrap(), vec![(1, true, false)]);
    assert!(!built.stopped_early);
    assert!(built.rendered > 1, "rendered {}", built.rendered);
    assert_ne!(std::fs::read(out.join(overview)).unwrap(), before[overview]);

    // A change that comes in once the open page is shown stops the build.
    edit(&findings, "rating = \"full\"", "rating = \"none\"");
    let interrupt = |_: Shown| preview.interrupt();
    let (_, built) = session
        .build(Target::Preview(&preview, &interrupt))
        .unwrap();
    let built = built.unwrap();
    assert!(built.stopped_early);
    assert_eq!(built.rendered, 1, "only the open page");

    // The next build writes what the stopped one left.
    let (_, built) = session.build(Target::Preview(&preview, &ignore)).unwrap();
    assert!(!built.unwrap().stopped_early);
    let full = dir.path().join("full");
    scorecard::build(&scorecard::BuildOptions {
        out: full.clone(),
        ..options
    })
    .unwrap();
    let (a, b) = (read_tree(&out), read_tree(&full));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let stale: Vec<_> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(stale.is_empty(), "stale files: {stale:?}");
}
