//! How figures and dates are written on the pages: one decimal, "n/a", bands.

use chrono::NaiveDate;

/// A score to one decimal, or "n/a".
pub fn score(value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{v:.1}"),
        None => "n/a".to_owned(),
    }
}

/// The colour band of a score, as a CSS class: five bands of 20 points, so
/// the printed number, not the colour, carries the value.
pub fn band(value: Option<f64>) -> &'static str {
    match value {
        None => "band-na",
        Some(v) if v >= 80.0 => "band-4",
        Some(v) if v >= 60.0 => "band-3",
        Some(v) if v >= 40.0 => "band-2",
        Some(v) if v >= 20.0 => "band-1",
        Some(_) => "band-0",
    }
}

/// The bands in order, with their ranges, for the legend.
pub const BANDS: [(&str, &str); 6] = [
    ("band-4", "80–100"),
    ("band-3", "60–79.9"),
    ("band-2", "40–59.9"),
    ("band-1", "20–39.9"),
    ("band-0", "0–19.9"),
    ("band-na", "n/a: nothing scored"),
];

/// A date as readers write it: "2 November 2026".
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures() {
        assert_eq!(score(Some(62.44)), "62.4");
        assert_eq!(score(Some(100.0 / 3.0)), "33.3");
        assert_eq!(score(Some(100.0)), "100.0");
        assert_eq!(score(None), "n/a");
        assert_eq!(band(Some(80.0)), "band-4");
        assert_eq!(band(Some(79.99)), "band-3");
        assert_eq!(band(Some(0.0)), "band-0");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()),
            "2 November 2026"
        );
    }
}
