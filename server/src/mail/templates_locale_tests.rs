//! Emails in languages written unlike English, as their shoppers read them: Japanese and
//! Chinese sentences run on after their full stops with no space between; Arabic money,
//! dates and numbers in the digits the widget shows.

use super::tests::{built_in, event, store};
use super::*;
use crate::mail::format;
use crate::mail::samples::samples;
use cancel_policy::{Money, Timestamp};

#[test]
fn japanese_and_chinese_sentences_run_on_without_a_space() {
    let templates = built_in();
    for tag in ["ja", "zh-CN"] {
        for sample in samples(tag) {
            let mail = templates.render(&sample, &store()).unwrap();
            for part in [&mail.text, &mail.html] {
                assert!(!part.contains("。 "), "{tag} {:?}: {part}", sample.kind);
            }
        }
    }
    // The refund's paragraph: where it goes, when it arrives, what comes next, as one run.
    let japanese = templates
        .render(&event(MailKind::Cancelled, "ja"), &store())
        .unwrap();
    let refund = "返金額€1,234.15は、ご注文時のお支払い方法に返金されます。\
                  通常、5〜7営業日ほどかかります。\
                  返金が完了しましたら、改めてメールでお知らせします。";
    assert!(
        japanese.text.contains(&format!("\n{refund}\n")),
        "{}",
        japanese.text
    );
    assert!(japanese.html.contains(refund), "{}", japanese.html);
    let chinese = templates
        .render(&event(MailKind::RefundIssued, "zh-CN"), &store())
        .unwrap();
    let issued = "您订单 PO-10421 的 €1,234.15 已退回原支付方式。通常需要 5–7 个工作日。\
                  具体到账时间取决于您的银行。";
    assert!(
        chinese.text.contains(&format!("\n{issued}\n")),
        "{}",
        chinese.text
    );
    assert!(chinese.html.contains(issued), "{}", chinese.html);
    // Other languages keep their space between sentences.
    let english = templates
        .render(&event(MailKind::Cancelled, "en"), &store())
        .unwrap();
    assert!(
        english
            .text
            .contains("original payment method. This usually takes 5–7 business days. We will"),
        "{}",
        english.text
    );
}

/// What Chromium (156, the browser of these tests and the demo) writes for `ar` with
/// `Intl.NumberFormat('ar', {style: 'currency', currency: 'EUR'})`, `Intl.DateTimeFormat('ar',
/// {dateStyle: 'long'})` and `Intl.NumberFormat('ar')`: Latin digits, as CLDR's default
/// numbering system for `ar` is `latn` (ICU4X's data says the same), the amount after a
/// right-to-left mark. The emails must not use other digits than the widget.
#[test]
fn arabic_money_dates_and_numbers_read_as_the_widget_shows_them() {
    let at = Timestamp::parse("2026-12-05T14:30:00Z").unwrap();
    assert_eq!(
        format::money("ar", &Money::new(3285, "EUR")),
        "\u{200f}32.85\u{a0}€"
    );
    assert_eq!(
        format::money("ar", &Money::new(123_450, "EUR")),
        "\u{200f}1,234.50\u{a0}€"
    );
    assert_eq!(format::date("ar", at), "5 ديسمبر 2026");
    assert_eq!(format::number("ar", 12345), "12,345");
    let templates = built_in();
    let eastern =
        |c: char| ('\u{660}'..='\u{669}').contains(&c) || ('\u{6f0}'..='\u{6f9}').contains(&c);
    for sample in samples("ar") {
        let mail = templates.render(&sample, &store()).unwrap();
        for part in [&mail.subject, &mail.text, &mail.html] {
            assert!(!part.contains(eastern), "{:?}: {part}", sample.kind);
        }
    }
    let cancelled = templates
        .render(&event(MailKind::Cancelled, "ar"), &store())
        .unwrap();
    for said in [
        "سيُعاد المبلغ المسترد \u{200f}1,234.15\u{a0}€ إلى وسيلة الدفع الأصلية.",
        "يستغرق ذلك عادةً من 5 إلى 7 أيام عمل.",
        "طلبك رقم PO-10421 المؤرخ 5 ديسمبر 2026",
    ] {
        assert!(cancelled.text.contains(said), "{said}\n{}", cancelled.text);
    }
}

/// In a right-to-left email a product's title keeps its own direction: Chromium drew
/// "Learn C++" in the Arabic email's item table as "++Learn C" (the trailing "++" took the
/// paragraph's direction) until the title was isolated.
#[test]
fn a_latin_product_title_reads_left_to_right_in_an_arabic_email() {
    let mut book = event(MailKind::Cancelled, "ar");
    book.lines[0].title = "Learn C++".into();
    let mail = built_in().render(&book, &store()).unwrap();
    assert!(mail.html.contains("<bdi>Learn C++</bdi>"), "{}", mail.html);
    assert!(
        mail.html
            .contains("<bdi>Pour-over set</bdi><br><span style=\"font-size:13px;color:#52525b;\">"),
        "{}",
        mail.html
    );
    // Escaped as before: a title is text.
    let mail = built_in()
        .render(&event(MailKind::Cancelled, "ar"), &store())
        .unwrap();
    assert!(
        mail.html
            .contains("<bdi>Merino &lt;wool&gt; beanie &amp; scarf</bdi>"),
        "{}",
        mail.html
    );
}

/// A part of a line's quantity, in brackets as each language writes them: full-width and
/// without a space before in Chinese and Japanese.
#[test]
fn a_remark_in_brackets_is_written_as_the_language_writes_it() {
    let templates = built_in();
    for (tag, line) in [
        ("ja", "  - Pour-over set × 1（ご注文数3点のうち1点）\n"),
        ("zh-CN", "  - Pour-over set × 1（共订购 3 件，本次 1 件）\n"),
        ("en", "  - 1 × Pour-over set (1 of the 3 you ordered)\n"),
    ] {
        let mail = templates
            .render(&event(MailKind::Cancelled, tag), &store())
            .unwrap();
        assert!(mail.text.contains(line), "{tag}: {}", mail.text);
    }
}
