//! What templates call besides the data: `t("key", name=value, n=count)` for a catalog's
//! text, `sentences(a, b, …)` to join sentences and `aside(text)` to bracket a remark as the
//! language does, the filters `money`,
//! `date` and `datetime` (ICU's forms for the email's language), and the scan that finds the
//! keys a template names, for the start-up check.

use super::catalog::{self, Catalogs};
use super::{format, locale};
use cancel_policy::{Money, Timestamp};
use minijinja::value::{Kwargs, Rest};
use minijinja::{Error, ErrorKind, HtmlEscape, State, Value};

/// The keys a template's source names in `t("…")` inside its tags, with their lines; a
/// `t(` whose key is not written out is an error (the check could not see it).
pub fn keys_named(source: &str) -> Result<Vec<(String, usize)>, (String, usize)> {
    let mut keys = Vec::new();
    let mut from = 0;
    while let Some(open) = source[from..].find(['{']).map(|i| from + i) {
        let close = match source.get(open..open + 2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let end = source[open..]
            .find(close)
            .map_or(source.len(), |i| open + i);
        let tag = &source[open..end];
        let mut at = 0;
        while let Some(found) = tag[at..].find("t(").map(|i| at + i) {
            at = found + 2;
            let before = tag[..found].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let line = source[..open + found].matches('\n').count() + 1;
            let rest = tag[at..].trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
            match quote.and_then(|q| rest[1..].split_once(q)) {
                Some((key, _)) => keys.push((key.to_string(), line)),
                None => {
                    let why = "t( needs its key written out, e.g. t(\"mail.greeting\")";
                    return Err((why.into(), line));
                }
            }
        }
        from = end;
    }
    Ok(keys)
}

/// `t("key", name=value, n=count)`: the text in the email's language, the values filled
/// in (numbers in the locale's digits), escaped for the HTML part.
pub fn translate(
    catalogs: &Catalogs,
    state: &State,
    key: &str,
    args: &Kwargs,
) -> Result<Value, Error> {
    let tag = locale_of(state);
    let html = state.lookup("html").is_some_and(|h| h.is_true());
    let wrong = |why: String| Error::new(ErrorKind::InvalidOperation, why);
    let Some(source) = catalogs.source(key) else {
        return Err(wrong(format!("t({key:?}): no such text in English")));
    };
    let placeholders = source.placeholders();
    let plural = matches!(source, catalog::Message::Plural(_));
    for name in args.args() {
        let known = placeholders.contains(name) || (name == "n" && plural);
        if !known {
            return Err(wrong(format!("t({key:?}): the text has no {{{name}}}")));
        }
    }
    let n = match args.get::<Option<Value>>("n")? {
        Some(n) => Some(
            u64::try_from(n.clone())
                .map_err(|_| wrong(format!("t({key:?}): n must be a count, not {n}")))?,
        ),
        None => None,
    };
    let value = |name: &str| -> Option<String> {
        let value: Value = args.get(name).ok()?;
        let text = match i64::try_from(value.clone()) {
            Ok(number) if value.as_str().is_none() => format::number(&tag, number),
            _ => value.to_string(),
        };
        Some(if html && !value.is_safe() {
            HtmlEscape(&text).to_string()
        } else {
            text
        })
    };
    let escape = |literal: &str| {
        if html {
            HtmlEscape(literal).to_string()
        } else {
            literal.to_string()
        }
    };
    let text = catalogs
        .text_with(&tag, key, n, &value, &escape)
        .map_err(wrong)?;
    Ok(if html {
        Value::from_safe_string(text)
    } else {
        Value::from(text)
    })
}

/// `sentences(a, b, …)`: sentences of one paragraph, joined as the email's language writes
/// them ([`locale::sentence_gap`]: "Done. It takes…" but "完了しました。通常…"); empty ones
/// left out. In the HTML part a value not already escaped (by `t()` or a macro) is escaped.
pub fn sentences(state: &State, parts: Rest<Value>) -> Value {
    let html = state.lookup("html").is_some_and(|h| h.is_true());
    let joined = parts
        .iter()
        .map(|part| match html && !part.is_safe() {
            true => HtmlEscape(&part.to_string()).to_string(),
            false => part.to_string(),
        })
        .map(|part| part.trim().to_string())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(locale::sentence_gap(&locale_of(state)));
    match html {
        true => Value::from_safe_string(joined),
        false => Value::from(joined),
    }
}

/// `aside(text)`: `text` as a remark in brackets, as the email's language writes one
/// ([`locale::aside`]: " (1 of the 3 you ordered)", "（ご注文数3点のうち1点）").
pub fn aside(state: &State, text: Value) -> Value {
    let html = state.lookup("html").is_some_and(|h| h.is_true());
    let text = match html && !text.is_safe() {
        true => HtmlEscape(&text.to_string()).to_string(),
        false => text.to_string(),
    };
    let written = locale::aside(&locale_of(state), text.trim());
    match html {
        true => Value::from_safe_string(written),
        false => Value::from(written),
    }
}

fn locale_of(state: &State) -> String {
    state
        .lookup("locale")
        .and_then(|l| l.as_str().map(str::to_string))
        .unwrap_or_else(|| catalog::SOURCE.into())
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
pub fn money_filter(state: &State, value: Value) -> Result<String, Error> {
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
pub fn date_filter(state: &State, value: Value) -> Result<String, Error> {
    Ok(format::date(&locale_of(state), timestamp("date", &value)?))
}

/// `{{ respond_by | datetime }}`: "December 5, 2026 at 2:30 PM" (UTC; the catalog's
/// `mail.datetime_utc` says so).
pub fn datetime_filter(state: &State, value: Value) -> Result<String, Error> {
    Ok(format::date_time(
        &locale_of(state),
        timestamp("datetime", &value)?,
    ))
}
