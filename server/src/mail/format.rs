//! Money, dates and numbers as the shopper reads them, written by ICU4X with CLDR's data
//! compiled in (the same data the widget's browser Intl uses): the currency's symbol placed
//! and spaced as the locale does it ("€12.99", "12,99 €", "US$ 12,99"), its minor units
//! (JPY none, KWD three), the locale's digits and separators, and its month names.

use cancel_policy::{Money, Timestamp};
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_datetime::DateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::provider::currency::fractions::CurrencyFractionsV1;
use icu_locale_core::Locale;
use icu_provider::{DataPayload, DataProvider};

fn locale(tag: &str) -> Locale {
    tag.parse().unwrap_or(Locale::UNKNOWN)
}

/// Digits after the decimal point of an ISO 4217 currency (CLDR's, as Intl's
/// `maximumFractionDigits`): 2, or 0 for JPY, 3 for KWD.
fn minor_digits(currency: CurrencyType) -> i16 {
    let fractions: Result<DataPayload<CurrencyFractionsV1>, _> = icu_experimental::provider::Baked
        .load(Default::default())
        .map(|response| response.payload);
    fractions.map_or(2, |f| f.get().resolve(currency).digits as i16)
}

/// `value` in the locale's form: en "€1,234.50", de "1.234,50 €", fr "1 234,50 €".
pub fn money(tag: &str, value: &Money) -> String {
    let formatted = CurrencyType::try_from_str(&value.currency)
        .ok()
        .and_then(|currency| {
            let formatter = CurrencyFormatter::try_new_symbol(
                (&locale(tag)).into(),
                currency,
                Default::default(),
            )
            .ok()?;
            let mut amount = Decimal::from(value.amount);
            amount.multiply_pow10(-minor_digits(currency));
            let written = formatter.format_fixed_decimal(&amount).to_string();
            Some(written)
        });
    // A code CLDR does not know still reads: the amount in minor units and the code.
    formatted.unwrap_or_else(|| format!("{} {}", number(tag, value.amount), value.currency))
}

/// A count in the locale's digits and grouping: "1,234", "1.234".
pub fn number(tag: &str, value: i64) -> String {
    DecimalFormatter::try_new((&locale(tag)).into(), Default::default())
        .map(|f| f.format(&Decimal::from(value)).to_string())
        .unwrap_or_else(|_| value.to_string())
}

/// (date, time) of `at` in UTC (the server knows no shopper's time zone).
fn date_and_time(at: Timestamp) -> DateTime<icu_calendar::Iso> {
    // RFC 3339 as the policy crate writes it: 2026-12-05T14:30:00Z.
    let text = at.to_string();
    let num = |range: std::ops::Range<usize>| text[range].parse::<i32>().unwrap_or(1);
    let date = Date::try_new_iso(num(0..4), num(5..7) as u8, num(8..10) as u8)
        .unwrap_or_else(|_| Date::try_new_iso(1970, 1, 1).expect("a valid date"));
    let time = Time::try_new(num(11..13) as u8, num(14..16) as u8, 0, 0)
        .unwrap_or_else(|_| Time::start_of_day());
    DateTime { date, time }
}

/// The day, long: en "December 5, 2026", de "5. Dezember 2026", ja "2026年12月5日".
pub fn date(tag: &str, at: Timestamp) -> String {
    DateTimeFormatter::try_new((&locale(tag)).into(), YMD::long())
        .map(|f| f.format(&date_and_time(at)).to_string())
        .unwrap_or_else(|_| at.to_string()[..10].to_string())
}

/// The day and the time to the minute, in UTC: en "December 5, 2026 at 2:30 PM", de
/// "5. Dezember 2026 um 14:30" (the catalog's `mail.datetime_utc` says it is UTC).
pub fn date_time(tag: &str, at: Timestamp) -> String {
    let fields = YMDT::long().with_time_precision(TimePrecision::Minute);
    DateTimeFormatter::try_new((&locale(tag)).into(), fields)
        .map(|f| f.format(&date_and_time(at)).to_string())
        .unwrap_or_else(|_| at.to_string())
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
        assert_eq!(money("fr", &eur(123_450)), "1\u{202f}234,50\u{a0}€");
        assert_eq!(money("en", &Money::new(5, "USD")), "$0.05");
        assert_eq!(money("en", &Money::new(1200, "JPY")), "¥1,200");
        assert_eq!(money("de", &Money::new(1500, "CHF")), "15,00\u{a0}CHF");
        assert_eq!(money("en", &Money::new(1234, "KWD")), "KWD\u{a0}1.234");
        assert_eq!(money("de-AT", &eur(-250)), "-€\u{a0}2,50");
        assert_eq!(money("nl", &eur(1299)), "€\u{a0}12,99");
        assert_eq!(money("ja", &Money::new(1200, "JPY")), "￥1,200");
    }

    #[test]
    fn dates_read_in_the_shoppers_language() {
        let at = Timestamp::parse("2026-12-05T14:30:00Z").unwrap();
        assert_eq!(date("en", at), "December 5, 2026");
        assert_eq!(date("de", at), "5. Dezember 2026");
        assert_eq!(date("fr", at), "5 décembre 2026");
        assert_eq!(date("ja", at), "2026年12月5日");
        assert_eq!(date_time("en", at), "December 5, 2026 at 2:30\u{202f}PM");
        assert_eq!(date_time("de", at), "5. Dezember 2026 um 14:30");
        let midnight = Timestamp::parse("2026-03-01T00:05:00Z").unwrap();
        assert_eq!(
            date_time("en", midnight),
            "March 1, 2026 at 12:05\u{202f}AM"
        );
        assert_eq!(date("de", midnight), "1. März 2026");
        assert_eq!(number("de", 12345), "12.345");
    }
}
