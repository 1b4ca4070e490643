//! A merchant's own words for one of their reasons: one text for every language, or a text
//! per locale tag (`{"en": "Found it cheaper", "de": "Woanders günstiger gefunden"}`), and
//! which of them a shopper reads.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The tag every per-locale label must have: the language every widget and every email falls
/// back to last, whatever the store's default language is.
pub const REQUIRED_TAG: &str = "en";

/// A reason's label: (tag, text) pairs (`en`, `de`, `pt-BR`) in the file's order, each tag
/// once; as JSON an object of tag → text. (A policy file may give one text for every
/// language as a plain string: the server's loader reads it as the `en` text, which every
/// other language falls back to.) One shape, a list rather than a map: the widget decodes
/// it on its first screen, where each variant's and a map's code costs bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label(pub Vec<(String, String)>);

/// What is wrong with a label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelProblem {
    /// The text of this tag is empty or only spaces.
    EmptyText(String),
    /// A key that is not a locale tag like `de` or `pt-BR`.
    BadTag(String),
    /// A per-locale label without [`REQUIRED_TAG`].
    NoEnglish,
    /// A reason with neither a `label` nor a `label_key`.
    Missing,
}

impl fmt::Display for LabelProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelProblem::EmptyText(tag) => write!(f, "the {tag:?} text is empty"),
            LabelProblem::BadTag(tag) => write!(
                f,
                "{tag:?} is not a locale tag (a language like de, or a language and region like pt-BR)"
            ),
            LabelProblem::NoEnglish => write!(
                f,
                "a label per locale needs an {REQUIRED_TAG:?} text, the language every shopper falls back to"
            ),
            LabelProblem::Missing => write!(
                f,
                "give it a label (a text, or a text per locale tag) or a label_key of the catalogs"
            ),
        }
    }
}

/// Whether `tag` is a locale tag as catalogs are named: a 2–3 letter lowercase language, then
/// subtags of 2–8 letters or digits (`de`, `pt-BR`, `zh-Hans-CN`).
pub fn is_locale_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl Label {
    /// The first thing wrong with the label, if any.
    pub fn problem(&self) -> Option<LabelProblem> {
        self.0
            .iter()
            .find_map(|(tag, text)| {
                if !is_locale_tag(tag) {
                    Some(LabelProblem::BadTag(tag.clone()))
                } else {
                    // U+FEFF too: invisible, and not white space to `trim`.
                    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                        .is_empty()
                        .then(|| LabelProblem::EmptyText(tag.clone()))
                }
            })
            .or_else(|| {
                let english = self.0.iter().any(|(tag, _)| tag == REQUIRED_TAG);
                (!english).then_some(LabelProblem::NoEnglish)
            })
    }

    /// The text a shopper reading `locale` sees, falling back as the widget's catalogs do:
    /// the tag itself, then its language (`de-AT` → `de`), then another region of its
    /// language (`pt-PT` → `pt-BR`); then the same for the store's `default_locale`; then
    /// English; then the first text. Tags compare without regard to case. (Written with
    /// plain loops: the widget runs it, and iterator adapters over string patterns cost it
    /// several hundred bytes.)
    pub fn text_for(&self, locale: &str, default_locale: Option<&str>) -> &str {
        let texts = &self.0;
        for wanted in [locale, default_locale.unwrap_or(REQUIRED_TAG), REQUIRED_TAG] {
            let (wanted, wanted_language) = (wanted.as_bytes(), language(wanted));
            // 3: the tag itself, 2: its language, 1: another region of its language.
            let mut best = (0, "");
            for (tag, text) in texts {
                let tag = tag.as_bytes();
                let rank = if tag.eq_ignore_ascii_case(wanted) {
                    3
                } else if tag.eq_ignore_ascii_case(wanted_language) {
                    2
                } else {
                    u8::from(language_of(tag).eq_ignore_ascii_case(wanted_language))
                };
                if rank > best.0 {
                    best = (rank, text);
                }
            }
            if best.0 > 0 {
                return best.1;
            }
        }
        texts.first().map_or("", |(_, text)| text)
    }
}

/// The language of a tag: `de` of `de-AT` (bytes: no string slicing, whose checks cost the
/// widget bytes).
fn language(tag: &str) -> &[u8] {
    language_of(tag.as_bytes())
}

