//! Bounded reads of the files the operator names: the config file and the releases file.
//!
//! Owns the size limit of each file and the one way they are read: a regular file only (a
//! device or a pipe is refused before it is read), at most its limit, as UTF-8 text. Errors do
//! not name the file: callers say which file it was. Writes nothing.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most the collector reads of its config file.
pub const CONFIG_LIMIT: u64 = 1 << 20;
/// The most it reads of a releases file.
pub const RELEASES_LIMIT: u64 = 4 << 20;

/// Reads the regular file `path` as text, refusing more than `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    // Checked before the open too: opening a pipe would wait for a writer.
    regular(&std::fs::metadata(path)?)?;
    let file = File::open(path)?;
    let meta = file.metadata()?;
    regular(&meta)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit) + 1).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "it is larger than {} MiB, the most the collector reads of it",
                limit >> 20
            ),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

fn regular(meta: &std::fs::Metadata) -> io::Result<()> {
    if meta.is_file() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_refuses_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        std::fs::write(&path, vec![b'a'; 2 << 20]).unwrap();
        assert_eq!(read_text(&path, 2 << 20).unwrap().len(), 2 << 20);
        let e = read_text(&path, 1 << 20).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("larger than 1 MiB"), "{e}");
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(
            read_text(&path, 10)
                .unwrap_err()
                .to_string()
                .contains("UTF-8")
        );
        assert!(read_text(dir.path(), 10).is_err());
    }
}
