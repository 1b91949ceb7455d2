//! One file's bytes, as the kind named by the first byte, through the loader:
//! it must not panic, its diagnostics must lie on character boundaries of the
//! file's text, and printing them must give no character that a terminal
//! would obey. The same properties as tests/properties.rs, coverage-guided.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scorecard::diagnostic::{self, Format};
use scorecard::load::{check_file, Kind};

const PATHS: [&str; 6] = [
    "scorecard.toml",
    "editions/2026/edition.toml",
    "editions/2026/framework.toml",
    "editions/2026/platforms/ex-a/platform.toml",
    "editions/2026/platforms/ex-a/findings.toml",
    "pages/about.md",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let index = usize::from(first) % Kind::ALL.len();
    let (sources, diagnostics) = check_file(Kind::ALL[index], PATHS[index], bytes.to_vec());
    let text = &sources.get(0).text;
    for d in &diagnostics {
        if let Some(span) = d.span {
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(start <= end && end <= text.len(), "{d:?}");
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{d:?}"
            );
        }
    }
    for format in [Format::Short, Format::Json, Format::Human] {
        let mut out = Vec::new();
        diagnostic::render(&mut out, format, false, &sources, &diagnostics).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{format:?}: {out:?}"
        );
    }
});
