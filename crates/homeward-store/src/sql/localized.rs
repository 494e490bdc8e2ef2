//! Names in three languages as stored: the original in one column, each language's form in the
//! columns `{original}_ko`, `{original}_zh`, `{original}_en` (migration 0007); officials as JSON
//! (a string as entered, or `{"title": NAME, "name": NAME or null}`).

use homeward_domain::{LocalizedName, NameLanguage, Official};
use serde_json::{Map, Value};
use sqlx::any::AnyRow;

use crate::error::StoreResult;
use crate::sql::row::{Get, corrupt};

/// A name read from the original column `original` and its language columns named in `cols`
/// (ko, zh, en, in that order).
pub(crate) fn name_from(
    r: &AnyRow,
    original: &'static str,
    cols: [&'static str; 3],
) -> StoreResult<LocalizedName> {
    let [ko, zh, en] = cols;
    Ok(LocalizedName {
        ko: r.opt_text(ko)?,
        zh: r.opt_text(zh)?,
        en: r.opt_text(en)?,
        original: r.text(original)?,
    })
}

fn name_value(n: &LocalizedName) -> Value {
    let mut m = Map::new();
    for lang in NameLanguage::ALL {
        if let Some(t) = n.get(lang) {
            m.insert(lang.code().to_owned(), Value::String(t.to_owned()));
        }
    }
    m.insert("original".into(), Value::String(n.original.clone()));
    Value::Object(m)
}

fn name_of(v: &Value) -> Option<LocalizedName> {
    let m = v.as_object()?;
    let text = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(LocalizedName {
        ko: text("ko"),
        zh: text("zh"),
        en: text("en"),
        original: text("original")?,
    })
}

/// Officials as stored: a JSON array of one object each (a title and, where recorded, a name).
pub(crate) fn officials_json(officials: &[Official]) -> String {
    let one = |o: &Official| {
        let mut m = Map::new();
        m.insert("title".into(), name_value(&o.title));
        m.insert(
            "name".into(),
            o.name.as_ref().map_or(Value::Null, name_value),
        );
        Value::Object(m)
    };
    Value::Array(officials.iter().map(one).collect()).to_string()
}

/// Officials read back from `col`'s text: each element an object, or a string as entered.
pub(crate) fn officials_from(
    col: &'static str,
    text: Option<String>,
) -> StoreResult<Vec<Official>> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    let items: Vec<Value> = serde_json::from_str(&text).map_err(|e| corrupt(col, e))?;
    items
        .iter()
        .map(|v| match v {
            Value::String(s) => Some(Official::entered(s.clone())),
            Value::Object(m) => Some(Official {
                title: name_of(m.get("title")?)?,
                name: match m.get("name") {
                    None | Some(Value::Null) => None,
                    Some(n) => Some(name_of(n)?),
                },
            }),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| corrupt(col, "an official is neither text nor {title, name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn officials_read_back_as_written_and_old_text_as_entered() {
        let officials = vec![
            Official {
                name: Some(LocalizedName::of("김", "金", "Kim", NameLanguage::Ko)),
                title: LocalizedName::of("차관", "副部长", "Vice Minister", NameLanguage::En),
            },
            Official::entered("Vice Minister Chang"),
        ];
        let json = officials_json(&officials);
        assert_eq!(officials_from("c", Some(json)).unwrap(), officials);
        let old = officials_from("c", Some(r#"["Vice Minister Kim"]"#.into())).unwrap();
        assert_eq!(old, [Official::entered("Vice Minister Kim")]);
        assert!(officials_from("c", Some("[1]".into())).is_err());
        assert!(officials_from("c", None).unwrap().is_empty());
    }
}
