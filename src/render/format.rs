//! How figures are written in English by `scorecard diff` (one decimal,
//! "n/a", changes between editions: "▲ +12.5", "▼ −5.0", "="), and the colour
//! bands of scores. The site writes figures in each page's language, from the
//! string catalogues (see `render::context`).

use chrono::Datelike;

use crate::score::changes::{Delta, Direction};

/// A date as ISO 8601 writes it ("2026-11-02"), for `datetime` attributes:
/// what `NaiveDate::to_string` gives, written directly for the years of four
/// digits (chrono's formatting machinery cost a few hundred instructions a
/// date, and a platform page has a few hundred dates).
pub fn iso_date(date: chrono::NaiveDate) -> String {
    let Ok(year @ 0..=9999) = u32::try_from(date.year()) else {
        return date.to_string();
    };
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let (month, day) = (date.month(), date.day());
    [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        '-',
        digit(month / 10),
        digit(month),
        '-',
        digit(day / 10),
        digit(day),
    ]
    .into_iter()
    .collect()
}

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

/// The bands in order, with their ranges (none for "n/a"), for the legend.
pub const BANDS: [(&str, Option<(f64, f64)>); 6] = [
    ("band-4", Some((80.0, 100.0))),
    ("band-3", Some((60.0, 79.9))),
    ("band-2", Some((40.0, 59.9))),
    ("band-1", Some((20.0, 39.9))),
    ("band-0", Some((0.0, 19.9))),
    ("band-na", None),
];

/// A change as shown: "▲ +12.5", "▼ −5.0" (with a real minus sign, U+2212),
/// "=", or, to or from "n/a", "was n/a" and "now n/a". The arrow and the sign
/// carry the direction, so colour never has to.
pub fn change(delta: &Delta) -> String {
    let size = delta.change().map_or(0.0, f64::abs);
    match delta.direction() {
        Direction::Up => format!("▲ +{size:.1}"),
        Direction::Down => format!("▼ \u{2212}{size:.1}"),
        Direction::Same => "=".to_owned(),
        Direction::Gained => "was n/a".to_owned(),
        Direction::Lost => "now n/a".to_owned(),
    }
}

/// A change in words, for screen readers: "up 8.5 points since 2025".
pub fn change_words(delta: &Delta, since: &str) -> String {
    let size = delta.change().map_or(0.0, f64::abs);
    match delta.direction() {
        Direction::Up => format!("up {size:.1} points since {since}"),
        Direction::Down => format!("down {size:.1} points since {since}"),
        Direction::Same => format!("unchanged since {since}"),
        Direction::Gained => format!("n/a in {since}, {} now", score(delta.after)),
        Direction::Lost => format!("{} in {since}, n/a now", score(delta.before)),
    }
}

/// The CSS class of a change's direction.
pub fn change_class(delta: &Delta) -> &'static str {
    match delta.direction() {
        Direction::Up => "change-up",
        Direction::Down => "change-down",
        Direction::Same => "change-same",
        Direction::Gained | Direction::Lost => "change-na",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2026, 11, 2),
            (1, 1, 1),
            (999, 12, 31),
            (9999, 9, 30),
            (0, 2, 29),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_date(date), date.to_string());
        }
        for y in [-1, 10000, 262000] {
            let date = chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
            assert_eq!(iso_date(date), date.to_string());
        }
    }

    #[test]
    fn figures() {
        assert_eq!(score(Some(62.44)), "62.4");
        assert_eq!(score(Some(100.0 / 3.0)), "33.3");
        assert_eq!(score(Some(100.0)), "100.0");
        assert_eq!(score(None), "n/a");
        assert_eq!(band(Some(80.0)), "band-4");
        assert_eq!(band(Some(79.99)), "band-3");
        assert_eq!(band(Some(0.0)), "band-0");
    }

    #[test]
    fn changes_carry_arrow_and_sign() {
        let d = |b, a| Delta::new(b, a);
        assert_eq!(change(&d(Some(50.0), Some(62.5))), "▲ +12.5");
        assert_eq!(change(&d(Some(50.0), Some(45.0))), "▼ \u{2212}5.0");
        assert_eq!(change(&d(Some(50.0), Some(45.0))), "▼ −5.0");
        assert_eq!(change(&d(Some(50.0), Some(50.0))), "=");
        assert_eq!(change(&d(None, Some(50.0))), "was n/a");
        assert_eq!(
            change_words(&d(Some(60.0), Some(68.5)), "2025"),
            "up 8.5 points since 2025"
        );
        assert_eq!(
            change_words(&d(Some(60.0), Some(55.0)), "2025"),
            "down 5.0 points since 2025"
        );
        assert_eq!(
            change_words(&d(Some(1.0), Some(1.0)), "2025"),
            "unchanged since 2025"
        );
        assert_eq!(
            change_words(&d(Some(10.0), None), "2025"),
            "10.0 in 2025, n/a now"
        );
    }
}
