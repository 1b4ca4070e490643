//! The emails' templates: one language-neutral minijinja pair per kind, `KIND.txt` (its
//! `title` block, in the subject, and the plain-text part) and `KIND.html` (the HTML part),
//! with the shared `_layout` and `_parts` files, built in from `server/mail-templates/`.
//! Every text comes from the catalogs ([`super::catalog`]) through `t("key", name=value,
//! n=count)`, in the email's language. `--mail-templates DIR` overrides any file:
//! `DIR/<tag>/FILE` for one language before `DIR/FILE` for all before the built-in one.
//! At start every template is parsed, every key it names is looked up in English, and each
//! is rendered with sample emails in every language, so a broken one stops the start with
//! the file, the line and why, never a send.

use super::catalog::Catalogs;
use super::template_fns::{
    aside, date_filter, datetime_filter, keys_named, money_filter, sentences, translate,
};
use super::{locale, MailEvent, MailKind, Store};
use minijinja::value::{Kwargs, Serde};
use minijinja::{
    context, AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior, Value,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The built-in files, by name (`cancelled.txt`).
macro_rules! built_in {
    ($($file:literal),*) => {
        &[$(($file, include_str!(concat!("../../mail-templates/", $file)))),*]
    };
}

const BUILT_IN: &[(&str, &str)] = built_in![
    "_layout.txt",
    "_layout.html",
    "_parts.txt",
    "_parts.html",
    "cancelled.txt",
    "cancelled.html",
    "request_received.txt",
    "request_received.html",
    "request_approved.txt",
    "request_approved.html",
    "request_denied.txt",
    "request_denied.html",
    "refund_issued.txt",
    "refund_issued.html",
    "refund_failed.txt",
    "refund_failed.html",
    "parcel_request_received.txt",
    "parcel_request_received.html",
    "parcel_intercepted.txt",
    "parcel_intercepted.html",
    "parcel_returned.txt",
    "parcel_returned.html",
    "parcel_not_interceptable.txt",
    "parcel_not_interceptable.html",
    "parcel_delivered_anyway.txt",
    "parcel_delivered_anyway.html"
];

/// Keys the code itself uses (not through a template's `t()`).
const CODE_KEYS: &[&str] = &["mail.subject"];

/// An email written out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The language it is written in (its `Content-Language`).
    pub locale: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The loaded, checked templates and texts.
pub struct Templates {
    env: Environment<'static>,
    catalogs: Arc<Catalogs>,
    /// Languages emails are written in, sorted.
    locales: Vec<String>,
    /// Where the merchant's templates are, for error messages.
    dir: Option<PathBuf>,
}

impl Templates {
    /// The built-in templates with `dir`'s files over them, the texts from `catalogs`;
    /// everything checked.
    pub fn load(dir: Option<&Path>, catalogs: Catalogs) -> Result<Templates, String> {
        if let Some(dir) = dir {
            std::fs::read_dir(dir)
                .map_err(|e| format!("--mail-templates {}: {e}", dir.display()))?;
        }
        let catalogs = Arc::new(catalogs);
        let mut env = Environment::new();
        let loader_dir = dir.map(Path::to_path_buf);
        env.set_loader(move |name| load_file(loader_dir.as_deref(), name));
        // `{% extends "_layout.html" %}` in `de/cancelled.html` is `de/_layout.html`.
        env.set_path_join_callback(|name, parent| match parent.split_once('/') {
            Some((tag, _)) if !name.contains('/') => format!("{tag}/{name}").into(),
            _ => name.into(),
        });
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
        let texts = catalogs.clone();
        env.add_function("t", move |state: &State, key: String, args: Kwargs| {
            translate(&texts, state, &key, &args)
        });
        env.add_function("sentences", sentences);
        env.add_function("aside", aside);
        env.add_filter("money", money_filter);
        env.add_filter("date", date_filter);
        env.add_filter("datetime", datetime_filter);
        let templates = Templates {
            env,
            locales: catalogs.email_languages(),
            catalogs,
            dir: dir.map(Path::to_path_buf),
        };
        templates.check()?;
        Ok(templates)
    }

    /// The languages emails can be written in.
    pub fn locales(&self) -> &[String] {
        &self.locales
    }

    /// Writes `event` out for `store`.
    pub fn render(&self, event: &MailEvent, store: &Store) -> Result<Rendered, String> {
        let units: u32 = event.lines.iter().map(|l| l.quantity).sum();
        // Queued in a language whose texts have gone since (a merchant's file removed): the
        // nearest one there is, never a failed email.
        let tag = locale::resolve(&self.locales, &event.locale)
            .unwrap_or_else(|| super::catalog::SOURCE.to_string());
        let dir = if locale::is_right_to_left(&tag) {
            "rtl"
        } else {
            "ltr"
        };
        // A preset reason's text is the widget's catalogs'; a language added with email
        // texts alone has none, so the English one.
        let reason_label = event.reason.as_ref().and_then(|reason| {
            let text = |tag: &str| self.catalogs.text(tag, &reason.label_key, None, &|_| None);
            let catalogs = || text(&tag).or_else(|_| text(super::catalog::SOURCE)).ok();
            reason.label.clone().or_else(catalogs)
        });
        let context = |html: bool, title: &str| {
            context! {
                reason_label => &reason_label,
                store => context! {
                    name => &store.name,
                    support_url => &store.support_url,
                },
                order_url => store.order_url(&event.order),
                units,
                dir,
                locale => &tag,
                html,
                title,
                ..Value::from(Serde(event))
            }
        };
        let base = format!("{tag}/{}", event.kind.as_str());
        let explain = |e: Error| self.explain(e);
        let text_template = self
            .env
            .get_template(&format!("{base}.txt"))
            .map_err(explain)?;
        let mut captured = text_template
            .render_captured(context(false, ""))
            .map_err(explain)?;
        let title = captured
            .with_state_mut(|state| state.render_block("title"))
            .map_err(explain)?;
        // The template's line breaks and indents go; a no-break space (French's before ":") stays.
        let title = title.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(format!(
                "mail template {}: the title block is empty",
                self.origin(&format!("{base}.txt"))
            ));
        }
        let html = self
            .env
            .get_template(&format!("{base}.html"))
            .and_then(|t| t.render(context(true, &title)))
            .map_err(explain)?;
        let subject = self
            .catalogs
            .text(&tag, "mail.subject", None, &|name| match name {
                "title" => Some(title.clone()),
                "store" => Some(store.name.clone()),
                _ => None,
            })?;
        Ok(Rendered {
            locale: tag,
            subject,
            text: captured.into_output().trim().to_string() + "\n",
            html,
        })
    }

    /// Where template `name` (`de/cancelled.html`) is read from.
    fn origin(&self, name: &str) -> String {
        let file = name.split_once('/').map_or(name, |(_, file)| file);
        match self.dir.as_deref().and_then(|dir| overriding(dir, name)) {
            Some(path) => path.display().to_string(),
            None => format!("built-in server/mail-templates/{file}"),
        }
    }

    /// A template error as the start-up message: the file, the line and why.
    fn explain(&self, error: Error) -> String {
        let file = self.origin(error.name().unwrap_or("?"));
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

    /// Every key a template names is an English text, every language has them, and every
    /// kind renders in every language with sample emails of each shape.
    fn check(&self) -> Result<(), String> {
        let mut used: BTreeSet<String> = CODE_KEYS.iter().map(|k| k.to_string()).collect();
        for locale in &self.locales {
            for (file, _) in BUILT_IN {
                let name = format!("{locale}/{file}");
                let source = load_file(self.dir.as_deref(), &name)
                    .map_err(|e| self.explain(e))?
                    .unwrap_or_default();
                for (key, line) in keys_named(&source).map_err(|(why, line)| {
                    format!("mail template {}, line {line}: {why}", self.origin(&name))
                })? {
                    if self.catalogs.source(&key).is_none() {
                        return Err(format!(
                            "mail template {}, line {line}: t({key:?}): no such text in English (locales/email/en.json)",
                            self.origin(&name)
                        ));
                    }
                    used.insert(key);
                }
            }
        }
        self.catalogs.check(&used)?;
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
        // Every shape, with and without the store's links, where the templates may differ:
        // English and any language with templates of its own. The others share those
        // templates, and their texts' placeholders are English's (checked above): one
        // email of each kind shows they write.
        for locale in &self.locales {
            let own_templates = self.dir.as_ref().is_some_and(|d| d.join(locale).is_dir());
            let every_shape = locale == super::catalog::SOURCE || own_templates;
            let mut kinds_seen = Vec::new();
            for event in super::samples::samples(locale) {
                if !every_shape && kinds_seen.contains(&event.kind) {
                    continue;
                }
                kinds_seen.push(event.kind);
                for store in [&store, &bare] {
                    self.render(&event, store)?;
                }
            }
        }
        Ok(())
    }
}

/// The merchant's file for template `name` (`de/cancelled.html`): `DIR/de/cancelled.html`,
/// else `DIR/cancelled.html`.
fn overriding(dir: &Path, name: &str) -> Option<PathBuf> {
    let file = name.split_once('/').map_or(name, |(_, file)| file);
    [dir.join(name), dir.join(file)]
        .into_iter()
        .find(|path| path.is_file())
}

fn load_file(dir: Option<&Path>, name: &str) -> Result<Option<String>, Error> {
    if let Some(path) = dir.and_then(|dir| overriding(dir, name)) {
        return std::fs::read_to_string(&path).map(Some).map_err(|e| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("cannot read {}: {e}", path.display()),
            )
        });
    }
    let file = name.split_once('/').map_or(name, |(_, file)| file);
    Ok(BUILT_IN
        .iter()
        .find(|(built_in, _)| *built_in == file)
        .map(|(_, source)| source.to_string()))
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
pub fn built_in_files() -> std::collections::BTreeMap<&'static str, &'static str> {
    BUILT_IN.iter().copied().collect()
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "templates_checks_tests.rs"]
mod checks_tests;

#[cfg(test)]
#[path = "templates_parcel_tests.rs"]
mod parcel_tests;

#[cfg(test)]
#[path = "templates_locale_tests.rs"]
mod locale_tests;
