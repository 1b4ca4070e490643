//! Which language an email is written in: the shopper's (the `Accept-Language` the widget
//! sends with the cancellation), falling back region → language (`de-AT` → `de`), then the
//! store's default the same way, then English.

use super::catalog::SOURCE;

/// A language tag as catalogs are named: `de`, `pt-BR`, `zh-CN`.
pub fn is_tag(name: &str) -> bool {
    let mut parts = name.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `tag` or the nearest language it falls back to among `offered` (case does not matter:
/// `DE-at` finds `de`), dropping subtags from the end.
pub fn resolve(offered: &[String], tag: &str) -> Option<String> {
    let mut wanted = tag.trim().to_ascii_lowercase().replace('_', "-");
    loop {
        if let Some(found) = offered.iter().find(|o| o.to_ascii_lowercase() == wanted) {
            return Some(found.clone());
        }
        wanted.truncate(wanted.rfind('-')?);
    }
}

/// The language of an email: the first of `accept_language` (by q-value, then order) that
/// resolves among `offered`, else the store's `default` resolved, else English.
pub fn pick(offered: &[String], accept_language: Option<&str>, default: &str) -> String {
    let mut wanted: Vec<(f32, usize, &str)> = accept_language
        .unwrap_or("")
        .split(',')
        .enumerate()
        .filter_map(|(index, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(str::trim))
                .map_or(Some(1.0), |q| q.parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((q, index, tag))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    wanted
        .into_iter()
        .find_map(|(_, _, tag)| resolve(offered, tag))
        .or_else(|| resolve(offered, default))
        .unwrap_or_else(|| SOURCE.to_string())
}

/// Whether `tag` is written right to left (ar, he, fa, ur …), from CLDR's likely scripts.
pub fn is_right_to_left(tag: &str) -> bool {
    tag.parse::<icu_locale_core::LanguageIdentifier>()
        .is_ok_and(|id| icu_locale::LocaleDirectionality::new_common().is_right_to_left(&id))
}

/// Whether `tag`'s language is written with full-width punctuation and no spaces around it:
/// Chinese and Japanese.
fn full_width(tag: &str) -> bool {
    let language = tag.split(['-', '_']).next().unwrap_or("");
    matches!(language.to_ascii_lowercase().as_str(), "ja" | "zh" | "yue")
}

/// What goes between two sentences of a paragraph in `tag`'s language: nothing in Chinese and
/// Japanese, whose full stop (。) is a full-width character with its own space, a space
/// everywhere else.
pub fn sentence_gap(tag: &str) -> &'static str {
    match full_width(tag) {
        true => "",
        false => " ",
    }
}

/// `text` as a remark in brackets after what precedes it, as `tag`'s language writes one:
/// "Lamp × 1（ご注文数3点のうち1点）" in Chinese and Japanese, "… (1 of the 3 you ordered)"
/// elsewhere.
pub fn aside(tag: &str, text: &str) -> String {
    match full_width(tag) {
        true => format!("（{text}）"),
        false => format!(" ({text})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered() -> Vec<String> {
        ["ar", "de", "en", "pt-BR"].map(String::from).to_vec()
    }

    #[test]
    fn the_shoppers_language_falls_back_region_language_store_english() {
        for (header, default, want) in [
            (Some("de-AT"), "en", "de"),
            (Some("de-AT, de;q=0.9, en;q=0.5"), "en", "de"),
            (Some("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7"), "de", "en"),
            (Some("en;q=0.2, de;q=0.9"), "en", "de"),
            (Some("pt-br"), "en", "pt-BR"),
            (Some("pt-PT"), "de", "de"),
            (Some("xx"), "de-CH", "de"),
            (Some("xx"), "fr", "en"),
            (Some("*"), "ar", "ar"),
            (Some("de;q=0"), "en", "en"),
            (Some(""), "de", "de"),
            (None, "en", "en"),
        ] {
            assert_eq!(
                pick(&offered(), header, default),
                want,
                "{header:?} {default}"
            );
        }
    }

    #[test]
    fn sentences_are_spaced_except_after_chinese_and_japanese_full_stops() {
        for tag in ["ja", "zh-CN", "zh", "zh-Hant-TW", "ja_JP"] {
            assert_eq!(sentence_gap(tag), "", "{tag}");
        }
        for tag in ["en", "de", "ar", "ko", "pt-BR", ""] {
            assert_eq!(sentence_gap(tag), " ", "{tag}");
        }
        assert_eq!(aside("ja", "3点のうち1点"), "（3点のうち1点）");
        assert_eq!(aside("en", "1 of the 3"), " (1 of the 3)");
    }

    #[test]
    fn tags_and_directions() {
        assert!(is_tag("pt-BR") && is_tag("zh-CN") && is_tag("de"));
        assert!(!is_tag("DE") && !is_tag("de_AT") && !is_tag("x") && !is_tag("../en"));
        assert!(is_right_to_left("ar") && is_right_to_left("he") && is_right_to_left("fa"));
        assert!(!is_right_to_left("de") && !is_right_to_left("ja") && !is_right_to_left("xx"));
    }
}
