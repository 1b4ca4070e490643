//! Money and dates as the shopper reads them, for the emails' locales. The widget formats
//! with the browser's Intl; these rules reproduce its output for `en` and `de` (en: "€12.99",
//! "December 5, 2026"; de: "12,99 €", "5. Dezember 2026") without an ICU data set in the
//! server. A merchant's own language (a templates folder of its own) gets ISO forms
//! ("12.99 EUR", "2026-12-05"), which read right everywhere.

use cancel_policy::{Money, Timestamp};

/// The locales whose numbers, money and dates are written out here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    En,
    De,
    Iso,
}

fn style(locale: &str) -> Style {
    match locale.split(['-', '_']).next().unwrap_or("") {
        "en" => Style::En,
        "de" => Style::De,
        _ => Style::Iso,
    }
}

const NBSP: char = '\u{a0}';

/// Digits after the decimal point of an ISO 4217 currency (its minor units).
fn minor_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "XAF" | "XOF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

fn symbol(currency: &str) -> Option<&'static str> {
    Some(match currency {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" => "¥",
        _ => return None,
    })
}

/// `1234` → `"1,234"` with `group` between thousands (none without one).
fn grouped(mut whole: u64, group: Option<char>) -> String {
    let Some(group) = group else {
        return whole.to_string();
    };
    let mut parts = Vec::new();
    loop {
        if whole < 1000 {
            parts.push(whole.to_string());
            break;
        }
        parts.push(format!("{:03}", whole % 1000));
        whole /= 1000;
    }
    parts.reverse();
    parts.join(&group.to_string())
}

/// `value` in the locale's form: en "€1,234.50", de "1.234,50 €", others "1234.50 EUR".
pub fn money(locale: &str, value: &Money) -> String {
    let digits = minor_digits(&value.currency);
    let scale = 10u64.pow(digits);
    let sign = if value.amount < 0 { "-" } else { "" };
    let abs = value.amount.unsigned_abs();
    let (whole, fraction) = (abs / scale, abs % scale);
    let number = |group: Option<char>, point: char| {
        let mut text = grouped(whole, group);
        if digits > 0 {
            text.push(point);
            text.push_str(&format!("{fraction:0width$}", width = digits as usize));
        }
        text
    };
    match (style(locale), symbol(&value.currency)) {
        (Style::En, Some(symbol)) => format!("{sign}{symbol}{}", number(Some(','), '.')),
        (Style::En, None) => format!("{sign}{}{NBSP}{}", value.currency, number(Some(','), '.')),
        (Style::De, symbol) => format!(
            "{sign}{}{NBSP}{}",
            number(Some('.'), ','),
            symbol.unwrap_or(&value.currency)
        ),
        (Style::Iso, _) => format!("{sign}{}{NBSP}{}", number(None, '.'), value.currency),
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// (year, month 1–12, day, hour, minute) of `at` in UTC.
fn parts(at: Timestamp) -> (i64, usize, u32, u32, u32) {
    // RFC 3339 as the policy crate writes it: 2026-12-05T14:30:00Z.
    let text = at.to_string();
    let num = |range: std::ops::Range<usize>| text[range].parse::<i64>().unwrap_or(0);
    (
        num(0..4),
        num(5..7) as usize,
        num(8..10) as u32,
        num(11..13) as u32,
        num(14..16) as u32,
    )
}

/// The day: en "December 5, 2026", de "5. Dezember 2026", others "2026-12-05".
pub fn date(locale: &str, at: Timestamp) -> String {
    let (year, month, day, _, _) = parts(at);
    match style(locale) {
        Style::En => format!("{} {day}, {year}", MONTHS_EN[month - 1]),
        Style::De => format!("{day}. {} {year}", MONTHS_DE[month - 1]),
        Style::Iso => format!("{year:04}-{month:02}-{day:02}"),
    }
}

/// The day and time, in UTC (the server knows no shopper's time zone), said so: en
/// "December 5, 2026, 2:30 PM UTC", de "5. Dezember 2026, 14:30 UTC".
pub fn date_time(locale: &str, at: Timestamp) -> String {
    let (_, _, _, hour, minute) = parts(at);
    let time = match style(locale) {
        Style::En => {
            let half = if hour < 12 { "AM" } else { "PM" };
            format!("{}:{minute:02}{NBSP}{half}", (hour + 11) % 12 + 1)
        }
        Style::De | Style::Iso => format!("{hour:02}:{minute:02}"),
    };
    format!("{}, {time} UTC", date(locale, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(amount: i64) -> Money {
        Money::new(amount, "EUR")
    }

    #[test]
    fn money_reads_like_the_widgets_intl() {
        assert_eq!(money("en", &eur(1299)), "€12.99");
        assert_eq!(money("de", &eur(1299)), "12,99\u{a0}€");
        assert_eq!(money("en", &eur(123_456_789)), "€1,234,567.89");
        assert_eq!(money("de", &eur(123_450)), "1.234,50\u{a0}€");
        assert_eq!(money("en", &Money::new(5, "USD")), "$0.05");
        assert_eq!(money("en", &Money::new(1200, "JPY")), "¥1,200");
        assert_eq!(money("de", &Money::new(1500, "CHF")), "15,00\u{a0}CHF");
        assert_eq!(money("en", &Money::new(1500, "CHF")), "CHF\u{a0}15.00");
        assert_eq!(money("en", &Money::new(1234, "KWD")), "KWD\u{a0}1.234");
        assert_eq!(money("de-AT", &eur(-250)), "-2,50\u{a0}€");
        assert_eq!(money("fr", &eur(123_450)), "1234.50\u{a0}EUR");
    }

    #[test]
    fn dates_read_in_the_shoppers_language() {
        let at = Timestamp::parse("2026-12-05T14:30:00Z").unwrap();
        assert_eq!(date("en", at), "December 5, 2026");
        assert_eq!(date("de", at), "5. Dezember 2026");
        assert_eq!(date("fr", at), "2026-12-05");
        assert_eq!(date_time("en", at), "December 5, 2026, 2:30\u{a0}PM UTC");
        assert_eq!(date_time("de", at), "5. Dezember 2026, 14:30 UTC");
        let midnight = Timestamp::parse("2026-03-01T00:05:00Z").unwrap();
        assert_eq!(
            date_time("en", midnight),
            "March 1, 2026, 12:05\u{a0}AM UTC"
        );
        assert_eq!(date("de", midnight), "1. März 2026");
    }
}
