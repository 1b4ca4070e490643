//! The text catalogs against the code and against English (native; `cargo test`).
//!
//! 1. Every key the widget looks up, found by reading `src/` for the lookups (`.t(`, `.tf(`,
//!    `.tn(`): each key is a literal, or a `match`/`if` whose every arm is one; anything else
//!    fails, so no key is assembled where this check cannot see it. Reason labels come from
//!    the policy's data, so the presets' `label_key`s are read from the policy crate itself.
//!    Each of these keys is in every catalog (`tn` ones as plural messages, the others as
//!    texts), and English has no key that nothing uses. `src/init.js` (what a page shows when
//!    the widget's code cannot load) reads its keys from the first part of a catalog, with
//!    English words of its own for when none can be fetched: those are en.json's, word for word.
//! 2. Every catalog against English: the same keys, the same placeholders, and the plural
//!    categories its language has (CLDR's, from ICU4X: the data the browsers' `Intl` uses).
#![cfg(not(target_arch = "wasm32"))]

use cancel_policy::Preset;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A catalog file: its tag and its messages.
struct CatalogFile {
    tag: String,
    path: String,
    messages: Map<String, Value>,
}

/// Every `locales/<tag>.json` (the email catalogs in `locales/email/` are the server's).
fn catalogs() -> Vec<CatalogFile> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("locales"))
        .expect("locales/")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a readable catalog");
            let name = format!("locales/{}", path.file_name().unwrap().to_string_lossy());
            let messages = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{name} is not a JSON object: {e}"));
            CatalogFile {
                tag: path.file_stem().unwrap().to_string_lossy().into_owned(),
                path: name,
                messages,
            }
        })
        .collect()
}

fn english() -> CatalogFile {
    catalogs()
        .into_iter()
        .find(|c| c.tag == "en")
        .expect("locales/en.json, the source")
}

/// How a key is looked up: as a text (`t`, `tf`) or by count (`tn`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Use {
    Text,
    Plural,
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `code` without comments (`//` to the end of a line, outside string literals), so doc
/// examples are not taken for lookups; line breaks stay, for line numbers.
fn without_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut chars = code.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '/' && chars.peek() == Some(&'/') {
            while chars.peek().is_some_and(|&c| c != '\n') {
                chars.next();
            }
        } else {
            in_string = c == '"';
            // A char literal '"' is not a string's start.
            if in_string && out.ends_with('\'') {
                in_string = false;
            }
            out.push(c);
        }
    }
    out
}

/// The index just past the bracket that closes the one opened before `start`, skipping
/// string literals.
fn closing(code: &[u8], start: usize) -> usize {
    let (mut depth, mut i) = (1, start);
    while i < code.len() && depth > 0 {
        match code[i] {
            b'"' => i = string_end(code, i),
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// The index of the quote that ends the string literal starting at `start`.
fn string_end(code: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < code.len() && code[i] != b'"' {
        i += if code[i] == b'\\' { 2 } else { 1 };
    }
    i
}

/// The first argument of a call whose `(` is just before `start`.
fn first_argument(code: &str, start: usize) -> &str {
    let bytes = code.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i),
            b'(' | b'[' | b'{' => i = closing(bytes, i + 1) - 1,
            b',' | b')' => break,
            _ => {}
        }
        i += 1;
    }
    code[start..i].trim()
}

/// The keys an argument names: itself if a literal; every arm of a `match` or `if` whose arms
/// are all literals. `None`: the key is computed, and this check cannot see it.
fn keys_of(argument: &str) -> Option<Vec<String>> {
    let literal = |text: &str| {
        let text = text.trim();
        let inner = text.strip_prefix('"')?.strip_suffix('"')?;
        (!inner.contains('"')).then(|| inner.to_string())
    };
    if let Some(key) = literal(argument) {
        return Some(vec![key]);
    }
    let arms: Vec<&str> = if argument.starts_with("match ") {
        let body = &argument[argument.find('{')? + 1..argument.rfind('}')?];
        body.split("=>")
            .skip(1)
            .map(|arm| arm.split(',').next().unwrap_or(""))
            .collect()
    } else if argument.starts_with("if ") {
        argument
            .split('{')
            .skip(1)
            .map(|arm| arm.split('}').next().unwrap_or(""))
            .collect()
    } else {
        return None;
    };
    // An arm that returns something else instead (`=> return e.detail.clone()`) names no key.
    let diverges = |arm: &&str| {
        arm.trim()
            .trim_start_matches('{')
            .trim()
            .starts_with("return ")
    };
    let keys: Option<Vec<String>> = arms
        .into_iter()
        .filter(|a| !diverges(a))
        .map(literal)
        .collect();
    keys.filter(|k| !k.is_empty())
}

