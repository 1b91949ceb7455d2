//! Write: the output tree. Files go into a temporary folder beside the output,
//! which is swapped in only when the whole site is written, so a failed or
//! killed build never leaves a half-written site.

mod behind;

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use self::behind::WriteBehind;

/// A site being written.
pub struct Output {
    target: PathBuf,
    staging: tempfile::TempDir,
    /// The lock on the staging folder, held until the build ends: another
    /// build's cleanup leaves a locked staging folder alone.
    _lock: Option<std::fs::File>,
    behind: WriteBehind,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write the site to `{}`: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("refusing to build into `{}`: {reason}", path.display())]
    UnsafeTarget { path: PathBuf, reason: &'static str },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The prefix of staging folders for `target`, e.g. `.site.partial-` for `site`.
fn staging_prefix(target: &Path) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".partial-");
    prefix
}

impl Output {
    /// Prepares to write the site that will replace `target`. Folders that
    /// must never be replaced (the data, the templates) are given in `protect`.
    pub fn create(target: &Path, protect: &[&Path]) -> Result<Output, WriteError> {
        let parent = folder_of(target);
        if target.file_name().is_none() {
            return Err(WriteError::UnsafeTarget {
                path: target.to_owned(),
                reason: "it has no folder name",
            });
        }
        std::fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        if target.exists() && !target.is_dir() {
            return Err(WriteError::UnsafeTarget {
                path: target.to_owned(),
                reason: "it is a file, not a folder",
            });
        }
        if let Ok(canonical) = target.canonicalize() {
            for p in protect {
                if p.canonicalize().is_ok_and(|p| p.starts_with(&canonical)) {
                    return Err(WriteError::UnsafeTarget {
                        path: target.to_owned(),
                        reason: "it holds the data or the templates, which the build would delete",
                    });
                }
            }
            if std::env::current_dir().is_ok_and(|cwd| cwd.starts_with(&canonical)) {
                return Err(WriteError::UnsafeTarget {
                    path: target.to_owned(),
                    reason: "it holds the current folder",
                });
            }
        }
        remove_stale(&parent, target);
        let mut attempts = 0;
        loop {
            let staging = tempfile::Builder::new()
                .prefix(&staging_prefix(target))
                .tempdir_in(&parent)
                .map_err(io_at(&parent))?;
            match lock_in_place(staging.path()) {
                Ok(lock) => {
                    return Ok(Output {
                        target: target.to_owned(),
                        staging,
                        _lock: lock,
                        behind: WriteBehind::new(),
                    })
                }
                // Another build's cleanup removed the folder before it was locked.
                Err(_) if attempts < 8 => attempts += 1,
                Err(e) => return Err(io_at(staging.path())(e)),
            }
        }
    }

    /// Writes one file at `rel` (a `/`-separated path from the site root).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.staging.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io_at(dir))?;
        }
        let mut file = std::fs::File::create(&path).map_err(io_at(&path))?;
        io::Write::write_all(&mut file, bytes).map_err(io_at(&path))?;
        self.behind.written(file, bytes.len() as u64);
        Ok(())
    }

    /// Writes the files at `rels` through `write`, which streams them
    /// together (files too large to hold whole in memory), each to the
    /// writer of the same index; returns their lengths.
    pub fn write_with(
        &self,
        rels: &[String],
        write: impl FnOnce(&mut [&mut dyn io::Write]) -> io::Result<()>,
    ) -> Result<Vec<u64>, WriteError> {
        let mut files = Vec::with_capacity(rels.len());
        for rel in rels {
            let path = self.staging.path().join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io_at(dir))?;
            }
            let file = std::fs::File::create(&path).map_err(io_at(&path))?;
            files.push((path, file));
        }
        stream_into(files, write, Some(&self.behind))
    }

    /// Copies the file written at `from` to `to` (both `/`-separated paths
    /// from the site root); returns its length.
    pub fn copy(&self, from: &str, to: &str) -> Result<u64, WriteError> {
        let (from, to) = (self.staging.path().join(from), self.staging.path().join(to));
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io_at(dir))?;
        }
        link_or_copy(&from, &to).map_err(io_at(&to))
    }

    /// Swaps the written site in place of the previous one, atomically where
    /// the system allows, and removes the previous one.
    pub fn commit(self) -> Result<(), WriteError> {
        let staging = self.staging.keep();
        let target = &self.target;
        if !target.exists() {
            return std::fs::rename(&staging, target).map_err(io_at(target));
        }
        // Once the new site is in place, the build has succeeded: removing the
        // previous one is best effort, as a later build removes what is left.
        match exchange(&staging, target) {
            Ok(()) => {
                // `staging` now holds the previous site.
                let _ = std::fs::remove_dir_all(&staging);
                Ok(())
            }
            Err(_) => swap_by_renames(&staging, target),
        }
    }

    pub fn staging_path(&self) -> &Path {
        self.staging.path()
    }
}

