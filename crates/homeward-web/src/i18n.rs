//! Languages: Korean, Chinese (simplified) and English, from Fluent files in `locales/`.
//!
//! The language is chosen per request — `?lang=` first (then remembered in a cookie), else the
//! cookie, else the browser's `Accept-Language`, else English — and passed explicitly to every
//! template as a [`Tr`]; there is no global "current locale".

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Uri, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use homeward_domain::{NameLanguage, Phrase, SystemText, TextArg};
use unic_langid::{LanguageIdentifier, langid};

use crate::auth::cookie_value;
use crate::config::WebConfig;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The cookie that remembers a language chosen with `?lang=`.
pub const LANG_COOKIE: &str = "hw_lang";

/// A language the UI is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Korean.
    Ko,
    /// Chinese, simplified script.
    Zh,
}

impl Lang {
    /// Every language, in the order of the switcher.
    pub const ALL: [Lang; 3] = [Lang::Ko, Lang::Zh, Lang::En];

    /// The code used in `?lang=`, the cookie and the `locales/` folder.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            Lang::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            Lang::Zh => "zh-Hans",
        }
    }

    /// The language's own name, for the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
            Lang::Zh => "简体中文",
        }
    }

    /// Parses a code or a language tag (`ko`, `ko-KR`, `zh-Hans-CN`, `EN-us`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The best language for an `Accept-Language` header (highest `q` first, ties in order).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut parts = item.split(';');
                let lang = Lang::from_tag(parts.next()?)?;
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|r| r.2)
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
            Lang::Ko => langid!("ko"),
            Lang::Zh => langid!("zh"),
        }
    }

    /// The language of names kept in three languages (`homeward_domain::LocalizedName`).
    pub fn names(self) -> NameLanguage {
        match self {
            Lang::En => NameLanguage::En,
            Lang::Ko => NameLanguage::Ko,
            Lang::Zh => NameLanguage::Zh,
        }
    }

    /// The value of `?lang=` in a query string, if it names a language.
    fn from_query(query: Option<&str>) -> Option<Lang> {
        query?
            .split('&')
            .find_map(|kv| kv.strip_prefix("lang="))
            .and_then(Lang::from_tag)
    }
}

impl Lang {
    /// The language of a request: `?lang=`, else the cookie, else `Accept-Language`, else English.
    pub fn of(uri: &Uri, headers: &HeaderMap) -> Lang {
        if let Some(lang) = Lang::from_query(uri.query()) {
            return lang;
        }
        if let Some(lang) = cookie_value(headers, LANG_COOKIE).and_then(Lang::from_tag) {
            return lang;
        }
        headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|h| h.to_str().ok())
            .and_then(Lang::from_accept_language)
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(&parts.uri, &parts.headers))
    }
}

