use super::*;
use crate::mail::{Decider, MailLine, MailOrder, MailRefund};
use cancel_policy::{Money, Timestamp};

pub(super) fn built_in() -> Templates {
    Templates::load(None, Catalogs::load(None).unwrap()).unwrap()
}
use cancel_policy::{ExpectedTime, RefundDestination, SilenceOutcome};

pub(super) fn store() -> Store {
    Store {
        name: "Nordlicht Home".into(),
        support_url: Some("https://shop.example/help".into()),
        order_url_template: Some(
            "https://shop.example/account/orders/{order_id}?n={order_number}".into(),
        ),
    }
}

pub(super) fn event(kind: MailKind, locale: &str) -> MailEvent {
    MailEvent {
        kind,
        locale: locale.into(),
        order: MailOrder {
            id: "ord 7".into(),
            number: "PO-10421".into(),
            placed_at: Timestamp::parse("2026-12-05T09:30:00Z").unwrap(),
        },
        lines: vec![
            MailLine {
                title: "Merino <wool> beanie & scarf".into(),
                sku: "HAT".into(),
                quantity: 2,
                ordered: 2,
            },
            MailLine {
                title: "Pour-over set".into(),
                sku: "KIT".into(),
                quantity: 1,
                ordered: 3,
            },
        ],
        whole_order: false,
        refund: Some(MailRefund {
            amount: Money::new(123_415, "EUR"),
            destination: RefundDestination::OriginalPayment,
            expected: ExpectedTime::business_days(5, 7),
            reference: None,
            failure_reason: None,
        }),
        respond_by: None,
        if_unanswered: None,
        decided_by: None,
        parcel: None,
        reason: None,
    }
}

