//! One-shot notices across a redirect: a form that redirects back to its page leaves a notice in
//! a short-lived cookie, and the page shows it once and clears it.
//!
//! Only the notice's kind is trusted (it picks a translated headline); the detail is the English
//! refusal, shown escaped like any other text.

use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use crate::auth::cookie_value;
use crate::chrome::url_encode;
use crate::config::WebConfig;
use crate::error::ApiError;
use crate::i18n::Tr;

/// The cookie that carries a notice to the next page.
pub const FLASH_COOKIE: &str = "hw_flash";

/// The longest detail kept (the cookie must stay well under 4 KB).
const MAX_DETAIL_CHARS: usize = 300;

/// What a notice says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// The examination was recorded.
    ExaminationSaved,
    /// The examination was refused.
    ExaminationRefused,
    /// The nationality assessment was recorded.
    NationalitySaved,
    /// The nationality assessment was refused.
    NationalityRefused,
    /// A repatriation batch's step was recorded.
    BatchStepSaved,
    /// A repatriation batch's step was refused.
    BatchStepRefused,
    /// The identification was recorded.
    IdentificationSaved,
    /// The identification was refused.
    IdentificationRefused,
    /// A handling event was recorded in the custody ledger.
    CustodySaved,
    /// A handling event was refused.
    CustodyRefused,
    /// A name of a place or unit was recorded in the gazetteer.
    NameSaved,
    /// A name of a place or unit was refused.
    NameRefused,
}

impl NoticeKind {
    const ALL: [NoticeKind; 12] = [
        NoticeKind::ExaminationSaved,
        NoticeKind::ExaminationRefused,
        NoticeKind::NationalitySaved,
        NoticeKind::NationalityRefused,
        NoticeKind::BatchStepSaved,
        NoticeKind::BatchStepRefused,
        NoticeKind::IdentificationSaved,
        NoticeKind::IdentificationRefused,
        NoticeKind::CustodySaved,
        NoticeKind::CustodyRefused,
        NoticeKind::NameSaved,
        NoticeKind::NameRefused,
    ];

    fn code(self) -> &'static str {
        match self {
            NoticeKind::ExaminationSaved => "examination-saved",
            NoticeKind::ExaminationRefused => "examination-refused",
            NoticeKind::NationalitySaved => "nationality-saved",
            NoticeKind::NationalityRefused => "nationality-refused",
            NoticeKind::BatchStepSaved => "batch-step-saved",
            NoticeKind::BatchStepRefused => "batch-step-refused",
            NoticeKind::IdentificationSaved => "identification-saved",
            NoticeKind::IdentificationRefused => "identification-refused",
            NoticeKind::CustodySaved => "custody-saved",
            NoticeKind::CustodyRefused => "custody-refused",
            NoticeKind::NameSaved => "name-saved",
            NoticeKind::NameRefused => "name-refused",
        }
    }

    /// Whether this tells of a refusal.
    pub fn is_refusal(self) -> bool {
        matches!(
            self,
            NoticeKind::ExaminationRefused
                | NoticeKind::NationalityRefused
                | NoticeKind::BatchStepRefused
                | NoticeKind::IdentificationRefused
                | NoticeKind::CustodyRefused
                | NoticeKind::NameRefused
        )
    }

    /// The headline, in the page's language.
    pub fn headline(self, t: &Tr) -> String {
        match self {
            NoticeKind::ExaminationSaved => t.get("notice-examination-saved"),
            NoticeKind::ExaminationRefused => t.get("notice-examination-refused"),
            NoticeKind::NationalitySaved => t.get("notice-nationality-saved"),
            NoticeKind::NationalityRefused => t.get("notice-nationality-refused"),
            NoticeKind::BatchStepSaved => t.get("notice-batch-step-saved"),
            NoticeKind::BatchStepRefused => t.get("notice-batch-step-refused"),
            NoticeKind::IdentificationSaved => t.get("notice-identification-saved"),
            NoticeKind::IdentificationRefused => t.get("notice-identification-refused"),
            NoticeKind::CustodySaved => t.get("notice-custody-saved"),
            NoticeKind::CustodyRefused => t.get("notice-custody-refused"),
            NoticeKind::NameSaved => t.get("notice-name-saved"),
            NoticeKind::NameRefused => t.get("notice-name-refused"),
        }
    }
}