/// Middleware: a `?lang=` choice is remembered in a cookie for a year.
pub async fn remember_language(
    State(config): State<WebConfig>,
    request: Request,
    next: Next,
) -> Response {
    let chosen = Lang::from_query(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
            lang.code(),
            config.cookie_suffix()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// A stored text as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredText {
    /// The text in the page's language (a system text) or as typed.
    pub text: String,
    /// Typed by a person (or an older row): the page marks it `translate="no"`.
    pub typed: bool,
}

/// A count with thousands separators: `1,011` (the separator is the same in ko, zh and en).
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A calendar date as a page shows it: `<time datetime="{iso}">{text}</time>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownDate {
    /// `YYYY-MM-DD`, for the `datetime` attribute.
    pub iso: String,
    /// The date as the page's language writes it ([`Tr::date`]).
    pub text: String,
}

/// A field that both people and the system write (a storage location, evidence, a status note,
/// a custody entry's details, an identification's basis, an audit detail) as the API gives it:
/// what a person typed, as typed; a text the system wrote (stored as a message id with
/// arguments, [`SystemText`]), in English. Pages show the system's texts in their language.
pub fn api_text(stored: &str) -> String {
    Tr::new(Lang::En).stored_text(stored)
}

/// A translator for one language, handed to templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    /// The language translated into.
    pub lang: Lang,
}

impl Tr {
    /// A translator into `lang`.
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// The message `id`; English if this language lacks it (a test keeps that from happening).
    pub fn get(&self, id: &str) -> String {
        LOCALES.lookup(&self.lang.langid(), id)
    }

    /// The message `id` with its `$seconds` argument filled in.
    pub fn with_seconds(&self, id: &str, seconds: u64) -> String {
        self.with(id, &[("seconds", FluentValue::from(seconds))])
    }

    /// The message `id` with its arguments filled in (`$name` → value).
    pub fn with(&self, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.clone()))
            .collect();
        LOCALES
            .lookup_with_args(&self.lang.langid(), id, &args)
            .replace(['\u{2068}', '\u{2069}'], "")
    }

    /// The message `id` with text arguments filled in (`$name` → text).
    pub fn with_text(&self, id: &str, args: &[(&'static str, &str)]) -> String {
        let args: Vec<(&'static str, FluentValue<'_>)> = args
            .iter()
            .map(|&(name, text)| (name, FluentValue::from(text)))
            .collect();
        self.with(id, &args)
    }

    /// An audit action code (`session.create`) as the reader says it; the code itself when it
    /// has no message (an action added later, or one from a newer instance).
    pub fn audit_action(&self, code: &str) -> String {
        let id = format!("audit-action-{}", code.replace('.', "-"));
        LOCALES
            .try_lookup(&self.lang.langid(), &id)
            .unwrap_or_else(|| code.to_owned())
    }

    /// A UTC time given as RFC 3339 (`2022-09-17T10:00:00Z`) written for the reader:
    /// `2022-09-17 10:00:00 UTC`, `2022년 9월 17일 10:00:00 UTC`, `2022年9月17日 10:00:00 UTC`.
    /// Text that is no such time is returned as it is.
    pub fn datetime(&self, rfc3339: &str) -> String {
        let Some((date, time)) = rfc3339.strip_suffix('Z').and_then(|t| t.split_once('T')) else {
            return rfc3339.to_owned();
        };
        format!("{} {time} UTC", self.date(date))
    }

    /// A calendar date `YYYY-MM-DD`, or a partial one (`YYYY-MM`, `YYYY`), written for the
    /// reader (`2022년 9월 17일`, `1951年5月`; English keeps the ISO form). Text that is no such
    /// date is returned as it is.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        let Some((y, rest)) = parts.split_first() else {
            return iso.to_owned();
        };
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) || rest.len() > 2 {
            return iso.to_owned();
        }
        // A partial date (the rolls' `1951-05`, `1951`) keeps only what is known.
        let two_digits = |p: &&str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
        if !rest.iter().all(two_digits) {
            return iso.to_owned();
        }
        let rest: Vec<u8> = rest.iter().filter_map(|p| p.parse().ok()).collect();
        match (self.lang, rest.as_slice()) {
            (Lang::En, _) => iso.to_owned(),
            (Lang::Ko, []) => format!("{y}년"),
            (Lang::Ko, [m]) => format!("{y}년 {m}월"),
            (Lang::Ko, [m, d]) => format!("{y}년 {m}월 {d}일"),
            (Lang::Zh, []) => format!("{y}年"),
            (Lang::Zh, [m]) => format!("{y}年{m}月"),
            (Lang::Zh, [m, d]) => format!("{y}年{m}月{d}日"),
            _ => iso.to_owned(),
        }
    }

    /// A text from a column that both people and the system write (custody details, status
    /// notes, audit details, storage locations): a [`SystemText`] in this language, or — text
    /// that is none — what a person typed (or an older row), as typed.
    pub fn stored(&self, raw: &str) -> StoredText {
        match SystemText::parse(raw) {
            Some(text) => StoredText {
                text: self.system_text(&text),
                typed: false,
            },
            None => StoredText {
                text: raw.to_owned(),
                typed: true,
            },
        }
    }

    /// [`Tr::stored`]'s text alone.
    pub fn stored_text(&self, raw: &str) -> String {
        self.stored(raw).text
    }

    /// A system text in this language: its phrases joined as the language joins clauses.
    pub fn system_text(&self, text: &SystemText) -> String {
        let separator = match self.lang {
            Lang::Zh => "；",
            Lang::En | Lang::Ko => "; ",
        };
        self.phrases(text, separator)
    }

    /// [`Tr::stored`] with a system text's phrases one a line, and typed text's clauses
    /// (`a; b`) too (the audit log's details).
    pub fn stored_lines(&self, raw: &str) -> StoredText {
        match SystemText::parse(raw) {
            Some(text) => StoredText {
                text: self.phrases(&text, "\n"),
                typed: false,
            },
            None => StoredText {
                text: raw.replace("; ", "\n"),
                typed: true,
            },
        }
    }

    fn phrases(&self, text: &SystemText, separator: &str) -> String {
        let phrases: Vec<String> = text.phrases.iter().map(|p| self.phrase(p)).collect();
        phrases.join(separator)
    }

    /// One phrase: its message with the arguments written for this language (dates as the
    /// language writes them, codes named by their messages). A message this version lacks (a
    /// text from a newer instance) shows its id and arguments rather than nothing.
    fn phrase(&self, phrase: &Phrase) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = phrase
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    // A text argument may itself be a system text (a basis the demo wrote).
                    TextArg::Text(t) => FluentValue::from(self.stored_text(t)),
                    // Grouped from 1,000 on, as text: a plural's selector then takes the
                    // `other` form, which is every language's form for such counts.
                    TextArg::Number(n) if n.unsigned_abs() >= 1000 => {
                        let sign = if *n < 0 { "-" } else { "" };
                        FluentValue::from(format!("{sign}{}", group(n.unsigned_abs())))
                    }
                    TextArg::Number(n) => FluentValue::from(*n),
                    TextArg::Date(d) => FluentValue::from(self.date(d)),
                    TextArg::Code { family, code } if family == "nat" => {
                        FluentValue::from(self.nationality(code))
                    }
                    TextArg::Code { family, code } => FluentValue::from(self.code(family, code)),
                    TextArg::Name(name) => FluentValue::from(name.shown(self.lang.names()).text),
                };
                (Cow::Owned(name.clone()), value)
            })
            .collect();
        match LOCALES.try_lookup_with_args(&self.lang.langid(), &phrase.id, &args) {
            Some(text) => text.replace(['\u{2068}', '\u{2069}'], ""),
            None => {
                let args: Vec<String> = phrase
                    .args
                    .iter()
                    .map(|(n, a)| format!("{n}: {a:?}"))
                    .collect();
                format!("{} ({})", phrase.id, args.join(", "))
            }
        }
    }

    /// Skeletal elements as recorded (`left femur`), each named in this language by its message
    /// (`element-left_femur`) where there is one, else as recorded; listed as the language lists.
    pub fn elements(&self, elements: &[String]) -> String {
        let named: Vec<String> = elements
            .iter()
            .map(|e| {
                self.code("element", &e.trim().replace(' ', "_"))
                    .replace('_', " ")
            })
            .collect();
        named.join(match self.lang {
            Lang::Zh => "、",
            Lang::En | Lang::Ko => ", ",
        })
    }

    /// A date `YYYY-MM-DD` (or anything that displays as one) for a `<time>` element.
    pub fn shown_date(&self, date: impl std::fmt::Display) -> ShownDate {
        let iso = date.to_string();
        ShownDate {
            text: self.date(&iso),
            iso,
        }
    }

    /// A nationality code as the visitor reads it (`un:US` → "UN Command: US").
    pub fn nationality(&self, code: &str) -> String {
        match code.strip_prefix("un:") {
            Some(cc) => format!("{}: {cc}", self.get("nat-un")),
            None => self.code("nat", code),
        }
    }

    /// The message `{prefix}-{code}`, e.g. `status-handed_over`; the code itself if there is none.
    pub fn code(&self, prefix: &str, code: &str) -> String {
        LOCALES
            .try_lookup(&self.lang.langid(), &format!("{prefix}-{code}"))
            .unwrap_or_else(|| code.to_owned())
    }
}

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