/// What a shopper reads in an HTML part: the text without tags, entities decoded, spaces
/// collapsed.
pub(super) fn visible(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mail-templates-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_partial_cancellation_reads_right_in_english() {
    let templates = built_in();
    let mail = templates
        .render(&event(MailKind::Cancelled, "en"), &store())
        .unwrap();
    assert_eq!(
        mail.subject,
        "3 items cancelled from order PO-10421 – Nordlicht Home"
    );
    for part in [mail.text.clone(), visible(&mail.html)] {
        assert!(part.contains("€1,234.15"), "{part}");
        assert!(part.contains("December 5, 2026"), "{part}");
        assert!(part.contains("5–7 business days"), "{part}");
    }
    let url = "https://shop.example/account/orders/ord%207?n=PO-10421";
    assert!(
        mail.text.contains(&format!("Your order: {url}\n")),
        "{}",
        mail.text
    );
    assert!(
        mail.html
            .replace("&#x2f;", "/")
            .contains(&format!("href=\"{url}\"")),
        "{}",
        mail.html
    );
    assert!(
        mail.text.contains("  - 2 × Merino <wool> beanie & scarf\n"),
        "{}",
        mail.text
    );
    assert!(
        mail.text
            .contains("  - 1 × Pour-over set (1 of the 3 you ordered)\n"),
        "{}",
        mail.text
    );
    assert!(
        mail.text
            .starts_with("Hello,\n\nAs you asked, we cancelled these items"),
        "{}",
        mail.text
    );
    // HTML escapes what the store typed; the text part keeps it as it is.
    assert!(
        mail.html.contains("Merino &lt;wool&gt; beanie &amp; scarf"),
        "{}",
        mail.html
    );
    assert!(mail.html.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(mail
        .html
        .contains("<title>3 items cancelled from order PO-10421</title>"));
    assert!(!mail.text.contains("{{") && !mail.html.contains("{%"));
    // One item: the singular, in the subject and the sentence.
    let one = MailEvent {
        lines: event(MailKind::Cancelled, "en").lines[1..].to_vec(),
        ..event(MailKind::Cancelled, "en")
    };
    let mail = templates.render(&one, &store()).unwrap();
    assert_eq!(
        mail.subject,
        "Item cancelled from order PO-10421 – Nordlicht Home"
    );
    assert!(
        mail.text.contains("we cancelled this item from your order"),
        "{}",
        mail.text
    );
}

#[test]
fn a_whole_order_reads_right_in_german() {
    let templates = built_in();
    let whole = MailEvent {
        whole_order: true,
        ..event(MailKind::Cancelled, "de")
    };
    let mail = templates.render(&whole, &store()).unwrap();
    assert_eq!(
        mail.subject,
        "Bestellung PO-10421 storniert – Nordlicht Home"
    );
    assert!(
        mail.text.starts_with(
            "Hallo,\n\ndeine Bestellung PO-10421 vom 5. Dezember 2026 ist wie gewünscht storniert"
        ),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("1.234,15\u{a0}€"), "{}", mail.text);
    assert!(
        mail.text.contains("Das dauert in der Regel 5–7 Werktage."),
        "{}",
        mail.text
    );
    assert!(mail.html.contains("<html lang=\"de\" dir=\"ltr\">"));
    assert!(
        !mail.text.contains("Alles andere"),
        "a whole order has nothing else coming"
    );
}

#[test]
fn every_kind_says_its_own_thing_in_both_languages() {
    let templates = built_in();
    let expect = [
        (
            MailKind::RequestReceived,
            "en",
            "Cancellation request received for order PO-10421 – Nordlicht Home",
            "will answer by December 6, 2026 at 9:30\u{202f}AM UTC",
        ),
        (
            MailKind::RequestReceived,
            "de",
            "Stornierungsanfrage zu Bestellung PO-10421 erhalten – Nordlicht Home",
            "antwortet bis zum 6. Dezember 2026 um 09:30 UTC",
        ),
        (
            MailKind::RequestApproved,
            "en",
            "Cancellation approved for order PO-10421 – Nordlicht Home",
            "did not answer in time",
        ),
        (
            MailKind::RequestDenied,
            "de",
            "Stornierungsanfrage zu Bestellung PO-10421 abgelehnt – Nordlicht Home",
            "nicht rechtzeitig beantwortet",
        ),
        (
            MailKind::RefundIssued,
            "en",
            "Refund of €1,234.15 issued for order PO-10421 – Nordlicht Home",
            "give your bank this reference: ARN-1",
        ),
        (
            MailKind::RefundFailed,
            "de",
            "Bitte melde dich: Erstattung für Bestellung PO-10421 fehlgeschlagen – Nordlicht Home",
            "Der uns genannte Grund: Karte gesperrt",
        ),
    ];
    for (kind, locale, subject, says) in expect {
        let mut mail_event = MailEvent {
            respond_by: Some(Timestamp::parse("2026-12-06T09:30:00Z").unwrap()),
            if_unanswered: Some(SilenceOutcome::Approve),
            decided_by: Some(Decider::Deadline),
            ..event(kind, locale)
        };
        let refund = mail_event.refund.as_mut().unwrap();
        refund.reference = Some("ARN-1".into());
        refund.failure_reason = Some("Karte gesperrt".into());
        let mail = templates.render(&mail_event, &store()).unwrap();
        assert_eq!(mail.subject, subject);
        assert!(mail.text.contains(says), "{kind:?} {locale}: {}", mail.text);
        assert!(
            visible(&mail.html).contains(says),
            "{kind:?} {locale}: {}",
            mail.html
        );
    }
    // The seller, not the deadline: said so.
    let by_seller = MailEvent {
        decided_by: Some(Decider::Seller),
        ..event(MailKind::RequestApproved, "en")
    };
    let mail = templates.render(&by_seller, &store()).unwrap();
    assert!(
        mail.text
            .contains("Hello,\n\nThe seller approved your cancellation request.\n\nCancelled:\n"),
        "{}",
        mail.text
    );
    // Without a support link, the failed refund still says what to do.
    let bare = Store {
        support_url: None,
        ..store()
    };
    let mail = templates
        .render(&event(MailKind::RefundFailed, "en"), &bare)
        .unwrap();
    assert!(
        mail.text
            .contains("What to do: reply to this email with your order number PO-10421"),
        "{}",
        mail.text
    );
}

#[test]
fn the_reason_reads_in_the_emails_language_after_the_lines() {
    use crate::mail::MailReason;
    let templates = built_in();
    let own = |kind, locale: &str, label: &str| MailEvent {
        reason: Some(MailReason {
            label_key: String::new(),
            label: Some(label.into()),
        }),
        ..event(kind, locale)
    };
    let mail = templates
        .render(
            &own(MailKind::Cancelled, "de", "Woanders <günstiger>"),
            &store(),
        )
        .unwrap();
    assert!(
        mail.text
            .contains("(1 von 3 bestellten)\n\nGrund: Woanders <günstiger>\n\n"),
        "{}",
        mail.text
    );
    assert!(
        mail.html
            .contains("Grund: <bdi>Woanders &lt;günstiger&gt;</bdi>"),
        "escaped and isolated in HTML: {}",
        mail.html
    );
    // In an Arabic email a Latin label keeps its own direction: "<Found it <cheaper" otherwise.
    let mail = templates
        .render(
            &own(MailKind::Cancelled, "ar", "Found it <cheaper>"),
            &store(),
        )
        .unwrap();
    assert!(
        mail.html
            .contains("السبب: <bdi>Found it &lt;cheaper&gt;</bdi>"),
        "{}",
        mail.html
    );
    assert!(
        mail.text.contains("السبب: Found it <cheaper>"),
        "{}",
        mail.text
    );
    let mail = templates
        .render(
            &own(MailKind::RequestReceived, "fr", "Trouvé moins cher"),
            &store(),
        )
        .unwrap();
    assert!(
        mail.text.contains("\nMotif\u{a0}: Trouvé moins cher\n"),
        "{}",
        mail.text
    );
    // A preset's reason: the catalogs' text in the email's language.
    let preset = MailEvent {
        reason: Some(MailReason {
            label_key: "reason.changed_mind".into(),
            label: None,
        }),
        ..event(MailKind::Cancelled, "de")
    };
    let mail = templates.render(&preset, &store()).unwrap();
    assert!(
        mail.text
            .contains("\nGrund: Ich habe es mir anders überlegt\n"),
        "{}",
        mail.text
    );
    // No reason given: no line.
    let mail = templates
        .render(&event(MailKind::Cancelled, "de"), &store())
        .unwrap();
    assert!(!mail.text.contains("Grund"), "{}", mail.text);
}

#[test]
fn an_order_number_stays_on_one_line_in_the_html_part_only() {
    let mail = built_in()
        .render(&event(MailKind::Cancelled, "ar"), &store())
        .unwrap();
    let number = "<bdi style=\"white-space:nowrap;\">PO-10421</bdi>";
    let heading = concat!(
        "<h1 style=\"margin:0 0 16px;font-size:20px;line-height:1.3;\">تم إلغاء 3 منتجات من ",
        "الطلب رقم <bdi style=\"white-space:nowrap;\">PO-10421</bdi></h1>"
    );
    assert!(mail.html.contains(heading), "{}", mail.html);
    assert!(mail.html.starts_with("<!DOCTYPE html>"), "{}", mail.html);
    for line in ["عرض الطلب ", "· الطلب رقم "] {
        assert!(
            mail.html.contains(&format!("{line}{number}")),
            "{}",
            mail.html
        );
    }
    assert!(!mail.subject.contains('<') && mail.subject.contains("PO-10421"));
    assert!(!mail.text.contains("bdi") && mail.text.contains("رقم PO-10421"));
}