/// A notice for the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// What happened.
    pub kind: NoticeKind,
    /// The refusal's message, or empty.
    pub detail: String,
}

impl Flash {
    /// The `Set-Cookie` value that carries this notice for two minutes.
    pub fn cookie(&self, config: &WebConfig) -> String {
        let detail: String = self.detail.chars().take(MAX_DETAIL_CHARS).collect();
        format!(
            "{FLASH_COOKIE}={}.{}; Path=/; Max-Age=120; HttpOnly; SameSite=Strict{}",
            self.kind.code(),
            url_encode(&detail),
            config.cookie_suffix()
        )
    }

    /// The notice a request carries, if any (an unknown kind is ignored).
    pub fn from_headers(headers: &HeaderMap) -> Option<Flash> {
        let value = cookie_value(headers, FLASH_COOKIE)?;
        let (code, detail) = value.split_once('.').unwrap_or((value, ""));
        let kind = NoticeKind::ALL.into_iter().find(|k| k.code() == code)?;
        Some(Flash {
            kind,
            detail: url_decode(detail),
        })
    }
}

/// The `Set-Cookie` value that clears a shown notice.
pub fn cleared_cookie(config: &WebConfig) -> String {
    format!(
        "{FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{}",
        config.cookie_suffix()
    )
}

/// Decodes `%XX` escapes (invalid ones are kept as they are; invalid UTF-8 is replaced).
fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A message at the top of the case page: what a form did, or why it was refused.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Whether it tells of a refusal (shown as an alert).
    pub refusal: bool,
    /// The translated headline (may be empty).
    pub headline: String,
    /// The detail, naming the field at fault.
    pub detail: String,
}

impl Notice {
    /// A refusal shown on the page itself (not through the flash cookie).
    pub fn refused(err: ApiError) -> Self {
        Notice {
            refusal: true,
            headline: String::new(),
            detail: err.message,
        }
    }

    /// The notice a form left in the flash cookie, translated.
    pub(crate) fn from_flash(t: &Tr, flash: Flash) -> Self {
        Notice {
            refusal: flash.kind.is_refusal(),
            headline: flash.kind.headline(t),
            detail: flash.detail,
        }
    }

    /// The notice a form left for the page a request asks for, translated; the page shows it
    /// and answers through [`shown_once`].
    pub(crate) fn left(headers: &HeaderMap, t: &Tr) -> Option<Self> {
        Flash::from_headers(headers).map(|f| Notice::from_flash(t, f))
    }
}

/// A page's `response`, clearing the flash cookie when the page showed its notice (`shown`), so
/// that the notice is shown once.
pub(crate) fn shown_once(mut response: Response, config: &WebConfig, shown: bool) -> Response {
    if shown && let Ok(clear) = HeaderValue::from_str(&cleared_cookie(config)) {
        response.headers_mut().append(SET_COOKIE, clear);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::COOKIE;

    #[test]
    fn a_notice_survives_its_cookie() {
        let flash = Flash {
            kind: NoticeKind::ExaminationRefused,
            detail: "profile.age_range: 40–20 is not plausible; 王 \"x\"".into(),
        };
        let set = flash.cookie(&WebConfig::default());
        assert!(set.contains("HttpOnly") && !set.contains("Secure"), "{set}");
        let pair = set.split(';').next().unwrap();
        assert!(!pair.contains([' ', '"', ',', '\\']), "{pair}");
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_str(pair).unwrap());
        assert_eq!(Flash::from_headers(&headers), Some(flash));
    }

    #[test]
    fn unknown_notices_and_bad_escapes_are_harmless() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("hw_flash=hacked.hello"));
        assert_eq!(Flash::from_headers(&headers), None);
        assert_eq!(url_decode("100%25 %zz %E7%8E%8B"), "100% %zz 王");
    }
}
