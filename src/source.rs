//! The text of every file the loader read, and the mapping from byte offsets to
//! the `line:col` positions that diagnostics show.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Index of a file in the [`SourceMap`].
pub type FileId = u32;

/// A byte range in one file: where a value, key or table came from.
///
/// Offsets are `u32` to keep the many spans of a large dataset small; the loader
/// refuses files larger than that long before it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: clamp_u32(range.start),
            end: clamp_u32(range.end),
        }
    }

    /// The empty span at the very start of `file`: where a diagnostic about the
    /// file as a whole points (`1:1`), such as a list it lacks.
    pub fn file_start(file: FileId) -> Span {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value together with the place in a file it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The value alone: where it was written changes no page (see the
/// fingerprints of `serve`).
impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// One file the loader read.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the data root, always with `/` separators.
    pub path: String,
    /// Shared with the load cache of `serve`, which keeps the texts it read.
    /// Unset when the loader let the text go; see `reread`.
    text: OnceLock<Arc<str>>,
    /// Where to read the text again the first time it is asked for, when the
    /// loader let it go: a one-shot run keeps only the texts of the files that
    /// had a diagnostic of their own, since the others are rarely quoted and a
    /// large data folder's texts are a good part of the memory of a load.
    reread: Option<PathBuf>,
    /// Found the first time a position in the file is asked for: most files
    /// of a large data folder never have a diagnostic.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// The file's text, as the loader read it.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| match &self.reread {
            // Read again as the loader reads it; the file was valid UTF-8 then.
            Some(path) => std::fs::read(path)
                .map(|mut bytes| {
                    strip_bom(&mut bytes);
                    Arc::from(String::from_utf8_lossy(&bytes))
                })
                .unwrap_or_else(|_| Arc::from("")),
            None => Arc::from(""),
        })
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text().match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }
}

/// Drops a leading byte-order mark: it is invisible in editors, and columns
/// are counted as they show.
pub fn strip_bom(bytes: &mut Vec<u8>) {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
}

/// Every file read in one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: String, text: impl Into<Arc<str>>) -> FileId {
        self.push(SourceFile {
            path,
            text: OnceLock::from(text.into()),
            reread: None,
            line_starts: OnceLock::new(),
        })
    }

    /// Adds a file whose text was let go: it is read again from `file` if
    /// a diagnostic quotes it.
    pub fn add_unread(&mut self, path: String, file: PathBuf) -> FileId {
        self.push(SourceFile {
            path,
            text: OnceLock::new(),
            reread: Some(file),
            line_starts: OnceLock::new(),
        })
    }

    fn push(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId::try_from(self.files.len() - 1).expect("fewer than 2^32 files")
    }

    /// Frees the text of every file, keeping their paths: for a run that
    /// found nothing to report, whose texts no diagnostic will quote.
    /// Positions then all read as line 1, column 1.
    pub fn release_texts(&mut self) {
        for file in &mut self.files {
            file.text = OnceLock::from(Arc::from(""));
            file.reread = None;
            file.line_starts = OnceLock::new();
        }
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize]
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.get(id).path
    }

    /// 1-based line and column (in characters, as editors count) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let file = self.get(id);
        let offset = offset.min(file.text().len());
        let line_starts = file.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = line_starts[line];
        let col = file
            .text()
            .get(line_start..offset)
            .map_or(offset - line_start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    fn line_range(&self, id: FileId, line: usize) -> Option<Range<usize>> {
        let file = self.get(id);
        let start = *file.line_starts().get(line)?;
        let end = file
            .line_starts()
            .get(line + 1)
            .copied()
            .unwrap_or(file.text().len());
        Some(start..end)
    }
}

impl<'a> codespan_reporting::files::Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id as usize)
            .map(|f| f.path.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id as usize)
            .map(SourceFile::text)
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id as usize)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(file.line_starts().partition_point(|&s| s <= byte_index) - 1)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        SourceMap::line_range(self, id, line_index).ok_or(
            codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: self.get(id).line_starts().len() - 1,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_let_go_is_read_again_as_the_loader_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "\u{feff}x = 1\ny = \"é\"\n").unwrap();
        let mut map = SourceMap::new();
        let read = map.add_unread("a.toml".into(), path.clone());
        let gone = map.add_unread("b.toml".into(), dir.path().join("b.toml"));
        // Without its byte-order mark, as the loader gives it to the parser.
        assert_eq!(map.get(read).text(), "x = 1\ny = \"é\"\n");
        assert_eq!(map.line_col(read, 11), (2, 6));
        // Read once: a later change on disk does not move the spans.
        std::fs::write(&path, "changed").unwrap();
        assert_eq!(map.get(read).text(), "x = 1\ny = \"é\"\n");
        // A file gone since is empty: every position is its start.
        assert_eq!(map.get(gone).text(), "");
        assert_eq!(map.line_col(gone, 5), (1, 1));
    }

    #[test]
    fn line_col_counts_characters_from_one() {
        let mut map = SourceMap::new();
        let id = map.add("a.toml".into(), "ab\né = 1\r\nx");
        assert_eq!(map.line_col(id, 0), (1, 1));
        assert_eq!(map.line_col(id, 2), (1, 3));
        assert_eq!(map.line_col(id, 3), (2, 1));
        // `é` is two bytes but one column.
        assert_eq!(map.line_col(id, 5), (2, 2));
        assert_eq!(map.line_col(id, 11), (3, 1));
        assert_eq!(map.line_col(id, 999), (3, 2));
    }

    #[test]
    fn file_start_is_empty_and_at_one_one() {
        let mut map = SourceMap::new();
        let id = map.add("a.toml".into(), "x = 1\n");
        let span = Span::file_start(id);
        assert_eq!(span.range(), 0..0);
        assert_eq!(map.line_col(id, span.start as usize), (1, 1));
    }
}
