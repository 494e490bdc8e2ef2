//! The primitives of the canonical byte encoding (see the README's "Canonical encoding"):
//! fixed-width big-endian integers, u32-length-prefixed UTF-8 strings, u32-count-prefixed lists.
//! One writer and one strict reader, so that encoding and decoding can never disagree.

use thiserror::Error;

/// Why canonical bytes could not be decoded; `offset` is the byte where reading failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("byte {offset}: the encoding ends early while reading {what}")]
    Truncated { offset: usize, what: &'static str },
    #[error("byte 0: not a {expected} encoding (wrong magic or version)")]
    BadMagic { expected: &'static str },
    #[error("byte {offset}: {what} is not valid UTF-8")]
    BadUtf8 { offset: usize, what: &'static str },
    #[error("byte {offset}: unknown {what} tag {tag}")]
    UnknownTag {
        offset: usize,
        what: &'static str,
        tag: u32,
    },
    #[error("byte {offset}: {what} is invalid: {reason}")]
    Invalid {
        offset: usize,
        what: &'static str,
        reason: String,
    },
    #[error("byte {offset}: {extra} trailing bytes after the end of the encoding")]
    TrailingBytes { offset: usize, extra: usize },
}

/// Appends canonical fields to a byte buffer.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn with_magic(magic: &[u8]) -> Self {
        let mut buf = Vec::with_capacity(256);
        buf.extend_from_slice(magic);
        Writer { buf }
    }
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    pub(crate) fn fixed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }
    /// Lengths above `u32::MAX` cannot occur for text a person typed; they are clamped by
    /// construction in the callers' validation, and a panic here would be a bug.
    fn len(&mut self, n: usize) {
        let n = u32::try_from(n).expect("a field longer than 4 GiB cannot be encoded");
        self.u32(n);
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub(crate) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    pub(crate) fn strs(&mut self, items: &[String]) {
        self.len(items.len());
        for s in items {
            self.str(s);
        }
    }
    pub(crate) fn count(&mut self, n: usize) {
        self.len(n);
    }
    pub(crate) fn finish(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads canonical fields, refusing anything a [`Writer`] would not have produced.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(
        bytes: &'a [u8],
        magic: &[u8],
        expected: &'static str,
    ) -> Result<Self, DecodeError> {
        if !bytes.starts_with(magic) {
            return Err(DecodeError::BadMagic { expected });
        }
        Ok(Reader {
            bytes,
            pos: magic.len(),
        })
    }
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], DecodeError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(DecodeError::Truncated {
                offset: self.pos,
                what,
            });
        };
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    pub(crate) fn array<const N: usize>(
        &mut self,
        what: &'static str,
    ) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }
    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, DecodeError> {
        Ok(self.array::<1>(what)?[0])
    }
    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }
    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }
    pub(crate) fn u64(&mut self, what: &'static str) -> Result<u64, DecodeError> {
        Ok(u64::from_be_bytes(self.array(what)?))
    }
    pub(crate) fn i64(&mut self, what: &'static str) -> Result<i64, DecodeError> {
        Ok(i64::from_be_bytes(self.array(what)?))
    }
    pub(crate) fn str(&mut self, what: &'static str) -> Result<String, DecodeError> {
        let len = self.u32(what)? as usize;
        let start = self.pos;
        let raw = self.take(len, what)?;
        String::from_utf8(raw.to_vec()).map_err(|_| DecodeError::BadUtf8 {
            offset: start,
            what,
        })
    }
    pub(crate) fn opt_str(&mut self, what: &'static str) -> Result<Option<String>, DecodeError> {
        let at = self.pos;
        match self.u8(what)? {
            0 => Ok(None),
            1 => self.str(what).map(Some),
            tag => Err(DecodeError::UnknownTag {
                offset: at,
                what,
                tag: u32::from(tag),
            }),
        }
    }
    /// A list count, bounded by the bytes left so a forged count cannot make us allocate.
    pub(crate) fn count(&mut self, what: &'static str) -> Result<usize, DecodeError> {
        let at = self.pos;
        let n = self.u32(what)? as usize;
        if n > self.bytes.len() - self.pos {
            return Err(DecodeError::Truncated { offset: at, what });
        }
        Ok(n)
    }
    pub(crate) fn strs(&mut self, what: &'static str) -> Result<Vec<String>, DecodeError> {
        let n = self.count(what)?;
        (0..n).map(|_| self.str(what)).collect()
    }
    pub(crate) fn finish(self) -> Result<(), DecodeError> {
        let extra = self.bytes.len() - self.pos;
        if extra == 0 {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes {
                offset: self.pos,
                extra,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_lists_round_trip_and_trailing_bytes_are_refused() {
        let mut w = Writer::with_magic(b"MAGIC");
        w.str("유해");
        w.strs(&["a".into(), String::new()]);
        w.opt_str(None);
        w.opt_str(Some("x"));
        w.i64(-5);
        let mut bytes = w.finish();
        let mut r = Reader::new(&bytes, b"MAGIC", "test").unwrap();
        assert_eq!(r.str("s").unwrap(), "유해");
        assert_eq!(r.strs("l").unwrap(), vec!["a".to_string(), String::new()]);
        assert_eq!(r.opt_str("o").unwrap(), None);
        assert_eq!(r.opt_str("o").unwrap(), Some("x".into()));
        assert_eq!(r.i64("t").unwrap(), -5);
        assert!(r.finish().is_ok());
        bytes.push(0);
        let mut r = Reader::new(&bytes, b"MAGIC", "test").unwrap();
        r.str("s").unwrap();
        r.strs("l").unwrap();
        r.opt_str("o").unwrap();
        r.opt_str("o").unwrap();
        r.i64("t").unwrap();
        assert!(matches!(
            r.finish(),
            Err(DecodeError::TrailingBytes { extra: 1, .. })
        ));
    }

    #[test]
    fn a_forged_count_is_refused_without_allocating() {
        let bytes = [b'M', 0xff, 0xff, 0xff, 0xff];
        let mut r = Reader::new(&bytes, b"M", "test").unwrap();
        assert!(matches!(
            r.strs("list"),
            Err(DecodeError::Truncated { offset: 1, .. })
        ));
    }
}
