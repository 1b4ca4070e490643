//! The emails' templates: minijinja files per language, `LANG/KIND.txt` (the subject in its
//! `subject` block, and the plain-text part) and `LANG/KIND.html` (the HTML part), with
//! shared `_layout` and `_parts` files. English and German are built into the binary
//! (`server/mail-templates/`); `--mail-templates DIR` overrides any of them file by file
//! and may add languages (a folder per language with every file). Every template is
//! parsed and rendered with sample emails at start, so a broken one stops the start with
//! the file, the line and why, never a send.

use super::{format, MailEvent, MailKind, Store};
use cancel_policy::{Money, Timestamp};
use minijinja::value::Serde;
use minijinja::{
    context, AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior, Value,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in files, by template name (`en/cancelled.txt`).
macro_rules! built_in {
    ($($lang:literal: [$($file:literal),*]),*) => {
        &[$($(
            (concat!($lang, "/", $file), include_str!(concat!("../../mail-templates/", $lang, "/", $file))),
        )*)*]
    };
}

const BUILT_IN: &[(&str, &str)] = built_in! {
    "en": ["_layout.txt", "_layout.html", "_parts.txt", "_parts.html",
           "cancelled.txt", "cancelled.html", "request_received.txt", "request_received.html",
           "request_approved.txt", "request_approved.html", "request_denied.txt", "request_denied.html",
           "refund_issued.txt", "refund_issued.html", "refund_failed.txt", "refund_failed.html"],
    "de": ["_layout.txt", "_layout.html", "_parts.txt", "_parts.html",
           "cancelled.txt", "cancelled.html", "request_received.txt", "request_received.html",
           "request_approved.txt", "request_approved.html", "request_denied.txt", "request_denied.html",
           "refund_issued.txt", "refund_issued.html", "refund_failed.txt", "refund_failed.html"]
};

/// Every file a language needs, its shared ones first.
fn files_of_a_language() -> Vec<String> {
    let mut files: Vec<String> = ["_layout.txt", "_layout.html", "_parts.txt", "_parts.html"]
        .map(String::from)
        .to_vec();
    for kind in MailKind::ALL {
        files.push(format!("{}.txt", kind.as_str()));
        files.push(format!("{}.html", kind.as_str()));
    }
    files
}

/// An email written out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The loaded, checked templates.
pub struct Templates {
    env: Environment<'static>,
    /// Languages with every file, sorted.
    locales: Vec<String>,
    /// Where an overridden template's file is, for error messages.
    dir: Option<PathBuf>,
}

/// A language folder's name: `de`, `pt-BR`.
fn is_language_tag(name: &str) -> bool {
    let mut parts = name.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl Templates {
    /// The built-in templates, with `dir`'s files over them; every language checked.
    pub fn load(dir: Option<&Path>) -> Result<Templates, String> {
        let mut languages: Vec<String> = vec!["de".into(), "en".into()];
        if let Some(dir) = dir {
            let entries = std::fs::read_dir(dir)
                .map_err(|e| format!("--mail-templates {}: {e}", dir.display()))?;
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() && is_language_tag(&name) && !languages.contains(&name) {
                    languages.push(name);
                }
            }
            languages.sort();
        }
        let overrides = dir.map(Path::to_path_buf);
        let mut env = Environment::new();
        let loader_dir = overrides.clone();
        env.set_loader(move |name| load_file(loader_dir.as_deref(), name));
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        // A block tag alone on its line leaves no blank line behind in the plain text.
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        env.add_filter("money", money_filter);
        env.add_filter("date", date_filter);
        env.add_filter("datetime", datetime_filter);
        let templates = Templates {
            env,
            locales: languages,
            dir: overrides,
        };
        templates.check()?;
        Ok(templates)
    }

    /// The languages emails can be written in.
    pub fn locales(&self) -> &[String] {
        &self.locales
    }

    /// The first language of an `Accept-Language` value the templates have, else `default`.
    pub fn pick_locale(&self, accept_language: Option<&str>, default: &str) -> String {
        pick_locale(&self.locales, accept_language, default)
    }

    /// Writes `event` out for `store`.
    pub fn render(&self, event: &MailEvent, store: &Store) -> Result<Rendered, String> {
        let context = context! {
            store => context! {
                name => &store.name,
                support_url => &store.support_url,
            },
            order_url => store.order_url(&event.order),
            ..Value::from(Serde(event))
        };
        let base = format!("{}/{}", event.locale, event.kind.as_str());
        let explain = |e: Error| self.explain(e);
        let text_template = self
            .env
            .get_template(&format!("{base}.txt"))
            .map_err(explain)?;
        let mut captured = text_template
            .render_captured(context.clone())
            .map_err(explain)?;
        let subject = captured
            .with_state_mut(|state| state.render_block("subject"))
            .map_err(explain)?;
        let html = self
            .env
            .get_template(&format!("{base}.html"))
            .and_then(|t| t.render(context))
            .map_err(explain)?;
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        if subject.is_empty() {
            return Err(format!(
                "mail template {base}.txt: the subject block is empty"
            ));
        }
        Ok(Rendered {
            subject,
            text: captured.into_output().trim().to_string() + "\n",
            html,
        })
    }

    /// A template error as the start-up message: the file, the line and why.
    fn explain(&self, error: Error) -> String {
        let name = error.name().unwrap_or("?").to_string();
        let file = match &self.dir {
            Some(dir) if dir.join(&name).is_file() => dir.join(&name).display().to_string(),
            _ => format!("built-in {name}"),
        };
        let line = error
            .line()
            .map(|l| format!(", line {l}"))
            .unwrap_or_default();
        let why = match error.detail() {
            Some(detail) => format!("{}: {detail}", error.kind()),
            None => error.kind().to_string(),
        };
        format!("mail template {file}{line}: {why}")
    }

    /// Every file of every language is there and parses, and every kind renders with
    /// sample emails of each shape (whole and partial, seller and deadline, every field).
    fn check(&self) -> Result<(), String> {
        for locale in &self.locales {
            for file in files_of_a_language() {
                self.env
                    .get_template(&format!("{locale}/{file}"))
                    .map_err(|e| match e.kind() {
                        ErrorKind::TemplateNotFound => format!(
                            "mail templates: language {locale} has no {file} (a language folder needs all of: {})",
                            files_of_a_language().join(", ")
                        ),
                        _ => self.explain(e),
                    })?;
            }
            let store = Store {
                name: "Sample Store".into(),
                support_url: Some("https://shop.example/help".into()),
                order_url_template: Some("https://shop.example/orders/{order_id}".into()),
            };
            let bare = Store {
                support_url: None,
                order_url_template: None,
                ..store.clone()
            };
            for event in super::samples::samples(locale) {
                for store in [&store, &bare] {
                    self.render(&event, store)?;
                }
            }
        }
        Ok(())
    }
}

/// The first language of an `Accept-Language` value the templates have (`de-AT` falls
/// back to `de`), else `default`.
pub fn pick_locale(locales: &[String], accept_language: Option<&str>, default: &str) -> String {
    let mut wanted: Vec<(f32, usize, String)> = accept_language
        .unwrap_or("")
        .split(',')
        .enumerate()
        .filter_map(|(index, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((q, index, tag))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, tag) in wanted {
        let exact = locales.iter().find(|l| l.to_ascii_lowercase() == tag);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(found) = exact.or_else(|| locales.iter().find(|l| *l == primary)) {
            return found.clone();
        }
    }
    default.to_string()
}

fn load_file(dir: Option<&Path>, name: &str) -> Result<Option<String>, Error> {
    if let Some(dir) = dir {
        let path = dir.join(name);
        if path.is_file() {
            return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("cannot read {}: {e}", path.display()),
                )
            });
        }
    }
    Ok(BUILT_IN
        .iter()
        .find(|(built_in, _)| *built_in == name)
        .map(|(_, source)| source.to_string()))
}

