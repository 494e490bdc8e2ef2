//! A reader under the CSV reader that refuses a field or a row of absurd length while the file
//! streams (`/dev/zero` named as a CSV file stops after [`MAX_FIELD_BYTES`], never read whole),
//! remembering where: the line the row starts on and the field's column.

use std::io::{self, Read};

/// The longest field an import reads, in bytes (quotes included).
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// The longest row an import reads, in bytes.
pub const MAX_ROW_BYTES: usize = 1024 * 1024;

/// Where a field or row grew past its cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Overflow {
    /// The physical line the row starts on (the header is line 1).
    pub line: u64,
    /// The field's column, from 0.
    pub column: usize,
    /// The row as a whole (rather than one field) is too long.
    pub row: bool,
}

impl Overflow {
    /// Why, for the error message.
    pub fn reason(&self) -> String {
        if self.row {
            format!("the row is longer than {MAX_ROW_BYTES} bytes, the most a row may hold")
        } else {
            format!("the value is longer than {MAX_FIELD_BYTES} bytes, the most a field may hold")
        }
    }
}

/// Follows the CSV quoting of what passes through (a `"` toggles quoting; `""` toggles twice)
/// to know the row, the field and their lengths.
pub(crate) struct Bounded<R> {
    inner: R,
    line: u64,
    row_line: u64,
    column: usize,
    field_bytes: usize,
    row_bytes: usize,
    quoted: bool,
    overflow: Option<Overflow>,
}

impl<R: Read> Bounded<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            line: 1,
            row_line: 1,
            column: 0,
            field_bytes: 0,
            row_bytes: 0,
            quoted: false,
            overflow: None,
        }
    }

    /// Where the stream was cut, if it was.
    pub fn overflow(&self) -> Option<Overflow> {
        self.overflow
    }

    fn scan(&mut self, bytes: &[u8]) -> Option<Overflow> {
        for &b in bytes {
            match b {
                b'"' => self.quoted = !self.quoted,
                b',' if !self.quoted => {
                    self.column += 1;
                    self.field_bytes = 0;
                    continue;
                }
                b'\n' => {
                    self.line += 1;
                    if !self.quoted {
                        self.row_line = self.line;
                        self.column = 0;
                        self.field_bytes = 0;
                        self.row_bytes = 0;
                        continue;
                    }
                }
                _ => {}
            }
            self.field_bytes += 1;
            self.row_bytes += 1;
            if self.field_bytes > MAX_FIELD_BYTES || self.row_bytes > MAX_ROW_BYTES {
                return Some(Overflow {
                    line: self.row_line,
                    column: self.column,
                    row: self.field_bytes <= MAX_FIELD_BYTES,
                });
            }
        }
        None
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.overflow.is_some() {
            return Err(io::Error::other(
                "the input was cut at a field or row too long",
            ));
        }
        let n = self.inner.read(buf)?;
        if let Some(overflow) = self.scan(&buf[..n]) {
            self.overflow = Some(overflow);
            return Err(io::Error::other(
                "the input was cut at a field or row too long",
            ));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &[u8]) -> Option<Overflow> {
        let mut reader = Bounded::new(text);
        let mut sink = Vec::new();
        let _ = reader.read_to_end(&mut sink);
        reader.overflow()
    }

    #[test]
    fn fields_and_rows_under_their_caps_pass() {
        let field = "x".repeat(MAX_FIELD_BYTES);
        let text = format!("a,b\n{field},\"{}\"\n", "y".repeat(MAX_FIELD_BYTES - 2));
        assert_eq!(cut(text.as_bytes()), None);
    }

    #[test]
    fn a_long_field_is_cut_naming_its_line_and_column() {
        let text = format!("a,b\n1,2\n3,{}\n", "z".repeat(MAX_FIELD_BYTES + 1));
        assert_eq!(
            cut(text.as_bytes()),
            Some(Overflow {
                line: 3,
                column: 1,
                row: false
            })
        );
    }

    #[test]
    fn quoted_commas_and_newlines_stay_in_their_field() {
        let long = "q".repeat(MAX_FIELD_BYTES);
        let text = format!("a,b\n\"x,\ny\",{long}z\n");
        assert_eq!(
            cut(text.as_bytes()),
            Some(Overflow {
                line: 2,
                column: 1,
                row: false
            })
        );
    }

    #[test]
    fn a_long_row_of_short_fields_is_cut() {
        let field = "w".repeat(1000);
        let row = vec![field; MAX_ROW_BYTES / 1000 + 1].join(",");
        let got = cut(format!("a\n{row}\n").as_bytes()).expect("cut");
        assert!(got.row && got.line == 2, "{got:?}");
    }

    #[test]
    fn zeros_without_a_line_end_are_cut_in_the_header() {
        let zeros = vec![0u8; MAX_FIELD_BYTES * 2];
        assert_eq!(
            cut(&zeros),
            Some(Overflow {
                line: 1,
                column: 0,
                row: false
            })
        );
    }
}
