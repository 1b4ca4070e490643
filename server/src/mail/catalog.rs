//! The emails' texts, from the same catalogs as the widget's (issue 25): flat JSON objects
//! of dotted keys, each a string with named `{placeholders}` or, for a count, an object by
//! CLDR plural category (`other` always) chosen by `{n}`. Per language: the widget's
//! `locales/<tag>.json` (texts both share), the emails' own `locales/email/<tag>.json`, both
//! built into the binary (every file there: a new language is new files), and the files of
//! `--mail-texts DIR` (`DIR/<tag>.json`) over them, key by key, which may add a language.
//! English is the source: every key of every other file is one of its keys, with the same
//! placeholders and the plural categories its own language has. Checked at start.

use super::locale;
pub use super::message::Message;
use super::message::{compare, fill, parse, Entry};
use icu_plurals::{PluralCategory, PluralRules};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));
}

/// The source language, which has every text.
pub const SOURCE: &str = "en";

/// One language's texts, its files merged.
struct Language {
    texts: BTreeMap<String, Entry>,
    /// Whether an email file (built in or the merchant's) speaks it: only those are offered.
    for_emails: bool,
    plurals: PluralRules,
    /// The categories the language's numbers fall into.
    categories: BTreeSet<String>,
}

/// Every language's texts, checked.
pub struct Catalogs {
    languages: BTreeMap<String, Language>,
    /// English as built in: what every file (a merchant's English too) is checked against.
    english: BTreeMap<String, Message>,
}

/// Files read in order; the later ones' keys replace the earlier ones'.
struct Source {
    tag: String,
    file: String,
    text: String,
    /// The widget's own file: its keys are the widget's business, except those emails use.
    widget: bool,
}

impl Catalogs {
    /// The built-in catalogs with `dir`'s files over them, each file parsed (not yet checked).
    pub fn load(dir: Option<&Path>) -> Result<Catalogs, String> {
        let mut sources: Vec<Source> = Vec::new();
        for (list, widget) in [(built_in::WIDGET, true), (built_in::EMAIL, false)] {
            for (tag, file, text) in list {
                sources.push(Source {
                    tag: tag.to_string(),
                    file: format!("built-in {file}"),
                    text: text.to_string(),
                    widget,
                });
            }
        }
        if let Some(dir) = dir {
            sources.extend(read_dir(dir)?);
        }
        let mut languages: BTreeMap<String, Language> = BTreeMap::new();
        let mut english = BTreeMap::new();
        for source in sources {
            if !locale::is_tag(&source.tag) {
                return Err(format!(
                    "mail texts {}: {:?} is not a language tag such as de or pt-BR",
                    source.file, source.tag
                ));
            }
            let language = match languages.entry(source.tag.clone()) {
                std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::btree_map::Entry::Vacant(entry) => {
                    let (plurals, categories) = plural_rules(&source.tag, &source.file)?;
                    entry.insert(Language {
                        texts: BTreeMap::new(),
                        for_emails: false,
                        plurals,
                        categories,
                    })
                }
            };
            language.for_emails |= !source.widget;
            let built_in = source.file.starts_with("built-in ");
            for (key, entry) in parse(&source.file, &source.text)? {
                if built_in && source.tag == SOURCE {
                    english.insert(key.clone(), entry.message.clone());
                }
                let line = entry.line;
                let replaced = language.texts.insert(key.clone(), entry);
                // The widget's and the emails' own files share no key: one text, one place.
                if let Some(earlier) = replaced.filter(|_| built_in) {
                    return Err(format!(
                        "mail texts {}, line {line}: {key:?} is in {} too; a text lives in one file",
                        source.file, earlier.file
                    ));
                }
            }
        }
        if english.is_empty() {
            return Err("mail texts: no English catalog (locales/email/en.json)".into());
        }
        Ok(Catalogs { languages, english })
    }

    /// The languages emails can be written in, sorted.
    pub fn email_languages(&self) -> Vec<String> {
        self.languages
            .iter()
            .filter(|(_, l)| l.for_emails)
            .map(|(tag, _)| tag.clone())
            .collect()
    }

