//! `scorecard diff` on `tests/fixtures/editions/pair`, whose changes are
//! worked out by hand in the comments of its findings files: ex-a's total goes
//! from 37.5 to (250/3 + 75)/2, ex-b's stays at 75, ex-gone is dropped, ex-new
//! added; the 2026 framework adds 1.3, renumbers "Notice" from 2.2 to 2.3 (so
//! it is listed, not compared) and retitles 1.2.

mod common;

use common::repo;

fn diff(format: &str) -> assert_cmd::assert::Assert {
    assert_cmd::Command::cargo_bin("scorecard")
        .unwrap()
        .args(["diff", "2025", "2026", "--data"])
        .arg(repo().join("tests/fixtures/editions/pair"))
        .args(["--format", format])
        .env("NO_COLOR", "1")
        .assert()
}

fn stdout(format: &str) -> String {
    String::from_utf8(diff(format).success().get_output().stdout.clone()).unwrap()
}

#[test]
fn human_format_is_a_table_with_arrows() {
    assert_eq!(
        stdout("human"),
        "\
Changes from 2025 (Pair 2025) to 2026 (Pair 2026)

Totals (1)
  Example A  2025 37.5  2026 79.2  ▲ +41.7

Action scores (4)
  Example A  action 2  2025 0.0   2026 75.0   ▲ +75.0  indicators revised
  Example B  action 1  2025 75.0  2026 50.0   ▼ \u{2212}25.0  indicators revised
  Example A  action 1  2025 75.0  2026 83.3   ▲ +8.3   indicators revised
  Example B  action 2  2025 n/a   2026 100.0  was n/a  indicators revised

Ratings (3)
  Example A  1.2  Transparency reports  was Partial, now Full
  Example A  2.1  Appeals               was None, now Partial
  Example B  2.1  Appeals               was not assessed, now Full

New in 2026 (1)
  Example New  ex-new

Assessed in 2025, not in 2026 (1)
  Example Gone  ex-gone

Framework revision, listed and not compared (4)
  added     indicator 1.3 Data access
  added     indicator 2.3 Notice
  removed   indicator 2.2 Notice
  reworded  indicator 1.2 Transparency reports (was “Reports”)
"
    );
}

#[test]
fn csv_format_has_one_row_per_change() {
    let out = stdout("csv");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "from",
            "to",
            "kind",
            "platform",
            "platform_name",
            "action",
            "indicator",
            "before",
            "after",
            "change"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    // Columns from `kind` on; numbers are compared as numbers below.
    let kinds: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r[2..7].iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        kinds,
        [
            ["total", "ex-a", "Example A", "", ""],
            ["action", "ex-a", "Example A", "2", ""],
            ["action", "ex-b", "Example B", "1", ""],
            ["action", "ex-a", "Example A", "1", ""],
            ["action", "ex-b", "Example B", "2", ""],
            ["rating", "ex-a", "Example A", "1", "1.2"],
            ["rating", "ex-a", "Example A", "2", "2.1"],
            ["rating", "ex-b", "Example B", "2", "2.1"],
            ["platform_added", "ex-new", "Example New", "", ""],
            ["platform_dropped", "ex-gone", "Example Gone", "", ""],
            ["indicator_added", "", "", "1", "1.3"],
            ["indicator_added", "", "", "2", "2.3"],
            ["indicator_removed", "", "", "2", "2.2"],
            ["indicator_reworded", "", "", "1", "1.2"],
        ]
    );
    assert!(rows.iter().all(|r| r[0] == "2025" && r[1] == "2026"));
    let num = |s: &str| -> Option<f64> { (!s.is_empty()).then(|| s.parse().unwrap()) };
    let a1 = 250.0 / 3.0;
    let total = (a1 + 75.0) / 2.0;
    let figures: Vec<[Option<f64>; 3]> = rows[..5]
        .iter()
        .map(|r| [num(&r[7]), num(&r[8]), num(&r[9])])
        .collect();
    let expected = [
        [Some(37.5), Some(total), Some(total - 37.5)],
        [Some(0.0), Some(75.0), Some(75.0)],
        [Some(75.0), Some(50.0), Some(-25.0)],
        [Some(75.0), Some(a1), Some(a1 - 75.0)],
        [None, Some(100.0), None],
    ];
    for (got, want) in figures.iter().zip(&expected) {
        for (g, w) in got.iter().zip(want) {
            match (g, w) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}"),
                _ => assert_eq!(g, w, "{got:?} vs {want:?}"),
            }
        }
    }
    // Ratings: ids before and after, and the change in points.
    assert_eq!(rows[5][7..], ["partial", "full", "50"]);
    assert_eq!(rows[7][7..], ["", "full", ""]);
    assert_eq!(rows[13][7..], ["Reports", "Transparency reports", ""]);
}

#[test]
fn json_format_is_structured() {
    let json: serde_json::Value = serde_json::from_str(&stdout("json")).unwrap();
    assert_eq!(json["from"]["label"], "2025");
    assert_eq!(json["to"]["title"], "Pair 2026");
    let total = &json["totals"][0];
    assert_eq!(total["platform"]["slug"], "ex-a");
    assert_eq!(total["direction"], "up");
    assert!((total["change"].as_f64().unwrap() - ((250.0 / 3.0 + 75.0) / 2.0 - 37.5)).abs() < 1e-9);
    assert_eq!(
        json["totals"].as_array().unwrap().len(),
        1,
        "ex-b is unchanged"
    );
    let gained = &json["actions"][3];
    assert_eq!(gained["platform"]["slug"], "ex-b");
    assert_eq!(gained["action"]["number"], 2);
    assert_eq!(gained["before"], serde_json::Value::Null);
    assert_eq!(gained["direction"], "gained");
    assert_eq!(gained["same_indicators"], false);
    let rating = &json["ratings"][2];
    assert_eq!(rating["indicator"]["id"], "2.1");
    assert_eq!(rating["before"], serde_json::Value::Null);
    assert_eq!(rating["after"]["id"], "full");
    assert_eq!(json["platforms_added"][0]["slug"], "ex-new");
    assert_eq!(json["platforms_dropped"][0]["slug"], "ex-gone");
    let framework: Vec<(String, String)> = json["framework"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["change"].as_str().unwrap().to_owned(),
                f["indicator"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("indicator_added", "1.3"),
        ("indicator_added", "2.3"),
        ("indicator_removed", "2.2"),
        ("indicator_reworded", "1.2"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()));
    assert_eq!(framework, expected);
    // The renumbered indicator is not compared: no rating change names it.
    assert!(json["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| !["2.2", "2.3"].contains(&r["indicator"]["id"].as_str().unwrap())));
}

#[test]
fn an_unknown_edition_is_refused() {
    let output = assert_cmd::Command::cargo_bin("scorecard")
        .unwrap()
        .args(["diff", "2025", "2030", "--data"])
        .arg(repo().join("tests/fixtures/editions/pair"))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("there is no edition `2030` (editions: 2025, 2026)"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn an_invalid_data_folder_is_reported_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo().join("tests/fixtures/editions/pair"), dir.path());
    std::fs::write(dir.path().join("editions/oops.toml"), "x = 1").unwrap();
    let output = assert_cmd::Command::cargo_bin("scorecard")
        .unwrap()
        .args(["diff", "2025", "2026", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("E022") && stderr.contains("nothing to compare"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
