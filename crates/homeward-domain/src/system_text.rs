//! Texts the system writes itself — a custody event's details, a status note, an audit line, a
//! storage location the system sets — kept as message ids with arguments, so each reader sees
//! them in their own language, never as a stored English sentence.
//!
//! **Stored form.** A [`SystemText`] lives in the same text column (or signed ledger field) as
//! the free text people type there, as a small JSON document: one phrase is an object
//! `{"msg":"sys-joins-batch","args":{"accession":"HW-1","batch":"KR-CN-1"}}`, several phrases
//! (read joined, e.g. "…; …") an array of such objects. An argument is a string (text shown as
//! it is: names, codes of records), an integer (a count, written for the locale), `{"date":
//! "YYYY-MM-DD"}` (a date, written for the locale), `{"code":"status","value":"buried"}` (a
//! code named by the message `status-buried`) or `{"original":"…","ko":"…","zh":"…","en":"…"}`
//! (a name kept in three languages, e.g. an organization's: shown in the reader's language). This keeps the columns, the API's field types and
//! the ledger's canonical encoding unchanged: no migration, and old rows still read — text that
//! is not such a document ([`SystemText::parse`] answers `None`) is what a person typed, shown
//! as typed. The domain writes and reads the form by hand (no serde in the domain); the web
//! renders the messages (`homeward-web/locales/*/main.ftl`, ids starting `sys-`).

use std::fmt::Write as _;

use crate::LocalizedName;

/// One argument of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextArg {
    /// Text shown as it is (a name, an accession number, a hash).
    Text(String),
    /// A number, written for the reader's locale.
    Number(i64),
    /// A calendar date `YYYY-MM-DD`, written for the reader's locale.
    Date(String),
    /// A code named by the message `{family}-{code}` (e.g. `status`, `buried`).
    Code {
        /// The message family, e.g. `status`, `batch-state`, `element`.
        family: String,
        /// The code.
        code: String,
    },
    /// A name kept in Korean, Chinese and English (an organization's, a place's), shown in the
    /// reader's language where recorded, else as entered.
    Name(LocalizedName),
}

/// One message with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The message id (`sys-…`).
    pub id: String,
    /// The arguments, by name.
    pub args: Vec<(String, TextArg)>,
}

/// A text the system writes: one or more phrases, read in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemText {
    /// The phrases, read joined.
    pub phrases: Vec<Phrase>,
}

impl Phrase {
    /// The message `id` without arguments.
    pub fn new(id: &str) -> Self {
        Phrase {
            id: id.to_owned(),
            args: Vec::new(),
        }
    }

    /// With the text argument `name`.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.args
            .push((name.to_owned(), TextArg::Text(value.into())));
        self
    }

    /// With the number argument `name`.
    pub fn number(mut self, name: &str, value: impl TryInto<i64>) -> Self {
        let value = value.try_into().unwrap_or(i64::MAX);
        self.args.push((name.to_owned(), TextArg::Number(value)));
        self
    }

    /// With the date argument `name` (`YYYY-MM-DD`, or anything that displays as one).
    pub fn date(mut self, name: &str, value: impl std::fmt::Display) -> Self {
        self.args
            .push((name.to_owned(), TextArg::Date(value.to_string())));
        self
    }

    /// With the argument `name` naming `code` of the message family `family`.
    pub fn code(mut self, name: &str, family: &str, code: impl Into<String>) -> Self {
        let (family, code) = (family.to_owned(), code.into());
        self.args
            .push((name.to_owned(), TextArg::Code { family, code }));
        self
    }

    /// With the argument `name`: a name in three languages.
    pub fn name(mut self, name: &str, value: &LocalizedName) -> Self {
        self.args
            .push((name.to_owned(), TextArg::Name(value.clone())));
        self
    }

    /// This phrase alone, as a [`SystemText`].
    pub fn alone(self) -> SystemText {
        SystemText {
            phrases: vec![self],
        }
    }

    /// This phrase's stored form (see the module docs).
    pub fn stored(self) -> String {
        self.alone().stored()
    }

    fn write_json(&self, out: &mut String) {
        out.push_str("{\"msg\":");
        write_string(out, &self.id);
        if !self.args.is_empty() {
            out.push_str(",\"args\":{");
            for (i, (name, arg)) in self.args.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, name);
                out.push(':');
                match arg {
                    TextArg::Text(t) => write_string(out, t),
                    TextArg::Number(n) => {
                        let _ = write!(out, "{n}");
                    }
                    TextArg::Date(d) => {
                        out.push_str("{\"date\":");
                        write_string(out, d);
                        out.push('}');
                    }
                    TextArg::Code { family, code } => {
                        out.push_str("{\"code\":");
                        write_string(out, family);
                        out.push_str(",\"value\":");
                        write_string(out, code);
                        out.push('}');
                    }
                    TextArg::Name(n) => {
                        out.push_str("{\"original\":");
                        write_string(out, &n.original);
                        for (key, form) in [("ko", &n.ko), ("zh", &n.zh), ("en", &n.en)] {
                            if let Some(form) = form {
                                let _ = write!(out, ",\"{key}\":");
                                write_string(out, form);
                            }
                        }
                        out.push('}');
                    }
                }
            }
            out.push('}');
        }
        out.push('}');
    }
}

