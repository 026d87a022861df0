//! Reading a file of lines with a cap on each line's length, so a file without newlines (or a
//! hostile one) never makes a reader hold more than one line of [`super::LINE_LIMIT`] bytes.

use std::io::{self, BufRead, BufReader, Read};

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Where it starts in the file.
    pub offset: u64,
    /// Its bytes without the newline; empty when it was too long.
    pub bytes: Vec<u8>,
    /// Whether it was longer than the cap (its bytes were skipped).
    pub too_long: bool,
    /// Whether it ended with a newline (the last line of a file being written may not).
    pub ended: bool,
}

/// The lines of a reader, each at most `limit` bytes.
pub struct Lines<R> {
    reader: BufReader<R>,
    offset: u64,
    limit: usize,
}

impl<R: Read> Lines<R> {
    /// Lines of `reader`, which starts at `offset` in its file.
    pub fn new(reader: R, offset: u64, limit: usize) -> Lines<R> {
        Lines {
            reader: BufReader::with_capacity(64 << 10, reader),
            offset,
            limit,
        }
    }

    fn next_line(&mut self) -> io::Result<Option<Line>> {
        let start = self.offset;
        let mut bytes = Vec::new();
        let mut too_long = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                if bytes.is_empty() && !too_long && self.offset == start {
                    return Ok(None);
                }
                return Ok(Some(Line {
                    offset: start,
                    bytes,
                    too_long,
                    ended: false,
                }));
            }
            let (take, ended) = match chunk.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let content = &chunk[..if ended { take - 1 } else { take }];
            if !too_long && bytes.len() + content.len() <= self.limit {
                bytes.extend_from_slice(content);
            } else {
                too_long = true;
                bytes = Vec::new();
            }
            self.reader.consume(take);
            self.offset += take as u64;
            if ended {
                return Ok(Some(Line {
                    offset: start,
                    bytes,
                    too_long,
                    ended: true,
                }));
            }
        }
    }
}

impl<R: Read> Iterator for Lines<R> {
    type Item = io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_line().transpose()
    }
}