/// Replaces one file of a folder that is read while it is written (the
/// preview): the new text goes to a temporary file renamed over the old, so
/// a reader sees the old file or the new one.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_at(dir))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io_at(dir))?;
    io::Write::write_all(&mut temp, bytes).map_err(io_at(path))?;
    temp.persist(path).map_err(|e| WriteError::Io {
        path: path.to_owned(),
        source: e.error,
    })?;
    Ok(())
}

/// The folder that holds `target`: its parent, or the current folder for a
/// bare name. A site is staged there, and a build's spill made there.
pub fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// [`replace_file`] for each of `paths`, with the bytes `write` streams to
/// the writer of the same index; returns their lengths.
pub fn replace_files_with(
    paths: &[PathBuf],
    write: impl FnOnce(&mut [&mut dyn io::Write]) -> io::Result<()>,
) -> Result<Vec<u64>, WriteError> {
    let mut temps = Vec::with_capacity(paths.len());
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io_at(dir))?;
        let temp = tempfile::NamedTempFile::new_in(dir).map_err(io_at(dir))?;
        files.push((path.clone(), temp.reopen().map_err(io_at(path))?));
        temps.push(temp);
    }
    let lengths = stream_into(files, write, None)?;
    for (temp, path) in temps.into_iter().zip(paths) {
        temp.persist(path).map_err(|e| WriteError::Io {
            path: path.to_owned(),
            source: e.error,
        })?;
    }
    Ok(lengths)
}

/// Streams `write`'s bytes into `files`, buffered, each to the writer of
/// the same index, and hands the files written to `behind` if given;
/// returns their lengths. An error names the file that failed to take its
/// bytes, or else the first file.
fn stream_into(
    files: Vec<(PathBuf, std::fs::File)>,
    write: impl FnOnce(&mut [&mut dyn io::Write]) -> io::Result<()>,
    behind: Option<&WriteBehind>,
) -> Result<Vec<u64>, WriteError> {
    let (paths, files): (Vec<PathBuf>, Vec<std::fs::File>) = files.into_iter().unzip();
    let mut outs: Vec<Streamed> = (files.into_iter())
        .map(|file| Streamed {
            out: io::BufWriter::with_capacity(1 << 16, file),
            length: 0,
            failed: false,
        })
        .collect();
    let written = {
        let mut writers: Vec<&mut dyn io::Write> = outs
            .iter_mut()
            .map(|out| out as &mut dyn io::Write)
            .collect();
        write(&mut writers)
    };
    if let Err(source) = written {
        let failed = outs.iter().position(|out| out.failed).unwrap_or(0);
        let path = paths.get(failed).cloned().unwrap_or_default();
        return Err(WriteError::Io { path, source });
    }
    (outs.into_iter().zip(&paths))
        .map(|(out, path)| {
            let file = (out.out.into_inner())
                .map_err(io::IntoInnerError::into_error)
                .map_err(io_at(path))?;
            if let Some(behind) = behind {
                behind.written(file, out.length);
            }
            Ok(out.length)
        })
        .collect()
}

/// A file a stream writes to, which counts the bytes it took and remembers
/// whether it failed to take some.
struct Streamed {
    out: io::BufWriter<std::fs::File>,
    length: u64,
    failed: bool,
}

impl io::Write for Streamed {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes);
        match &written {
            Ok(n) => self.length += *n as u64,
            Err(_) => self.failed = true,
        }
        written
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = self.out.flush();
        self.failed |= flushed.is_err();
        flushed
    }
}

/// [`replace_file`] with a copy of the file at `from`; returns its length.
pub fn replace_with_copy(from: &Path, to: &Path) -> Result<u64, WriteError> {
    let dir = to.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_at(dir))?;
    let mut length = 0;
    let temp = tempfile::Builder::new()
        .make_in(dir, |temp| {
            length = link_or_copy(from, temp)?;
            Ok(())
        })
        .map_err(io_at(to))?;
    temp.persist(to).map_err(|e| WriteError::Io {
        path: to.to_owned(),
        source: e.error,
    })?;
    Ok(length)
}

/// Makes `to` (which must not exist) a hard link to `from`, or a copy of it
/// where the file system has no hard links; returns the file's length. The
/// site's files are only ever replaced whole, never written in place, so a
/// link is as good as a copy, and a 100 MB download costs nothing to repeat.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<u64> {
    match std::fs::hard_link(from, to) {
        Ok(()) => Ok(std::fs::metadata(to)?.len()),
        Err(_) => std::fs::copy(from, to),
    }
}

/// Removes the files under `root` that are not in `keep` (paths relative to
/// `root`, `/`-separated), and the folders left empty.
pub fn remove_others(
    root: &Path,
    keep: &std::collections::HashSet<String>,
) -> Result<(), WriteError> {
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(|e| WriteError::Io {
            path: root.to_owned(),
            source: e.into(),
        })?;
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if !keep.contains(&rel) {
            std::fs::remove_file(entry.path()).map_err(io_at(entry.path()))?;
        }
    }
    for dir in dirs {
        // Fails harmlessly while the folder still holds files.
        let _ = std::fs::remove_dir(&dir);
    }
    Ok(())
}

