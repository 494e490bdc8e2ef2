//! The identifiers that act as keys — accession numbers, site and batch codes, usernames, API
//! token labels, organization names — and the characters and length each may have, so that a
//! look-alike (a zero-width space, a right-to-left mark, another normal form) can never become a
//! second case, and no key can climb a path (`/`, `\`, `..`) or hide a control character.
//!
//! Codes (accession, site, batch) and usernames are ASCII: a letter or digit first, then letters,
//! digits, `-`, `_`, `.` (never `..`). Names (organizations, token labels) are Unicode text in
//! NFC: letters of any script, digits, marks, punctuation, symbols and single ASCII spaces inside;
//! never a control or format character (Unicode Cc/Cf: U+200B, U+200E/F, U+202A–202E,
//! U+2066–2069, U+FEFF, …), a line or paragraph separator, a private-use character, another kind
//! of space, a path separator or `..`.

use unicode_normalization::is_nfc;

use crate::DomainError;

/// An identifier kind, with its character set and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    /// A remains case's accession number, e.g. `HW-2019-0001`.
    Accession,
    /// A recovery site's code, e.g. `CW-001`.
    SiteCode,
    /// A repatriation batch's code, e.g. `KR-CN-9`.
    BatchCode,
    /// A login name, e.g. `kim.anthro`.
    Username,
    /// An API token's label, e.g. `nightly import`.
    TokenLabel,
    /// An organization's name, e.g. `Ministry of Veterans Affairs (中华人民共和国退役军人事务部)`.
    OrganizationName,
}

impl Identifier {
    /// Every kind.
    pub const ALL: [Identifier; 6] = [
        Identifier::Accession,
        Identifier::SiteCode,
        Identifier::BatchCode,
        Identifier::Username,
        Identifier::TokenLabel,
        Identifier::OrganizationName,
    ];

    /// The field named in errors.
    pub fn field(self) -> &'static str {
        match self {
            Identifier::Accession => "accession",
            Identifier::SiteCode => "code",
            Identifier::BatchCode => "batch",
            Identifier::Username => "username",
            Identifier::TokenLabel => "label",
            Identifier::OrganizationName => "organization",
        }
    }

    /// The most characters (Unicode scalar values) it may have.
    pub fn max_chars(self) -> usize {
        match self {
            Identifier::Accession | Identifier::SiteCode | Identifier::BatchCode => 64,
            Identifier::Username => 64,
            Identifier::TokenLabel => 100,
            Identifier::OrganizationName => 200,
        }
    }

    /// Whether it is an ASCII code rather than a name.
    fn is_code(self) -> bool {
        !matches!(self, Identifier::TokenLabel | Identifier::OrganizationName)
    }

    /// Whether `c` may appear in it (position rules aside).
    pub fn allows(self, c: char) -> bool {
        if self.is_code() {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
        } else {
            name_char(c)
        }
    }

    /// Checks `value`, naming the field and the first bad character (as U+XXXX) or rule.
    pub fn check(self, value: &str) -> Result<(), DomainError> {
        let field = self.field();
        let bad = |reason: String| Err(DomainError::invalid(field, reason));
        if value.trim().is_empty() {
            return bad("must not be empty".into());
        }
        let count = value.chars().count();
        if count > self.max_chars() {
            return bad(format!(
                "is {count} characters long; at most {} are allowed",
                self.max_chars()
            ));
        }
        if let Some(c) = value.chars().find(|&c| !self.allows(c)) {
            return bad(format!(
                "\"{}\" contains {}, which {} may not hold ({})",
                shown(value),
                describe(c),
                what(self),
                self.rule()
            ));
        }
        if value.contains("..") {
            return bad(format!("\"{}\" must not contain \"..\"", shown(value)));
        }
        if self.is_code() {
            if !value.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                return bad(format!(
                    "\"{}\" must start with a letter or a digit",
                    shown(value)
                ));
            }
        } else {
            if value.starts_with(' ') || value.ends_with(' ') || value.contains("  ") {
                return bad(format!(
                    "\"{}\" must not start or end with a space or hold two in a row",
                    shown(value)
                ));
            }
            if !is_nfc(value) {
                return bad(format!(
                    "\"{}\" is not in Unicode normal form C (NFC); compose it first",
                    shown(value)
                ));
            }
        }
        Ok(())
    }

    /// The character set, for messages.
    fn rule(self) -> &'static str {
        if self.is_code() {
            "letters A–Z, digits, '-', '_' and '.'"
        } else {
            "no control, format, separator or private-use character, no '/' or '\\', only plain spaces"
        }
    }
}

fn what(kind: Identifier) -> &'static str {
    match kind {
        Identifier::Accession => "an accession number",
        Identifier::SiteCode => "a site code",
        Identifier::BatchCode => "a batch code",
        Identifier::Username => "a username",
        Identifier::TokenLabel => "a token label",
        Identifier::OrganizationName => "an organization name",
    }
}

/// The value for a message: at most 40 characters, control and format characters escaped.
fn shown(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if name_char(c) || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        }
    }
    out
}

fn describe(c: char) -> String {
    if c.is_ascii_graphic() || c == ' ' {
        format!("'{c}' (U+{:04X})", u32::from(c))
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

/// A character a name may hold.
fn name_char(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !(c.is_control()
        || is_format(c)
        || c.is_whitespace()
        || is_private_use(c)
        || is_noncharacter(c)
        || matches!(c, '/' | '\\'))
}

/// Unicode general category Cf (format characters), Unicode 15.1.
pub fn is_format(c: char) -> bool {
    matches!(u32::from(c),
        0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F)
}

/// Unicode general category Co (private use).
fn is_private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Unicode noncharacters (U+FDD0–FDEF and the last two of every plane).
fn is_noncharacter(c: char) -> bool {
    let v = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&v) || v & 0xFFFE == 0xFFFE
}
