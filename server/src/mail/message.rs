//! One catalog text: a string with named `{placeholders}`, or plural forms by CLDR
//! category; how a file's texts are read (with their lines, for the start-up's messages),
//! compared with English's, and filled in.

use icu_plurals::PluralCategory;
use std::collections::{BTreeMap, BTreeSet};

/// One text: a string, or one string per plural category (CLDR names, `other` always).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Text(String),
    Plural(BTreeMap<String, String>),
}

impl Message {
    fn forms(&self) -> Vec<&str> {
        match self {
            Message::Text(text) => vec![text],
            Message::Plural(forms) => forms.values().map(String::as_str).collect(),
        }
    }

    /// The names of every `{placeholder}` of every form.
    pub fn placeholders(&self) -> BTreeSet<String> {
        self.forms().into_iter().flat_map(placeholders).collect()
    }
}

/// A text and where it was read (for the start-up's messages).
#[derive(Clone, Debug)]
pub struct Entry {
    pub message: Message,
    pub file: String,
    pub line: usize,
}

/// A file's texts by key, each with its line.
pub fn parse(file: &str, text: &str) -> Result<Vec<(String, Entry)>, String> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
        .map_err(|e| format!("mail texts {file}, line {}: {e}", e.line()))?;
    object
        .into_iter()
        .map(|(key, value)| {
            let line = line_of(text, &key);
            let at = || format!("mail texts {file}, line {line}: {key:?}");
            let message = match value {
                serde_json::Value::String(text) => Message::Text(text),
                serde_json::Value::Object(forms) => {
                    let mut plural = BTreeMap::new();
                    for (category, form) in forms {
                        if PluralCategory::get_for_cldr_string(&category).is_none() {
                            return Err(format!("{}: {category:?} is not a plural category (zero, one, two, few, many, other)", at()));
                        }
                        let serde_json::Value::String(form) = form else {
                            return Err(format!("{}: the {category} form is not a string", at()));
                        };
                        plural.insert(category, form);
                    }
                    if !plural.contains_key("other") {
                        return Err(format!("{}: a plural text needs its \"other\" form", at()));
                    }
                    Message::Plural(plural)
                }
                _ => {
                    return Err(format!(
                        "{}: a text is a string or an object of plural forms",
                        at()
                    ))
                }
            };
            Ok((
                key,
                Entry {
                    message,
                    file: file.to_string(),
                    line,
                },
            ))
        })
        .collect()
}

/// The line of `"key":` in a JSON file's text (1 when it cannot be found).
pub fn line_of(text: &str, key: &str) -> usize {
    let quoted = serde_json::to_string(key).unwrap_or_default();
    let mut from = 0;
    while let Some(found) = text[from..].find(&quoted) {
        let at = from + found;
        if text[at + quoted.len()..].trim_start().starts_with(':') {
            return text[..at].matches('\n').count() + 1;
        }
        from = at + quoted.len();
    }
    1
}

/// Why `text` does not match English's `source` in a language with `categories`.
pub fn compare(
    text: &Message,
    source: &Message,
    categories: &BTreeSet<String>,
) -> Result<(), String> {
    let (have, want) = (text.placeholders(), source.placeholders());
    if let Some(extra) = have.difference(&want).next() {
        return Err(format!("has {{{extra}}}, which the English text has not"));
    }
    if let Some(lacking) = want.difference(&have).next() {
        return Err(format!("lacks {{{lacking}}}, which the English text has"));
    }
    match (text, source) {
        (Message::Text(_), Message::Text(_)) => Ok(()),
        (Message::Plural(_), Message::Text(_)) => {
            Err("is plural forms, but the English text is a plain string".into())
        }
        // A language with one form only (ja, zh) may write it as a plain string.
        (Message::Text(_), Message::Plural(_)) if categories.len() == 1 => Ok(()),
        (Message::Text(_), Message::Plural(_)) => Err(format!(
            "needs plural forms ({}), as the English text has",
            names(categories)
        )),
        (Message::Plural(forms), Message::Plural(_)) => {
            let given: BTreeSet<String> = forms.keys().cloned().collect();
            if given != *categories {
                return Err(format!(
                    "has the plural forms {}; its language needs {}",
                    names(&given),
                    names(categories)
                ));
            }
            Ok(())
        }
    }
}

fn names(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// The `{name}`s of a text.
fn placeholders(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split('{').skip(1).filter_map(|rest| {
        let name = rest.split_once('}')?.0;
        is_name(name).then(|| name.to_string())
    })
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `text` with each `{name}` replaced by `value(name)` and the rest passed through
/// `literal`; other braces stay as they are.
pub fn fill(
    text: &str,
    literal: &dyn Fn(&str) -> String,
    value: impl Fn(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut plain = String::new();
    while let Some(open) = rest.find('{') {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.split_once('}').filter(|(name, _)| is_name(name)) {
            Some((name, tail)) => {
                out.push_str(&literal(&std::mem::take(&mut plain)));
                out.push_str(&value(name)?);
                rest = tail;
            }
            None => {
                plain.push('{');
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    out.push_str(&literal(&plain));
    Ok(out)
}
