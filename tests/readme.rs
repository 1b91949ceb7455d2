//! The README documents every diagnostic code, exactly as the code defines it.

use scorecard::diagnostic::Code;

#[test]
fn readme_lists_every_diagnostic_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- codes:start -->")
        .expect("codes table start");
    let end = readme.find("<!-- codes:end -->").expect("codes table end");
    let table = &readme[start..end];
    let mut expected = String::from("| code | name | meaning |\n| --- | --- | --- |\n");
    for code in Code::ALL {
        expected.push_str(&format!(
            "| {} | {} | {} |\n",
            code.id(),
            code.name(),
            code.doc()
        ));
    }
    assert!(
        table.contains(&expected),
        "README codes table is out of date; it should read:\n{expected}"
    );
}
