use super::*;
use crate::mail::{Decider, MailLine, MailOrder, MailRefund};
use cancel_policy::{ExpectedTime, RefundDestination, SilenceOutcome};

fn store() -> Store {
    Store {
        name: "Nordlicht Home".into(),
        support_url: Some("https://shop.example/help".into()),
        order_url_template: Some(
            "https://shop.example/account/orders/{order_id}?n={order_number}".into(),
        ),
    }
}

fn event(kind: MailKind, locale: &str) -> MailEvent {
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
    }
}

/// What a shopper reads in an HTML part: the text without tags, entities decoded, spaces
/// collapsed.
fn visible(html: &str) -> String {
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

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mail-templates-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_partial_cancellation_reads_right_in_english() {
    let templates = Templates::load(None).unwrap();
    let mail = templates
        .render(&event(MailKind::Cancelled, "en"), &store())
        .unwrap();
    assert_eq!(
        mail.subject,
        "Items cancelled from order PO-10421 – Nordlicht Home"
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
        mail.text.starts_with("Hello,\n\nas you asked"),
        "{}",
        mail.text
    );
    // HTML escapes what the store typed; the text part keeps it as it is.
    assert!(
        mail.html.contains("Merino &lt;wool&gt; beanie &amp; scarf"),
        "{}",
        mail.html
    );
    assert!(mail.html.contains("<html lang=\"en\">"));
    assert!(!mail.text.contains("{{") && !mail.html.contains("{%"));
}

#[test]
fn a_whole_order_reads_right_in_german() {
    let templates = Templates::load(None).unwrap();
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
        mail.text
            .contains("Ihre Bestellung PO-10421 vom 5. Dezember 2026 ist wie gewünscht storniert"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("1.234,15\u{a0}€"), "{}", mail.text);
    assert!(
        mail.text.contains("innerhalb von 5–7 Werktagen"),
        "{}",
        mail.text
    );
    assert!(mail.html.contains("<html lang=\"de\">"));
    assert!(
        !mail.text.contains("Alles Weitere"),
        "a whole order has nothing else coming"
    );
}

#[test]
fn every_kind_says_its_own_thing_in_both_languages() {
    let templates = Templates::load(None).unwrap();
    let expect = [
        (MailKind::RequestReceived, "en", "Cancellation request received for order PO-10421 – Nordlicht Home", "will answer by December 6, 2026, 9:30\u{a0}AM UTC"),
        (MailKind::RequestReceived, "de", "Stornierungsanfrage zu Bestellung PO-10421 erhalten – Nordlicht Home", "bis 6. Dezember 2026, 09:30 UTC"),
        (MailKind::RequestApproved, "en", "Cancellation approved for order PO-10421 – Nordlicht Home", "did not answer in time"),
        (MailKind::RequestDenied, "de", "Stornierungsanfrage zu Bestellung PO-10421 abgelehnt – Nordlicht Home", "nicht rechtzeitig beantwortet"),
        (MailKind::RefundIssued, "en", "Refund of €1,234.15 issued for order PO-10421 – Nordlicht Home", "give your bank this reference: ARN-1"),
        (MailKind::RefundFailed, "de", "Bitte melden Sie sich: Erstattung für Bestellung PO-10421 fehlgeschlagen – Nordlicht Home", "Der uns genannte Grund: Karte gesperrt"),
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
            .contains("the seller approved your cancellation request"),
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
fn the_language_is_the_shoppers_when_the_templates_have_it() {
    let templates = Templates::load(None).unwrap();
    assert_eq!(templates.locales(), ["de", "en"]);
    for (header, want) in [
        (Some("de"), "de"),
        (Some("de-AT, de;q=0.9, en;q=0.5"), "de"),
        (Some("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7"), "en"),
        (Some("en;q=0.2, de;q=0.9"), "de"),
        (Some("fr"), "de"),
        (Some("*"), "de"),
        (Some("de;q=0"), "de"),
        (Some(""), "de"),
        (None, "de"),
    ] {
        assert_eq!(templates.pick_locale(header, "de"), want, "{header:?}");
    }
    assert_eq!(templates.pick_locale(Some("fr, de;q=0"), "en"), "en");
}

#[test]
fn a_merchant_overrides_one_file_and_adds_a_language() {
    let dir = temp_dir("override");
    std::fs::create_dir_all(dir.join("de")).unwrap();
    std::fs::write(
        dir.join("de/cancelled.txt"),
        "{% extends \"de/_layout.txt\" %}{% block subject %}Storno {{ order.number }} bei {{ store.name }}{% endblock %}\n{% block body %}{% if refund %}Ihr Storno: {{ refund.amount | money }}{% endif %}{% endblock %}",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("fr")).unwrap();
    for (name, source) in built_in_files() {
        if let Some(file) = name.strip_prefix("en/") {
            std::fs::write(dir.join("fr").join(file), source.replace("\"en/", "\"fr/")).unwrap();
        }
    }
    let templates = Templates::load(Some(&dir)).unwrap();
    assert_eq!(templates.locales(), ["de", "en", "fr"]);
    let mail = templates
        .render(&event(MailKind::Cancelled, "de"), &store())
        .unwrap();
    assert_eq!(mail.subject, "Storno PO-10421 bei Nordlicht Home");
    assert!(
        mail.text
            .starts_with("Hallo,\n\nIhr Storno: 1.234,15\u{a0}€\n"),
        "{}",
        mail.text
    );
    assert!(
        mail.html.contains("Wie gewünscht"),
        "the HTML part is still the built-in one"
    );
    let french = templates
        .render(&event(MailKind::Cancelled, "fr"), &store())
        .unwrap();
    assert!(
        french.text.contains("1234.15\u{a0}EUR") && french.text.contains("2026-12-05"),
        "{}",
        french.text
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_template_stops_the_start_with_the_file_the_line_and_why() {
    let dir = temp_dir("broken");
    std::fs::create_dir_all(dir.join("de")).unwrap();
    let file = dir.join("de/refund_failed.html");
    std::fs::write(&file, "{% extends \"de/_layout.html\" %}\n{% block body %}\n<p>{{ refund.amount | money }\n{% endblock %}").unwrap();
    let error = Templates::load(Some(&dir)).err().unwrap();
    assert!(
        error.starts_with(&format!(
            "mail template {}, line 3: syntax error",
            file.display()
        )),
        "{error}"
    );

    std::fs::write(&file, "{% extends \"de/_layout.html\" %}\n{% block body %}\n<p>{{ refund.amout | money }}</p>\n{% endblock %}").unwrap();
    let error = Templates::load(Some(&dir)).err().unwrap();
    assert!(
        error.starts_with(&format!("mail template {}, line 3: ", file.display())),
        "{error}"
    );
    assert!(
        error.contains("money expects an amount ({amount, currency}), not an undefined value"),
        "{error}"
    );

    std::fs::write(
        &file,
        "{% extends \"de/_layout.html\" %}{% block body %}{{ order.number | shout }}{% endblock %}",
    )
    .unwrap();
    let error = Templates::load(Some(&dir)).err().unwrap();
    assert!(
        error.contains("refund_failed.html, line 1: ") && error.contains("shout"),
        "{error}"
    );
    std::fs::remove_file(&file).unwrap();

    std::fs::create_dir_all(dir.join("it")).unwrap();
    std::fs::write(
        dir.join("it/cancelled.txt"),
        "{% block subject %}x{% endblock %}",
    )
    .unwrap();
    let error = Templates::load(Some(&dir)).err().unwrap();
    assert!(
        error.starts_with("mail templates: language it has no _layout.txt"),
        "{error}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    let missing = Templates::load(Some(Path::new("/nonexistent/mail")))
        .err()
        .unwrap();
    assert!(
        missing.starts_with("--mail-templates /nonexistent/mail: "),
        "{missing}"
    );
}

#[test]
fn kinds_switched_off_are_named_exactly() {
    assert_eq!(
        parse_kinds("request_received, refund_issued,").unwrap(),
        [MailKind::RequestReceived, MailKind::RefundIssued]
    );
    let error = parse_kinds("cancelled,refunded").unwrap_err();
    assert!(
        error.starts_with("unknown email kind \"refunded\": one of cancelled, "),
        "{error}"
    );
}