/// Every key the sources look up, with how; and every lookup whose key is not a literal.
fn keys_in_sources() -> (BTreeMap<String, (Use, String)>, Vec<String>) {
    let mut keys = BTreeMap::new();
    let mut computed = Vec::new();
    for path in sources(&Path::new(ROOT).join("src")) {
        let name = path.strip_prefix(ROOT).unwrap().display().to_string();
        let code = without_comments(&std::fs::read_to_string(&path).expect("a source file"));
        let bytes = code.as_bytes();
        let mut i = 0;
        while i < code.len() {
            let rest = &code[i..];
            // The lookups' own definitions (the Env's forwarders) are not lookups.
            if let Some(def) = ["fn t(", "fn tf(", "fn tn("]
                .iter()
                .find(|d| rest.starts_with(**d))
            {
                let body = i + def.len() + code[i + def.len()..].find('{').expect("a body");
                i = closing(bytes, body + 1);
                continue;
            }
            let call = [
                (".t(", Use::Text),
                (".tf(", Use::Text),
                (".tn(", Use::Plural),
            ]
            .into_iter()
            .find(|(call, _)| rest.starts_with(call));
            let Some((call, used_as)) = call else {
                i += if bytes[i] == b'"' {
                    string_end(bytes, i) - i + 1
                } else {
                    1
                };
                continue;
            };
            let line = code[..i].matches('\n').count() + 1;
            let argument = first_argument(&code, i + call.len());
            match keys_of(argument) {
                Some(found) => {
                    for key in found {
                        keys.insert(key, (used_as, format!("{name}:{line}")));
                    }
                }
                None => computed.push(format!("{name}:{line}: {}{argument})", &call)),
            }
            i += call.len();
        }
    }
    (keys, computed)
}

/// The English words of `src/init.js`, by key: what it shows when the .wasm cannot load and
/// no catalog can be fetched either (its `const ENGLISH = {…};`, written as JSON).
fn init_js_english() -> Map<String, Value> {
    let code = std::fs::read_to_string(Path::new(ROOT).join("src/init.js")).expect("src/init.js");
    let start = code
        .find("const ENGLISH = ")
        .expect("const ENGLISH in src/init.js")
        + 16;
    let end = start + code[start..].find(";\n").expect("const ENGLISH = {…};");
    serde_json::from_str(&code[start..end]).expect("src/init.js's ENGLISH is a JSON object")
}

#[test]
fn the_words_of_init_js_are_en_jsons() {
    let en = english();
    let own = init_js_english();
    assert!(own.contains_key("error.widget"), "{own:?}");
    for (key, text) in &own {
        assert_eq!(
            Some(text),
            en.messages.get(key),
            "src/init.js's {key:?} against en.json"
        );
        assert!(
            std::fs::read_to_string(Path::new(ROOT).join("src/init.js"))
                .unwrap()
                .contains(&format!("texts['{key}']")),
            "src/init.js never shows {key:?}"
        );
    }
}

/// The label keys of every preset's reasons, from the policy crate.
fn preset_reason_keys() -> BTreeSet<String> {
    Preset::ALL
        .iter()
        .flat_map(|p| p.policy().reasons)
        .map(|r| r.label_key)
        .collect()
}

