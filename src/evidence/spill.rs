//! Findings spilled to a temporary file as a build's load checks them, and
//! read back for the pages that show them: a large build lets the findings
//! go to keep its memory flat (see [`crate::evidence`]), and reading them
//! back from here costs a fraction of parsing their TOML again. What is read
//! back is what was checked, spans and all.
//!
//! The file is anonymous, beside the site being built (not in a `/tmp` that
//! may be memory), and the system removes it when the build ends however it
//! ends.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};

use crate::ids::{HttpUrl, IndicatorId, RatingId};
use crate::model::{Finding, Source, Text, Translation};
use crate::source::{Span, Spanned};

/// Where one findings file's findings are in the spill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blob {
    offset: u64,
    len: u64,
}

/// A temporary file of encoded findings, written and read by any thread.
#[derive(Debug)]
pub struct Spill {
    file: Mutex<(File, u64)>,
}

impl Spill {
    /// A new, empty spill in the folder `dir`.
    pub fn create_in(dir: &Path) -> io::Result<Spill> {
        Ok(Spill {
            file: Mutex::new((tempfile::tempfile_in(dir)?, 0)),
        })
    }

    /// Adds `findings` (one file's) to the spill.
    pub fn put(&self, findings: &[Finding]) -> io::Result<Blob> {
        let mut bytes = Vec::with_capacity(4096);
        encode(findings, &mut bytes);
        let mut file = self.file.lock().map_err(|_| poisoned())?;
        let (file, end) = &mut *file;
        file.seek(SeekFrom::Start(*end))?;
        file.write_all(&bytes)?;
        let blob = Blob {
            offset: *end,
            len: bytes.len() as u64,
        };
        *end += blob.len;
        Ok(blob)
    }

    /// The findings of `blob`, as they were put.
    pub fn get(&self, blob: Blob) -> io::Result<Vec<Finding>> {
        let mut bytes = vec![0; usize::try_from(blob.len).map_err(io::Error::other)?];
        {
            let mut file = self.file.lock().map_err(|_| poisoned())?;
            let (file, _) = &mut *file;
            file.seek(SeekFrom::Start(blob.offset))?;
            file.read_exact(&mut bytes)?;
        }
        decode(&bytes).map_err(|why| io::Error::new(io::ErrorKind::InvalidData, why))
    }
}

fn poisoned() -> io::Error {
    io::Error::other("a thread failed while using the findings spill")
}

/// `findings`, appended to `out`: every field, in declaration order, with
/// lengths and counts as little-endian `u32`s.
fn encode(findings: &[Finding], out: &mut Vec<u8>) {
    let mut w = Encoder(out);
    w.count(findings.len());
    for f in findings {
        w.spanned(&f.indicator, |w, id| {
            w.u32(id.action);
            w.u32(id.index);
        });
        w.spanned(&f.rating, |w, r| w.str(r.as_str()));
        w.option(f.rationale.as_ref(), Encoder::text);
        w.count(f.sources.len());
        for s in &f.sources {
            w.text(&s.title);
            w.spanned(&s.url, |w, url| w.str(url.as_str()));
            w.spanned(&s.publisher, |w, p| w.str(p));
            w.option(s.published.as_ref(), Encoder::date);
            w.date(&s.accessed);
            w.option(s.archive.as_ref(), |w, url| {
                w.spanned(url, |w, url| w.str(url.as_str()))
            });
            w.option(s.quote.as_ref(), Encoder::text);
        }
        w.u32(f.file);
    }
}

struct Encoder<'a>(&'a mut Vec<u8>);

impl Encoder<'_> {
    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn count(&mut self, n: usize) {
        // A findings file is at most `load::MAX_FILE_BYTES`: far fewer items.
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn str(&mut self, s: &str) {
        self.count(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn span(&mut self, span: Span) {
        self.u32(span.file);
        self.u32(span.start);
        self.u32(span.end);
    }

    fn spanned<T>(&mut self, s: &Spanned<T>, value: impl FnOnce(&mut Self, &T)) {
        self.span(s.span);
        value(self, &s.value);
    }

    fn option<T>(&mut self, o: Option<&T>, value: impl FnOnce(&mut Self, &T)) {
        match o {
            None => self.0.push(0),
            Some(v) => {
                self.0.push(1);
                value(self, v);
            }
        }
    }

    fn text(&mut self, text: &Spanned<Text>) {
        self.span(text.span);
        match &text.value {
            Text::Same(s) => {
                self.0.push(0);
                self.str(s);
            }
            Text::PerLanguage(list) => {
                self.0.push(1);
                self.count(list.len());
                for t in list {
                    self.spanned(&t.language, |w, l| w.str(l));
                    self.spanned(&t.text, |w, s| w.str(s));
                }
            }
        }
    }

    fn date(&mut self, date: &Spanned<NaiveDate>) {
        self.spanned(date, |w, d| {
            w.0.extend_from_slice(&d.num_days_from_ce().to_le_bytes())
        });
    }
}

/// The findings `encode` wrote into `bytes`.
fn decode(bytes: &[u8]) -> Result<Vec<Finding>, String> {
    let mut r = Decoder { bytes };
    let count = r.count()?;
    let mut findings = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let indicator = r.spanned(|r| {
            Ok(IndicatorId {
                action: r.u32()?,
                index: r.u32()?,
            })
        })?;
        let rating = r.spanned(|r| RatingId::parse(r.str()?).map_err(|e| e.message))?;
        let rationale = r.option(Decoder::text)?;
        let sources = (0..r.count()?)
            .map(|_| {
                Ok(Source {
                    title: r.text()?,
                    url: r.spanned(Decoder::url)?,
                    publisher: r.spanned(|r| r.str().map(str::to_owned))?,
                    published: r.option(Decoder::date)?,
                    accessed: r.date()?,
                    archive: r.option(|r| r.spanned(Decoder::url))?,
                    quote: r.option(Decoder::text)?,
                })
            })
            .collect::<Result<_, String>>()?;
        findings.push(Finding {
            indicator,
            rating,
            rationale,
            sources,
            file: r.u32()?,
        });
    }
    match r.bytes.is_empty() {
        true => Ok(findings),
        false => Err("the spilled findings run on past their end".into()),
    }
}

struct Decoder<'a> {
    bytes: &'a [u8],
}