fn locale_of(state: &State) -> String {
    state
        .lookup("locale")
        .and_then(|l| l.as_str().map(str::to_string))
        .unwrap_or_else(|| "en".into())
}

fn bad_value(filter: &str, value: &Value) -> Error {
    let wants = match filter {
        "money" => "an amount ({amount, currency})",
        _ => "an RFC 3339 time",
    };
    let got = if value.is_undefined() {
        "an undefined value (a misspelt name?)".to_string()
    } else {
        format!("{value:?}")
    };
    Error::new(
        ErrorKind::InvalidOperation,
        format!("{filter} expects {wants}, not {got}"),
    )
}

/// `{{ refund.amount | money }}`: "€12.99" / "12,99 €".
fn money_filter(state: &State, value: Value) -> Result<String, Error> {
    let amount = value
        .get_attr("amount")
        .ok()
        .and_then(|a| i64::try_from(a).ok());
    let currency = value
        .get_attr("currency")
        .ok()
        .and_then(|c| c.as_str().map(str::to_string));
    match (amount, currency) {
        (Some(amount), Some(currency)) => Ok(format::money(
            &locale_of(state),
            &Money::new(amount, currency),
        )),
        _ => Err(bad_value("money", &value)),
    }
}

fn timestamp(filter: &str, value: &Value) -> Result<Timestamp, Error> {
    value
        .as_str()
        .and_then(Timestamp::parse)
        .ok_or_else(|| bad_value(filter, value))
}

/// `{{ order.placed_at | date }}`: "December 5, 2026" / "5. Dezember 2026".
fn date_filter(state: &State, value: Value) -> Result<String, Error> {
    Ok(format::date(&locale_of(state), timestamp("date", &value)?))
}

/// `{{ respond_by | datetime }}`: "December 5, 2026, 2:30 PM UTC".
fn datetime_filter(state: &State, value: Value) -> Result<String, Error> {
    Ok(format::date_time(
        &locale_of(state),
        timestamp("datetime", &value)?,
    ))
}

/// Kinds a merchant switched off, from `--mail-disable a,b`.
pub fn parse_kinds(text: &str) -> Result<Vec<MailKind>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| {
            MailKind::parse(k).ok_or_else(|| {
                format!(
                    "unknown email kind {k:?}: one of {}",
                    MailKind::ALL.map(MailKind::as_str).join(", ")
                )
            })
        })
        .collect()
}

/// The built-in files by name, e.g. to start a merchant's own folder from.
pub fn built_in_files() -> BTreeMap<&'static str, &'static str> {
    BUILT_IN.iter().copied().collect()
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;