#[test]
fn every_key_the_code_uses_is_in_every_catalog() {
    let (keys, computed) = keys_in_sources();
    assert!(
        computed.is_empty(),
        "lookups whose key is not a literal (write the key, or a `match` of literal keys):\n{}",
        computed.join("\n")
    );
    assert!(
        keys.len() > 100,
        "only {} keys found: is the scan broken?",
        keys.len()
    );
    let mut keys = keys;
    for (key, _) in init_js_english() {
        keys.insert(key, (Use::Text, "src/init.js".into()));
    }
    let reasons = preset_reason_keys();
    let mut wrong = Vec::new();
    for catalog in catalogs() {
        for (key, (used_as, at)) in &keys {
            match (catalog.messages.get(key), used_as) {
                (None, _) => wrong.push(format!("{}: no {key:?} (used at {at})", catalog.path)),
                (Some(Value::Object(_)), Use::Text) => wrong.push(format!(
                    "{}: {key:?} is a plural message, but {at} reads it as a text (use tn)",
                    catalog.path
                )),
                (Some(Value::String(_)), Use::Plural) => wrong.push(format!(
                    "{}: {key:?} is a text, but {at} counts with it (make it a plural object)",
                    catalog.path
                )),
                _ => {}
            }
        }
        for key in &reasons {
            if !matches!(catalog.messages.get(key), Some(Value::String(_))) {
                wrong.push(format!(
                    "{}: no text for the preset reason {key:?}",
                    catalog.path
                ));
            }
        }
    }
    let en = english();
    let unused: Vec<&String> = en
        .messages
        .keys()
        .filter(|k| !keys.contains_key(*k) && !reasons.contains(*k))
        .collect();
    if !unused.is_empty() {
        wrong.push(format!("locales/en.json: no code uses {unused:?}"));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The `{names}` of a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect()
}

/// The CLDR plural categories of language `tag`: those a catalog may use, and those it must.
/// `many` is optional where CLDR gives it only to millions written as words (fr, es, it, pt:
/// "1 million de commandes"), which a count of items never is.
fn plural_categories(tag: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let locale: icu_locale_core::Locale = tag.parse().unwrap_or_else(|e| panic!("{tag}: {e}"));
    let rules = icu_plurals::PluralRules::try_new_cardinal((&locale).into())
        .unwrap_or_else(|e| panic!("no plural rules for {tag}: {e}"));
    let allowed: BTreeSet<String> = rules
        .categories()
        .map(|c| format!("{c:?}").to_lowercase())
        .collect();
    let language = tag.split('-').next().unwrap_or(tag);
    let mut required = allowed.clone();
    if ["fr", "es", "it", "pt"].contains(&language) {
        required.remove("many");
    }
    (allowed, required)
}

#[test]
fn every_catalog_matches_english() {
    let en = english();
    let mut wrong = Vec::new();
    for catalog in catalogs() {
        let at = |key: &str, what: String| format!("{}: {key}: {what}", catalog.path);
        let (allowed, required) = plural_categories(&catalog.tag);
        for key in en
            .messages
            .keys()
            .filter(|k| !catalog.messages.contains_key(*k))
        {
            wrong.push(at(key, "missing (en has it)".into()));
        }
        for (key, message) in &catalog.messages {
            let Some(source) = en.messages.get(key) else {
                wrong.push(at(key, "not in en (the source of every key)".into()));
                continue;
            };
            match (source, message) {
                (Value::String(source), Value::String(text)) => {
                    let (want, got) = (placeholders(source), placeholders(text));
                    if want != got {
                        wrong.push(at(key, format!("placeholders {got:?}, en has {want:?}")));
                    }
                }
                (Value::Object(source), Value::Object(forms)) => {
                    let source_names: BTreeSet<String> = source
                        .values()
                        .filter_map(Value::as_str)
                        .flat_map(placeholders)
                        .collect();
                    let categories: BTreeSet<String> = forms.keys().cloned().collect();
                    if let Some(missing) = required.difference(&categories).next() {
                        wrong.push(at(
                            key,
                            format!("no {missing:?} form ({} needs {required:?})", catalog.tag),
                        ));
                    }
                    if let Some(extra) = categories.difference(&allowed).next() {
                        wrong.push(at(
                            key,
                            format!(
                                "a {extra:?} form, which {} does not have (it has {allowed:?})",
                                catalog.tag
                            ),
                        ));
                    }
                    for (category, text) in forms {
                        let Some(text) = text.as_str() else {
                            wrong.push(at(key, format!("{category}: not a text")));
                            continue;
                        };
                        // `{n}` may be a word in a form ("Item cancelled"); the others may not.
                        let got = placeholders(text);
                        let lacks: Vec<_> = source_names
                            .iter()
                            .filter(|p| *p != "n" && !got.contains(*p))
                            .collect();
                        let adds: Vec<_> = got.difference(&source_names).collect();
                        if !lacks.is_empty() || !adds.is_empty() {
                            wrong.push(at(key, format!("{category}: lacks {lacks:?}, adds {adds:?} (en: {source_names:?})")));
                        }
                    }
                }
                (Value::String(_), _) => wrong.push(at(key, "must be a text, as in en".into())),
                (Value::Object(_), _) => {
                    wrong.push(at(key, "must be texts by plural category, as in en".into()))
                }
                _ => wrong.push(at(
                    key,
                    "en's message is neither a text nor plural forms".into(),
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} problems:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