impl<'a> Decoder<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.bytes.len() {
            return Err("the spilled findings end early".into());
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes(bytes.try_into().expect("four bytes")))
    }

    fn count(&mut self) -> Result<usize, String> {
        Ok(self.u32()? as usize)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn str(&mut self) -> Result<&'a str, String> {
        let len = self.count()?;
        std::str::from_utf8(self.take(len)?).map_err(|e| e.to_string())
    }

    fn span(&mut self) -> Result<Span, String> {
        Ok(Span {
            file: self.u32()?,
            start: self.u32()?,
            end: self.u32()?,
        })
    }

    fn spanned<T>(
        &mut self,
        value: impl FnOnce(&mut Self) -> Result<T, String>,
    ) -> Result<Spanned<T>, String> {
        let span = self.span()?;
        Ok(Spanned::new(value(self)?, span))
    }

    fn option<T>(
        &mut self,
        value: impl FnOnce(&mut Self) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        match self.byte()? {
            0 => Ok(None),
            _ => value(self).map(Some),
        }
    }

    fn text(&mut self) -> Result<Spanned<Text>, String> {
        self.spanned(|r| match r.byte()? {
            0 => Ok(Text::Same(r.str()?.to_owned())),
            _ => (0..r.count()?)
                .map(|_| {
                    Ok(Translation {
                        language: r.spanned(|r| r.str().map(str::to_owned))?,
                        text: r.spanned(|r| r.str().map(str::to_owned))?,
                    })
                })
                .collect::<Result<_, String>>()
                .map(Text::PerLanguage),
        })
    }

    fn url(&mut self) -> Result<HttpUrl, String> {
        HttpUrl::parse(self.str()?).map_err(|e| e.message)
    }

    fn date(&mut self) -> Result<Spanned<NaiveDate>, String> {
        self.spanned(|r| {
            let days = i32::from_le_bytes(r.take(4)?.try_into().expect("four bytes"));
            NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| "a date out of range".into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(n: u32) -> Span {
        Span {
            file: 3,
            start: n,
            end: n + 2,
        }
    }

    fn spanned<T>(n: u32, value: T) -> Spanned<T> {
        Spanned::new(value, span(n))
    }

    fn findings() -> Vec<Finding> {
        let at = |n, s: &str| Spanned::new(s.to_owned(), span(n));
        let date = |n, d: &str| Spanned::new(d.parse::<NaiveDate>().unwrap(), span(n));
        let url = |n, u: &str| Spanned::new(HttpUrl::parse(u).unwrap(), span(n));
        vec![
            Finding {
                indicator: spanned(1, IndicatorId::parse("3.12").unwrap()),
                rating: spanned(2, RatingId::parse("partial").unwrap()),
                rationale: Some(spanned(
                    4,
                    Text::PerLanguage(vec![
                        Translation {
                            language: at(5, "en"),
                            text: at(6, "Some *markdown*, with «quotes» and ✓."),
                        },
                        Translation {
                            language: at(7, "ar"),
                            text: at(8, "نص"),
                        },
                    ]),
                )),
                sources: vec![
                    Source {
                        title: spanned(9, Text::Same("A report".into())),
                        url: url(10, "https://example.org/report?a=1&b=2"),
                        publisher: at(11, "Example"),
                        published: Some(date(12, "2025-02-28")),
                        accessed: date(13, "2026-01-05"),
                        archive: Some(url(14, "https://web.archive.org/web/2026/x")),
                        quote: Some(spanned(15, Text::Same(String::new()))),
                    },
                    Source {
                        title: spanned(16, Text::Same("Another".into())),
                        url: url(17, "http://example.com/"),
                        publisher: at(18, ""),
                        published: None,
                        accessed: date(19, "1999-12-31"),
                        archive: None,
                        quote: None,
                    },
                ],
                file: 3,
            },
            Finding {
                indicator: spanned(20, IndicatorId::parse("1.1").unwrap()),
                rating: spanned(21, RatingId::parse("no").unwrap()),
                rationale: None,
                sources: Vec::new(),
                file: 3,
            },
        ]
    }

    #[test]
    fn findings_read_back_are_the_findings_put() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::create_in(dir.path()).unwrap();
        let (first, none) = (findings(), Vec::new());
        let blobs = [spill.put(&first).unwrap(), spill.put(&none).unwrap()];
        let third = spill.put(&first[1..]).unwrap();
        // Debug shows every field, spans included.
        let shown = |f: &[Finding]| format!("{f:?}");
        assert_eq!(shown(&spill.get(blobs[0]).unwrap()), shown(&first));
        assert_eq!(shown(&spill.get(blobs[1]).unwrap()), shown(&none));
        assert_eq!(shown(&spill.get(third).unwrap()), shown(&first[1..]));
        // The spill is anonymous: nothing is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let mut bytes = Vec::new();
        encode(&findings(), &mut bytes);
        for cut in [0, 1, 4, 9, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        assert!(decode(&bytes).is_ok());
    }
}