    /// English's text of `key`.
    pub fn source(&self, key: &str) -> Option<&Message> {
        self.english.get(key)
    }

    /// Every file's texts match English (keys, placeholders, plural categories), and every
    /// email language has each of `used` (the keys the templates and the code use).
    pub fn check(&self, used: &BTreeSet<String>) -> Result<(), String> {
        for (tag, language) in &self.languages {
            for (key, entry) in &language.texts {
                // The widget's texts are checked by the widget's tests; here, those emails use.
                if is_widget_file(&entry.file) && !used.contains(key) {
                    continue;
                }
                let at = format!("mail texts {}, line {}", entry.file, entry.line);
                let Some(source) = self.english.get(key) else {
                    return Err(format!("{at}: {key:?} is not an English text (a typo?)"));
                };
                compare(&entry.message, source, &language.categories)
                    .map_err(|why| format!("{at}: {key:?} {why}"))?;
            }
            if language.for_emails {
                let missing: Vec<&str> = used
                    .iter()
                    .filter(|k| !language.texts.contains_key(*k))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    return Err(format!(
                        "mail texts: language {tag} lacks texts the emails use: {}",
                        missing.join(", ")
                    ));
                }
            }
        }
        Ok(())
    }

    /// The text of `key` in `tag`, its form chosen by `n`, with `value(name)` for each
    /// placeholder. Errors say which key and what is wrong.
    pub fn text(
        &self,
        tag: &str,
        key: &str,
        n: Option<u64>,
        value: &dyn Fn(&str) -> Option<String>,
    ) -> Result<String, String> {
        self.text_with(tag, key, n, value, &|literal| literal.to_string())
    }

    /// [`Catalogs::text`] with the text around the placeholders passed through `literal`
    /// (the HTML part escapes it).
    pub fn text_with(
        &self,
        tag: &str,
        key: &str,
        n: Option<u64>,
        value: &dyn Fn(&str) -> Option<String>,
        literal: &dyn Fn(&str) -> String,
    ) -> Result<String, String> {
        let language = self
            .languages
            .get(tag)
            .ok_or_else(|| format!("no texts in {tag}"))?;
        let entry = language
            .texts
            .get(key)
            .ok_or_else(|| format!("t({key:?}): no such text in {tag}"))?;
        let form = match (&entry.message, n) {
            (Message::Text(text), _) => text,
            (Message::Plural(forms), Some(n)) => {
                let category = category_name(language.plurals.category_for(n));
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .expect("every plural text has its other form")
            }
            (Message::Plural(_), None) => {
                return Err(format!("t({key:?}): a plural text needs n=COUNT"))
            }
        };
        fill(form, literal, |name| {
            value(name).ok_or_else(|| format!("t({key:?}): no value for {{{name}}}"))
        })
    }
}

fn is_widget_file(file: &str) -> bool {
    !file.contains("/email/") && file.starts_with("built-in ")
}

/// `DIR/<tag>.json`, sorted by tag.
fn read_dir(dir: &Path) -> Result<Vec<Source>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("--mail-texts {}: {e}", dir.display()))?;
    let mut sources = Vec::new();
    for path in entries.flatten().map(|e| e.path()) {
        let Some(tag) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("mail texts {}: {e}", path.display()))?;
        sources.push(Source {
            tag: tag.to_string(),
            file: path.display().to_string(),
            text,
            widget: false,
        });
    }
    sources.sort_by(|a, b| a.tag.cmp(&b.tag));
    Ok(sources)
}

/// The plural rules of `tag` and the names of its categories.
fn plural_rules(tag: &str, file: &str) -> Result<(PluralRules, BTreeSet<String>), String> {
    let locale: icu_locale_core::Locale = tag
        .parse()
        .map_err(|e| format!("mail texts {file}: {tag:?} is not a language tag ({e})"))?;
    let rules = PluralRules::try_new_cardinal((&locale).into())
        .map_err(|e| format!("mail texts {file}: no plural rules for {tag}: {e}"))?;
    let categories = rules
        .categories()
        .map(|c| category_name(c).to_string())
        .collect();
    Ok((rules, categories))
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
