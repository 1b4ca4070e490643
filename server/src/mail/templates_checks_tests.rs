//! The checks at start and what a merchant changes: templates and texts overridden, broken
//! ones refused with the file and the line, German in "du", Arabic right to left.

use super::tests::{built_in, event, store, temp_dir, visible};
use super::*;
use crate::mail::MailKind;

fn load(templates: Option<&Path>, texts: Option<&Path>) -> Result<Templates, String> {
    Templates::load(templates, Catalogs::load(texts)?)
}

#[test]
fn a_merchant_overrides_a_template_per_language_or_for_all_and_a_text() {
    let dir = temp_dir("override");
    std::fs::create_dir_all(dir.join("templates/de")).unwrap();
    std::fs::create_dir_all(dir.join("texts")).unwrap();
    // German only: a subject of the merchant's own and a shorter text part.
    std::fs::write(
        dir.join("templates/de/cancelled.txt"),
        "{% extends \"_layout.txt\" %}{% block title %}Storno {{ order.number }}{% endblock %}\n{% block body %}{% if refund %}Dein Storno: {{ refund.amount | money }}{% endif %}{% endblock %}",
    )
    .unwrap();
    // Every language: the layout's greeting line replaced by the store's own.
    let layout = built_in_files()["_layout.html"].replace(
        "{{ t(\"mail.greeting\") }}",
        "{{ t(\"mail.greeting\") }} 👋",
    );
    std::fs::write(dir.join("templates/_layout.html"), layout).unwrap();
    std::fs::write(
        dir.join("texts/en.json"),
        r#"{"mail.greeting": "Hi there,"}"#,
    )
    .unwrap();
    let templates = load(Some(&dir.join("templates")), Some(&dir.join("texts"))).unwrap();
    let mail = templates
        .render(&event(MailKind::Cancelled, "de"), &store())
        .unwrap();
    assert_eq!(mail.subject, "Storno PO-10421 – Nordlicht Home");
    assert!(
        mail.text
            .starts_with("Hallo,\n\nDein Storno: 1.234,15\u{a0}€\n"),
        "{}",
        mail.text
    );
    assert!(mail.html.contains("Hallo, 👋"), "{}", mail.html);
    assert!(
        mail.html.contains("wie gewünscht"),
        "the German HTML body is the built-in one"
    );
    let english = templates
        .render(&event(MailKind::Cancelled, "en"), &store())
        .unwrap();
    assert!(
        english.text.starts_with("Hi there,\n\nAs you asked"),
        "{}",
        english.text
    );
    assert!(english.html.contains("Hi there, 👋"), "{}", english.html);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_template_stops_the_start_with_the_file_the_line_and_why() {
    let dir = temp_dir("broken");
    std::fs::create_dir_all(dir.join("de")).unwrap();
    let file = dir.join("de/refund_failed.html");
    let write = |text: &str| std::fs::write(&file, text).unwrap();
    let error = || load(Some(&dir), None).err().unwrap();
    write("{% extends \"_layout.html\" %}\n{% block body %}\n<p>{{ refund.amount | money }\n{% endblock %}");
    let message = error();
    assert!(
        message.starts_with(&format!(
            "mail template {}, line 3: syntax error",
            file.display()
        )),
        "{message}"
    );
    write("{% extends \"_layout.html\" %}\n{% block body %}\n<p>{{ refund.amout | money }}</p>\n{% endblock %}");
    let message = error();
    assert!(
        message.starts_with(&format!("mail template {}, line 3: ", file.display()))
            && message
                .contains("money expects an amount ({amount, currency}), not an undefined value"),
        "{message}"
    );
    write("{% extends \"_layout.html\" %}{% block body %}{{ order.number | shout }}{% endblock %}");
    let message = error();
    assert!(
        message.contains("refund_failed.html, line 1: ") && message.contains("shout"),
        "{message}"
    );
    write("{% extends \"_layout.html\" %}\n\n{% block body %}{{ t(\"mail.refund_failed.titel\") }}{% endblock %}");
    assert_eq!(
        error(),
        format!("mail template {}, line 3: t(\"mail.refund_failed.titel\"): no such text in English (locales/email/en.json)", file.display())
    );
    write("{% extends \"_layout.html\" %}{% block body %}{{ t(\"mail.view_order\", numbr=order.number) }}{% endblock %}");
    let message = error();
    assert!(
        message.contains("t(\"mail.view_order\"): the text has no {numbr}"),
        "{message}"
    );
    write("{% extends \"_layout.html\" %}{% block body %}{{ t(key) }}{% endblock %}");
    let message = error();
    assert!(
        message.ends_with("line 1: t( needs its key written out, e.g. t(\"mail.greeting\")"),
        "{message}"
    );
    std::fs::remove_file(&file).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let missing = load(Some(Path::new("/nonexistent/mail")), None)
        .err()
        .unwrap();
    assert!(
        missing.starts_with("--mail-templates /nonexistent/mail: "),
        "{missing}"
    );
}

#[test]
fn german_emails_say_du_and_arabic_ones_are_right_to_left() {
    let templates = built_in();
    for kind in MailKind::ALL {
        for event in crate::mail::samples::samples("de")
            .into_iter()
            .filter(|e| e.kind == kind)
        {
            let mail = templates.render(&event, &store()).unwrap();
            for part in [&mail.subject, &mail.text, &visible(&mail.html)] {
                // "Sie" starts sentences as "they"; the formal "you" never appears.
                for formal in [
                    "Ihr",
                    "Ihnen",
                    "melden Sie",
                    "können Sie",
                    "nennen Sie",
                    "Antworten Sie",
                    "Schreiben Sie",
                    "wünschen Sie",
                ] {
                    assert!(!part.contains(formal), "{kind:?}: {formal:?} in {part}");
                }
            }
            let says_du = ["du ", "dein", "dir", "dich"]
                .iter()
                .any(|w| mail.text.contains(w));
            assert!(says_du, "{kind:?}: {}", mail.text);
            assert!(mail.html.contains("<html lang=\"de\" dir=\"ltr\">"));
        }
    }
    // A right-to-left language (a merchant's Arabic texts over English ones, for the test).
    let dir = temp_dir("rtl");
    std::fs::write(dir.join("ar.json"), every_form_of_english("ar")).unwrap();
    let templates = load(None, Some(&dir)).unwrap();
    let mail = templates
        .render(&event(MailKind::Cancelled, "ar"), &store())
        .unwrap();
    assert!(
        mail.html.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        mail.html
    );
    let _ = std::fs::remove_dir_all(&dir);
    // The built-in Arabic and Japanese texts, in their own words and punctuation.
    let templates = built_in();
    let arabic = templates
        .render(&event(MailKind::Cancelled, "ar"), &store())
        .unwrap();
    assert!(arabic.html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        arabic.text.starts_with("مرحبًا،\n") && arabic.subject.contains("الطلب رقم PO-10421"),
        "{}",
        arabic.text
    );
    let japanese = templates
        .render(&event(MailKind::RefundFailed, "ja"), &store())
        .unwrap();
    assert_eq!(
        japanese.subject,
        "【Nordlicht Home】ご対応のお願い：ご注文（PO-10421）の返金を完了できませんでした"
    );
    assert!(japanese.html.contains("<html lang=\"ja\" dir=\"ltr\">"));
}

#[test]
fn the_translated_emails_keep_their_register_and_leave_no_english() {
    let templates = built_in();
    // (language, words of the register its shops use, words of the other register)
    let registers: [(&str, &[&str], &[&str]); 5] = [
        (
            "fr",
            &["vous", "votre"],
            &[" tu ", " ton ", " ta ", " tes "],
        ),
        ("es", &["tu ", "te "], &["usted", " su pedido"]),
        ("it", &["tuo", "tua", "ti "], &[" Lei ", " Suo ", " Sua "]),
        ("nl", &["je "], &[" u ", " uw "]),
        (
            "pt-BR",
            &["você", "seu", "sua"],
            &[" tu ", " teu ", " tua "],
        ),
    ];
    for (tag, says, never) in registers {
        for event in crate::mail::samples::samples(tag) {
            let mail = templates.render(&event, &store()).unwrap();
            let all = format!("{}\n{}\n{}", mail.subject, mail.text, visible(&mail.html));
            let kind = event.kind;
            assert!(
                says.iter().any(|w| all.contains(w)),
                "{tag} {kind:?}: {all}"
            );
            for word in never
                .iter()
                .chain(&["Hello", " the ", "your ", "order ", "refund"])
            {
                assert!(!all.contains(word), "{tag} {kind:?}: {word:?} in {all}");
            }
            assert!(mail
                .html
                .contains(&format!("<html lang=\"{tag}\" dir=\"ltr\">")));
            // French puts a no-break space before : ? ! ;
            if tag == "fr" {
                for mark in [" :", " ?", " !", " ;"] {
                    assert!(!all.contains(mark), "{kind:?}: {mark:?} in {all}");
                }
            }
        }
    }
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

/// A fixture catalog for `tag`: English's email texts, each plural one with every category
/// `tag` has (only a test's stand-in for a translation).
fn every_form_of_english(tag: &str) -> String {
    let english: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../../../locales/email/en.json")).unwrap();
    let locale: icu_locale_core::Locale = tag.parse().unwrap();
    let rules = icu_plurals::PluralRules::try_new_cardinal((&locale).into()).unwrap();
    let names: Vec<String> = rules
        .categories()
        .map(|c| format!("{c:?}").to_lowercase())
        .collect();
    let texts: serde_json::Map<String, serde_json::Value> = english
        .into_iter()
        .map(|(key, value)| match value {
            serde_json::Value::Object(forms) => {
                let other = forms["other"].clone();
                let all = names.iter().map(|n| (n.clone(), other.clone())).collect();
                (key, serde_json::Value::Object(all))
            }
            text => (key, text),
        })
        .collect();
    serde_json::to_string_pretty(&texts).unwrap()
}

#[test]
fn an_email_queued_in_a_language_gone_since_is_written_in_the_nearest_one() {
    let templates = built_in();
    for (queued, written, greeting) in [("de-AT", "de", "Hallo,"), ("sv", "en", "Hello,")] {
        let mail = templates
            .render(&event(MailKind::Cancelled, queued), &store())
            .unwrap();
        assert_eq!(mail.locale, written);
        assert!(mail.text.starts_with(greeting), "{}", mail.text);
        assert!(mail.html.contains(&format!("<html lang=\"{written}\"")));
    }
}

#[test]
fn a_template_uses_the_widgets_texts_without_a_copy() {
    let dir = temp_dir("widget-texts");
    std::fs::write(
        dir.join("refund_issued.txt"),
        "{% extends \"_layout.txt\" %}{% block title %}{{ t(\"dest.store_credit\") }}{% endblock %}\n{% block body %}{{ t(\"reason.changed_mind\") }}{% endblock %}",
    )
    .unwrap();
    let templates = load(Some(&dir), None).unwrap();
    for (locale, title, reason) in [
        ("en", "Store credit", "I changed my mind"),
        ("de", "Guthaben im Shop", "Ich habe es mir anders überlegt"),
    ] {
        let mail = templates
            .render(&event(MailKind::RefundIssued, locale), &store())
            .unwrap();
        assert!(mail.subject.starts_with(title), "{}", mail.subject);
        assert!(mail.text.contains(reason), "{}", mail.text);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
