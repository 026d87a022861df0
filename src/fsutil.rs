//! The one way this tool touches its files: bounded reads, private files opened without
//! following links, atomic rewrites, and a line reader with a cap on line length.
//!
//! Every file in the data directory is opened with `O_NOFOLLOW`, so a symbolic link where a
//! file belongs is an error naming it, never a read or write of the link's target. The data
//! directory is made `0700` and its files `0600` from the first write. Every read has a size
//! limit, and a file that is not a regular file (a device, a pipe) is refused before it is
//! read. Errors from this module do not name the file: callers say which file and what they
//! were doing ([`named`]). It knows nothing of what the files hold.

mod lines;

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

pub use lines::{Line, Lines};

/// The most this tool reads of a config file: `config.toml`, the Go CLI's settings.
pub const CONFIG_LIMIT: u64 = 1 << 20;
/// The most it reads of a command vocabulary.
pub const VOCABULARY_LIMIT: u64 = 4 << 20;
/// The most it reads of a small file it keeps: caches, counters, the anonymous id.
pub const CACHE_LIMIT: u64 = 64 << 10;
/// The longest line it reads from the queue, its journal or the sent log; longer lines are
/// damaged lines.
pub const LINE_LIMIT: usize = 64 << 10;

/// A temporary file this old belongs to a rewrite that was interrupted.
const STALE: std::time::Duration = std::time::Duration::from_secs(600);

/// The prefix of the temporary files of a rewrite: `.{name}.tmp-XXXXXX`.
const TEMP_MARK: &str = ".tmp-";

/// `error` with the file and what was being done: "cannot read /x/pending.jsonl: …".
pub fn named<'a>(path: &'a Path, doing: &'static str) -> impl Fn(io::Error) -> io::Error + 'a {
    move |e| io::Error::new(e.kind(), format!("cannot {doing} {}: {e}", path.display()))
}

fn options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .mode(0o600);
    o
}

/// Says what a failed open means when the reason is a link where a file belongs.
fn explain(e: io::Error) -> io::Error {
    if e.raw_os_error() == Some(libc::ELOOP) {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a symbolic link, and this tool never reads or writes through one; remove it",
        )
    } else {
        e
    }
}

/// Creates `dir` (and its parents) readable by the user only, or tightens an existing one that
/// others can read.
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    match std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
    {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let meta = std::fs::metadata(dir)?;
    if !meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            "it is not a directory",
        ));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        // Tightening a directory that is not ours fails; the files inside stay 0600 anyway.
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Opens `path` for reading and appending, creating it `0600` (and its directory `0700`).
pub fn open_append(path: &Path) -> io::Result<File> {
    open_append_sized(path).map(|(file, _)| file)
}

/// [`open_append`], with the file's length when it was opened.
pub fn open_append_sized(path: &Path) -> io::Result<(File, u64)> {
    open_private(path, options().read(true).append(true).create(true))
}

/// Opens (creating) a lock file, or the stamp whose time marks an event.
pub fn open_lock(path: &Path) -> io::Result<File> {
    open_private(path, options().write(true).create(true).truncate(false)).map(|(file, _)| file)
}

/// Opens `path` for reading without following a link; `None` when it does not exist.
pub fn open_read(path: &Path) -> io::Result<Option<File>> {
    Ok(open_regular(path, libc::O_NOFOLLOW)?.map(|(file, _)| file))
}

/// Opens a regular file for reading, with `flags`, and gives its length; `None` when it does
/// not exist.
fn open_regular(path: &Path, flags: i32) -> io::Result<Option<(File, u64)>> {
    match options()
        .read(true)
        .custom_flags(flags | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(file) => {
            let meta = file.metadata()?;
            if !meta.is_file() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "it is not a regular file",
                ));
            }
            Ok(Some((file, meta.len())))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(explain(e)),
    }
}

/// Opens a file of this tool's, making it `0600` if it is not, and gives its length.
fn open_private(path: &Path, options: &OpenOptions) -> io::Result<(File, u64)> {
    let file = match options.open(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            ensure_dir(parent(path))?;
            options.open(path)
        }
        other => other,
    }
    .map_err(explain)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok((file, meta.len()))
}

/// Marks the time of an event in the modification time of `path` (made empty), without
/// following a link.
pub fn touch(path: &Path) -> io::Result<()> {
    let file = open_lock(path)?;
    file.set_len(0)?;
    file.set_modified(std::time::SystemTime::now())
}

/// Reads the regular file `path`, refusing more than `limit` bytes; `None` when it does not
/// exist. Never follows a link and never blocks on a device or a pipe.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
    read_open(open_regular(path, libc::O_NOFOLLOW)?, limit)
}

/// [`read_limited`] for a file the user names (the config file, a vocabulary, an issue body):
/// a link there is the user's choice and is followed.
pub fn read_user_file(path: &Path, limit: u64) -> io::Result<Option<String>> {
    read_open(open_regular(path, 0)?, limit)?
        .map(utf8)
        .transpose()
}

fn utf8(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// Reads an open file of about `len` bytes (it may grow meanwhile), refusing more than `limit`.
fn read_open(file: Option<(File, u64)>, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let Some((file, len)) = file else {
        return Ok(None);
    };
    // Room for the whole file and one byte more, so it reads in one go.
    let mut bytes = Vec::with_capacity(usize::try_from(len.min(limit) + 1).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "it is larger than {}, the most this tool reads of it",
                size(limit)
            ),
        ));
    }
    Ok(Some(bytes))
}

/// [`read_limited`] as text; bytes that are not UTF-8 are an error.
pub fn read_text(path: &Path, limit: u64) -> io::Result<Option<String>> {
    read_limited(path, limit)?.map(utf8).transpose()
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

/// Writes `bytes` to `path` through a private temporary file in the same directory and a
/// rename, so a reader sees the old content or the new, never half of one. Creates the
/// directory. A link at `path` is refused, not replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    remove_temps(path, STALE);
    let mut tmp = temp_for(path)?;
    tmp.write_all(bytes)?;
    persist(tmp, path)
}

/// A private temporary file beside `path`, for a rewrite that [`persist`] completes. Its name
/// marks it as this tool's, so [`remove_temps`] can clean up after an interrupted rewrite.
pub fn temp_for(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = parent(path);
    ensure_dir(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    tempfile::Builder::new()
        .prefix(&format!(".{name}{TEMP_MARK}"))
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
}

/// Puts a temporary file from [`temp_for`] in place of `path`, after flushing it to disk.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    tmp.as_file().sync_all()?;
    put_in_place(tmp, path)
}

/// [`persist`] without the flush, for a caller that flushed the file itself (before taking a
/// lock, so as not to hold it through the flush).
pub fn put_in_place(tmp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(explain(io::Error::from_raw_os_error(libc::ELOOP)));
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the temporary files an interrupted rewrite of `path` left behind (all of them, or
/// only those older than `min_age`); returns how many went.
pub fn remove_temps(path: &Path, min_age: std::time::Duration) -> usize {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = std::fs::read_dir(parent(path)) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().unwrap_or_default() >= min_age)
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Whether `name` is the temporary file of an interrupted rewrite.
pub fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.contains(TEMP_MARK)
}

#[cfg(test)]
mod tests;