fn language_of(tag: &[u8]) -> &[u8] {
    match tag.iter().position(|b| *b == b'-') {
        Some(end) => tag.split_at(end).0,
        None => tag,
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (tag, text) in &self.0 {
            map.serialize_entry(tag, text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LabelVisitor;
        impl<'de> Visitor<'de> for LabelVisitor {
            type Value = Label;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of locale tag to text")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Label, M::Error> {
                let mut texts: Vec<(String, String)> = Vec::new();
                while let Some((tag, text)) = map.next_entry::<String, String>()? {
                    if texts.iter().any(|(t, _)| *t == tag) {
                        return Err(de::Error::custom(format_args!("{tag:?} appears twice")));
                    }
                    texts.push((tag, text));
                }
                Ok(Label(texts))
            }
        }
        deserializer.deserialize_any(LabelVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn per_locale(pairs: &[(&str, &str)]) -> Label {
        Label(
            pairs
                .iter()
                .map(|(t, s)| (t.to_string(), s.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_locale_falls_back_region_language_default_english_any() {
        let label = per_locale(&[
            ("en", "Found it cheaper"),
            ("de", "Woanders günstiger gefunden"),
            ("pt-BR", "Achei mais barato"),
            ("fr-CA", "Trouvé moins cher"),
        ]);
        let cases = [
            ("de", None, "Woanders günstiger gefunden"),
            ("de-AT", None, "Woanders günstiger gefunden"),
            ("DE-at", None, "Woanders günstiger gefunden"),
            ("pt-BR", None, "Achei mais barato"),
            // Another region of the language, as the widget's catalogs do.
            ("pt-PT", None, "Achei mais barato"),
            ("fr", None, "Trouvé moins cher"),
            ("ja", Some("de"), "Woanders günstiger gefunden"),
            ("ja", Some("de-CH"), "Woanders günstiger gefunden"),
            ("ja", Some("it"), "Found it cheaper"),
            ("ja", None, "Found it cheaper"),
        ];
        for (locale, default, expected) in cases {
            assert_eq!(
                label.text_for(locale, default),
                expected,
                "{locale} {default:?}"
            );
        }
        // Without English (a label not validated): the first one written.
        let no_english = per_locale(&[("nl", "Elders goedkoper"), ("de", "Günstiger")]);
        assert_eq!(no_english.text_for("ja", Some("it")), "Elders goedkoper");
        let one = per_locale(&[("en", "Found it cheaper")]);
        assert_eq!(one.text_for("de", Some("fr")), "Found it cheaper");
    }

    #[test]
    fn problems_name_the_tag() {
        let problem = |label: Label| label.problem();
        assert_eq!(problem(per_locale(&[("en", "Cheaper")])), None);
        assert_eq!(
            problem(per_locale(&[("en", "  ")])),
            Some(LabelProblem::EmptyText("en".into()))
        );
        assert_eq!(problem(per_locale(&[("en", "A"), ("pt-BR", "B")])), None);
        assert_eq!(
            problem(per_locale(&[("en", "A"), ("de", " ")])),
            Some(LabelProblem::EmptyText("de".into()))
        );
        for bad in ["de_DE", "DE", "german", "d", "de-", "pt-B", "zh-Hans-CN-x!"] {
            assert_eq!(
                problem(per_locale(&[("en", "A"), (bad, "B")])),
                Some(LabelProblem::BadTag(bad.into())),
                "{bad}"
            );
        }
        assert_eq!(
            problem(per_locale(&[("de", "A")])),
            Some(LabelProblem::NoEnglish)
        );
        assert_eq!(problem(per_locale(&[])), Some(LabelProblem::NoEnglish));
    }

    #[test]
    fn a_text_or_an_object_in_json_both_ways() {
        let json = r#"{"de":"Woanders günstiger gefunden","en":"Found it cheaper"}"#;
        let both: Label = serde_json::from_str(json).unwrap();
        assert_eq!(
            both,
            per_locale(&[
                ("de", "Woanders günstiger gefunden"),
                ("en", "Found it cheaper")
            ])
        );
        assert_eq!(serde_json::to_string(&both).unwrap(), json);
        for wrong in ["3", r#""Found it cheaper""#] {
            let error = serde_json::from_str::<Label>(wrong)
                .unwrap_err()
                .to_string();
            assert!(error.contains("an object of locale tag to text"), "{error}");
        }
        let twice = serde_json::from_str::<Label>(r#"{"en":"A","en":"B"}"#).unwrap_err();
        assert!(
            twice.to_string().contains("\"en\" appears twice"),
            "{twice}"
        );
    }
}