impl SystemText {
    /// The text of `phrases`, read in order.
    pub fn of(phrases: Vec<Phrase>) -> Self {
        SystemText { phrases }
    }

    /// The stored form (see the module docs): an object for one phrase, an array for several.
    pub fn stored(&self) -> String {
        let mut out = String::new();
        if let [one] = &self.phrases[..] {
            one.write_json(&mut out);
            return out;
        }
        out.push('[');
        for (i, p) in self.phrases.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            p.write_json(&mut out);
        }
        out.push(']');
        out
    }

    /// The system text stored as `stored`; `None` for text that is not one (what a person
    /// typed, or a row written before system texts were stored so).
    pub fn parse(stored: &str) -> Option<SystemText> {
        let mut p = Parser {
            s: stored.trim().as_bytes(),
            i: 0,
        };
        let phrases = if p.peek() == Some(b'[') {
            p.i += 1;
            let mut phrases = Vec::new();
            loop {
                phrases.push(p.phrase()?);
                match p.next()? {
                    b',' => continue,
                    b']' => break,
                    _ => return None,
                }
            }
            phrases
        } else {
            vec![p.phrase()?]
        };
        p.skip_ws();
        (p.i == p.s.len()).then_some(SystemText { phrases })
    }
}

/// The name being read, begun empty at its first form.
fn form(name: &mut Option<LocalizedName>) -> &mut LocalizedName {
    name.get_or_insert_with(|| LocalizedName::original(""))
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A reader of the stored form only (not a general JSON parser): objects, strings, integers.
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let b = *self.s.get(self.i)?;
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
                            self.i += 4;
                            char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                b => out.push(b),
            }
        }
    }

    fn integer(&mut self) -> Option<i64> {
        self.skip_ws();
        let start = self.i;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    /// `{"k": v, …}`, each pair read by `pair`.
    fn object(&mut self, mut pair: impl FnMut(&mut Self, String) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            pair(self, key)?;
            match self.next()? {
                b',' => continue,
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    fn arg(&mut self) -> Option<TextArg> {
        match self.peek()? {
            b'"' => self.string().map(TextArg::Text),
            b'{' => {
                let (mut date, mut family, mut code) = (None, None, None);
                let mut name: Option<LocalizedName> = None;
                self.object(|p, key| {
                    let value = Some(p.string()?);
                    match key.as_str() {
                        "date" => date = value,
                        "code" => family = value,
                        "value" => code = value,
                        "original" => form(&mut name).original = value?,
                        "ko" => form(&mut name).ko = value,
                        "zh" => form(&mut name).zh = value,
                        "en" => form(&mut name).en = value,
                        _ => return None,
                    }
                    Some(())
                })?;
                match (date, family, code, name) {
                    (Some(d), None, None, None) => Some(TextArg::Date(d)),
                    (None, Some(family), Some(code), None) => Some(TextArg::Code { family, code }),
                    (None, None, None, Some(n)) => Some(TextArg::Name(n)),
                    _ => None,
                }
            }
            _ => self.integer().map(TextArg::Number),
        }
    }

    fn phrase(&mut self) -> Option<Phrase> {
        let (mut id, mut args) = (None, Vec::new());
        self.object(|p, key| {
            match key.as_str() {
                "msg" => id = Some(p.string()?),
                "args" => p.object(|p, name| {
                    args.push((name, p.arg()?));
                    Some(())
                })?,
                _ => return None,
            }
            Some(())
        })?;
        let id = id.filter(|id| {
            id.starts_with("sys-")
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })?;
        Some(Phrase { id, args })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_reads_back_as_it_was_stored() {
        let one = Phrase::new("sys-joins-batch")
            .text("accession", "HW-1 \"a\" \\ 王德明\n")
            .number("count", 1_234)
            .date("on", "2026-12-07")
            .code("step", "batch-state", "jointly_verified");
        let stored = one.clone().stored();
        assert_eq!(SystemText::parse(&stored), Some(one.clone().alone()));
        let named = Phrase::new("sys-test-flag").name(
            "organization",
            &LocalizedName {
                ko: Some("국방부".into()),
                zh: None,
                en: Some("Ministry of National Defense".into()),
                original: "Ministry of National Defense".into(),
            },
        );
        let two = SystemText::of(vec![one, named]);
        assert!(two.stored().starts_with('['));
        assert_eq!(SystemText::parse(&two.stored()), Some(two));
    }

    #[test]
    fn typed_and_old_text_is_no_system_text() {
        for text in [
            "",
            "Received from MND in batch 7",
            "{\"msg\":\"nav-dashboard\"}",
            "{\"msg\":\"sys-test-x\"} trailing",
            "{\"msg\":\"sys-test-x\",\"other\":1}",
            "[{\"msg\":\"sys-test-x\"},]",
            "{\"msg\":\"sys-test-x\",\"args\":{\"d\":{\"date\":1}}}",
        ] {
            assert_eq!(SystemText::parse(text), None, "{text}");
        }
        assert_eq!(
            SystemText::parse(" {\"msg\" : \"sys-test-x\", \"args\": {\"n\": -3}} "),
            Some(Phrase::new("sys-test-x").number("n", -3).alone())
        );
    }
}