/// Where the system (or the file system) has no atomic exchange: moves the
/// old site aside, under a name that the next build's cleanup removes if this
/// one is killed, then the new one in.
fn swap_by_renames(staging: &Path, target: &Path) -> Result<(), WriteError> {
    let aside = aside_path(staging);
    std::fs::rename(target, &aside).map_err(io_at(target))?;
    std::fs::rename(staging, target).map_err(io_at(target))?;
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}

/// `.site.partial-x` → `.site.partial-x.old`.
fn aside_path(staging: &Path) -> PathBuf {
    let mut name = staging.file_name().unwrap_or_default().to_owned();
    name.push(".old");
    staging.with_file_name(name)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Locks the folder at `path` for as long as the returned file is open, and
/// checks that the folder locked is still the one at `path`. The system
/// drops the lock when the process ends, however it ends.
#[cfg(unix)]
fn lock_in_place(path: &Path) -> io::Result<Option<std::fs::File>> {
    use std::os::unix::fs::MetadataExt;
    let file = std::fs::File::open(path)?;
    // Blocks only while another build's cleanup holds it to remove it.
    rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)?;
    let (locked, current) = (file.metadata()?, std::fs::metadata(path)?);
    if (locked.dev(), locked.ino()) == (current.dev(), current.ino()) {
        Ok(Some(file))
    } else {
        Err(io::Error::from(io::ErrorKind::NotFound))
    }
}

#[cfg(not(unix))]
fn lock_in_place(_: &Path) -> io::Result<Option<std::fs::File>> {
    Ok(None)
}

/// Whether the staging folder at `path` belongs to no running build, in
/// which case the returned lock keeps any build from taking it while it is
/// removed.
#[cfg(unix)]
fn abandoned(path: &Path) -> Option<std::fs::File> {
    let file = std::fs::File::open(path).ok()?;
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).ok()?;
    Some(file)
}

#[cfg(not(unix))]
fn abandoned(path: &Path) -> Option<()> {
    path.is_dir().then_some(())
}

/// Removes staging folders left by builds that were killed before they
/// finished, but not those of builds still running (they hold a lock on theirs).
fn remove_stale(parent: &Path, target: &Path) {
    let prefix = staging_prefix(target);
    let prefix = prefix.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(prefix.as_ref())
            && entry.path().is_dir()
        {
            if let Some(_lock) = abandoned(&entry.path()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in a folder: what a build left beside its output.
    fn entries(dir: &Path) -> Vec<OsString> {
        let mut names: Vec<OsString> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn swaps_in_the_new_site_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        std::fs::create_dir_all(target.join("old")).unwrap();
        std::fs::write(target.join("old/index.html"), "old").unwrap();
        std::fs::create_dir_all(dir.path().join(".site.partial-stale")).unwrap();

        let out = Output::create(&target, &[]).unwrap();
        assert!(
            !dir.path().join(".site.partial-stale").exists(),
            "stale staging folder left"
        );
        out.write("a/b/index.html", b"new").unwrap();
        // Until commit, the previous site is untouched.
        assert_eq!(
            std::fs::read_to_string(target.join("old/index.html")).unwrap(),
            "old"
        );
        out.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a/b/index.html")).unwrap(),
            "new"
        );
        assert!(!target.join("old").exists());
        assert_eq!(entries(dir.path()), vec![OsString::from("site")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_second_build_leaves_a_running_builds_staging_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        let first = Output::create(&target, &[]).unwrap();
        first.write("a/index.html", b"first a").unwrap();
        // Its cleanup used to delete the first build's staging folder, which
        // then swapped in with only the files written after that.
        let second = Output::create(&target, &[]).unwrap();
        first.write("b/index.html", b"first b").unwrap();
        first.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a/index.html")).unwrap(),
            "first a"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("b/index.html")).unwrap(),
            "first b"
        );
        second.write("index.html", b"second").unwrap();
        second.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "second"
        );
        assert!(!target.join("a").exists());
        assert_eq!(entries(dir.path()), vec![OsString::from("site")]);
    }

    #[test]
    fn the_swap_without_exchange_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("index.html"), "old").unwrap();
        let staging = dir.path().join(".site.partial-x");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("index.html"), "new").unwrap();
        // The old site used to be moved to `.site.old` (`with_extension` on a
        // dotted name), which no cleanup removes when a build is killed there.
        let aside = aside_path(&staging);
        assert_eq!(aside, dir.path().join(".site.partial-x.old"));
        assert!(aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&*staging_prefix(&target).to_string_lossy()));
        swap_by_renames(&staging, &target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(entries(dir.path()), vec![OsString::from("site")]);
    }

    #[test]
    fn a_dropped_output_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("index.html"), "old").unwrap();
        let out = Output::create(&target, &[]).unwrap();
        out.write("index.html", b"half").unwrap();
        drop(out);
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
    }

    #[test]
    fn refuses_to_replace_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("project/data");
        std::fs::create_dir_all(&data).unwrap();
        let err = Output::create(&dir.path().join("project"), &[&data])
            .err()
            .unwrap();
        assert!(matches!(err, WriteError::UnsafeTarget { .. }), "{err}");
    }
}
