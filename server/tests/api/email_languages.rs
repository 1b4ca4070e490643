//! The emails' languages (issue 25), through the real SMTP server: the shopper's language
//! with its fallbacks, plural forms, a language added by catalog files alone, a merchant's
//! own text and template, and the start-up check of catalogs.

use crate::emails::{cancel_in, header, mail_config, Smtp};
use crate::harness::*;
use order_cancel_server::config::MailConfig;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

fn server_with(smtp: &Smtp, adjust: impl FnOnce(&mut MailConfig) + 'static) -> TestServer {
    let url = smtp.url();
    TestServer::start_with(move |c| {
        c.mail = mail_config(url);
        adjust(&mut c.mail);
    })
}

/// Cancels one unit of `title` in order `number` with `language`, and returns the email.
fn cancel_and_read(
    server: &TestServer,
    smtp: &Smtp,
    number: &str,
    title: &str,
    units: u32,
    language: &str,
) -> Value {
    let before = smtp.messages().len();
    let order = server.order_numbered(number);
    cancel_in(
        server,
        &order,
        line(&order, title, units),
        &format!("l-{number}"),
        language,
    );
    smtp.wait_for(before + 1).remove(before)
}

fn text_of(mail: &Value) -> String {
    mail["text"].as_str().unwrap().replace("\r\n", "\n")
}

#[test]
fn the_language_falls_back_from_region_to_language_to_the_store_to_english() {
    let smtp = Smtp::start();
    let server = server_with(&smtp, |m| m.default_locale = "de-CH".into());
    // A region of a language the emails have: that language.
    let mail = cancel_and_read(&server, &smtp, "PO-10421", "Merino wool beanie", 1, "de-AT");
    assert_eq!(header(&mail, "Content-Language"), "de");
    // A language the emails do not have: the store's (de-CH → de).
    let mail = cancel_and_read(
        &server,
        &smtp,
        "PO-10416",
        "Stoneware mug, blue glaze",
        1,
        "xx",
    );
    assert_eq!(header(&mail, "Content-Language"), "de");
    assert_eq!(
        mail["subject"],
        "Bestellung PO-10416 storniert – Nordlicht Home"
    );
    // English asked for, English written, whatever the store's language.
    let mail = cancel_and_read(&server, &smtp, "PO-10419", "Beeswax food wraps", 3, "en-GB");
    assert_eq!(header(&mail, "Content-Language"), "en");
    // Plural forms: three units are "3 items", one is "Item".
    assert_eq!(
        mail["subject"],
        "3 items cancelled from order PO-10419 – Nordlicht Home"
    );
    assert!(text_of(&mail).contains("we cancelled these items from your order"));
    drop(server);

    // A store language without email texts: English.
    let server = server_with(&smtp, |m| m.default_locale = "sv-SE".into());
    let mail = cancel_and_read(&server, &smtp, "PO-10421", "Merino wool beanie", 1, "xx");
    assert_eq!(header(&mail, "Content-Language"), "en");
    assert_eq!(
        mail["subject"],
        "Item cancelled from order PO-10421 – Nordlicht Home"
    );
    assert!(text_of(&mail).contains("we cancelled this item from your order"));
    // The translated languages: a region falls back to its language (fr-CA → fr), a
    // language with its region is found as it is (pt-BR), each with its plural forms.
    let mail = cancel_and_read(
        &server,
        &smtp,
        "PO-10416",
        "Stoneware mug, blue glaze",
        1,
        "fr-CA",
    );
    assert_eq!(header(&mail, "Content-Language"), "fr");
    assert_eq!(
        mail["subject"],
        "Commande PO-10416 annulée – Nordlicht Home"
    );
    let text = text_of(&mail);
    assert!(
        text.starts_with("Bonjour,\n\nComme vous l’avez demandé, votre commande PO-10416 du "),
        "{text}"
    );
    let mail = cancel_and_read(&server, &smtp, "PO-10419", "Beeswax food wraps", 3, "pt-BR");
    assert_eq!(header(&mail, "Content-Language"), "pt-BR");
    assert_eq!(
        mail["subject"],
        "3 itens cancelados do pedido PO-10419 – Nordlicht Home"
    );
    assert!(text_of(&mail).contains("cancelamos estes itens do seu pedido PO-10419"));
}

#[test]
fn polish_and_arabic_shoppers_read_their_own_plural_forms() {
    let smtp = Smtp::start();
    let server = server_with(&smtp, |_| {});
    // Polish: three units are "few" ("3 produkty").
    let mail = cancel_and_read(&server, &smtp, "PO-10419", "Beeswax food wraps", 3, "pl-PL");
    assert_eq!(header(&mail, "Content-Language"), "pl");
    assert_eq!(
        mail["subject"],
        "Anulowano 3 produkty z zamówienia PO-10419 – Nordlicht Home"
    );
    assert!(
        text_of(&mail).starts_with("Dzień dobry,\n"),
        "{}",
        text_of(&mail)
    );
    // Arabic: one unit is "one" (no number), the HTML part right to left.
    let mail = cancel_and_read(&server, &smtp, "PO-10421", "Merino wool beanie", 1, "ar-EG");
    assert_eq!(header(&mail, "Content-Language"), "ar");
    assert_eq!(
        mail["subject"],
        "تم إلغاء منتج من الطلب رقم PO-10421 – Nordlicht Home"
    );
    assert!(mail["html"]
        .as_str()
        .unwrap()
        .contains("<html lang=\"ar\" dir=\"rtl\">"));
}

/// English's email texts as a Swedish fixture: every text marked `[sv]`, plural texts with
/// Swedish's categories (a test's stand-in for a translator's file).
fn swedish_fixture(dir: &Path) {
    let english: Map<String, Value> =
        serde_json::from_str(include_str!("../../../locales/email/en.json")).unwrap();
    let mark = |v: &Value| Value::String(format!("[sv] {}", v.as_str().unwrap()));
    let texts: Map<String, Value> = english
        .iter()
        .map(|(key, value)| match value {
            Value::Object(forms) => {
                let forms = ["one", "other"].map(|c| (c.to_string(), mark(&forms[c])));
                (key.clone(), Value::Object(forms.into_iter().collect()))
            }
            text => (key.clone(), mark(text)),
        })
        .collect();
    std::fs::write(
        dir.join("sv.json"),
        serde_json::to_string_pretty(&texts).unwrap(),
    )
    .unwrap();
}

#[test]
fn a_language_added_by_files_alone_is_written_and_sent() {
    let dir = temp_dir();
    swedish_fixture(&dir);
    let smtp = Smtp::start();
    let texts = dir.clone();
    let server = server_with(&smtp, move |m| m.texts = Some(texts));
    let mail = cancel_and_read(
        &server,
        &smtp,
        "PO-10421",
        "Merino wool beanie",
        1,
        "sv-SE, en;q=0.5",
    );
    assert_eq!(header(&mail, "Content-Language"), "sv");
    assert!(
        mail["subject"]
            .as_str()
            .unwrap()
            .starts_with("[sv] [sv] Item cancelled"),
        "{mail}"
    );
    let text = text_of(&mail);
    let html = mail["html"].as_str().unwrap();
    // Swedish dates and money come from CLDR, not from the catalog.
    let months = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    assert!(
        months.iter().any(|m| text.contains(&format!(" {m} 20"))),
        "a Swedish date: {text}"
    );
    assert!(
        text.contains("\u{a0}€"),
        "the euro sign after the amount, as Swedish has it: {text}"
    );
    assert!(html.contains("<html lang=\"sv\" dir=\"ltr\">"), "{html}");
    assert!(text.starts_with("[sv] Hello,\n"), "{text}");
}

#[test]
fn a_merchants_own_text_and_template_are_what_the_shopper_reads() {
    let dir = temp_dir();
    let (texts, templates) = (dir.join("texts"), dir.join("templates"));
    std::fs::create_dir_all(&texts).unwrap();
    std::fs::create_dir_all(templates.join("de")).unwrap();
    std::fs::write(texts.join("de.json"), r#"{"mail.greeting": "Moin,"}"#).unwrap();
    std::fs::write(
        templates.join("de/cancelled.txt"),
        "{% extends \"_layout.txt\" %}\n{% block title %}Storniert: {{ order.number }}{% endblock %}\n{% block body %}{{ lines | length }} Position(en) storniert.{% endblock %}\n",
    )
    .unwrap();
    let smtp = Smtp::start();
    let server = server_with(&smtp, move |m| {
        m.texts = Some(texts);
        m.templates = Some(templates);
    });
    let mail = cancel_and_read(&server, &smtp, "PO-10421", "Merino wool beanie", 1, "de");
    assert_eq!(mail["subject"], "Storniert: PO-10421 – Nordlicht Home");
    let text = text_of(&mail);
    assert!(
        text.starts_with("Moin,\n\n1 Position(en) storniert.\n"),
        "{text}"
    );
    let html = mail["html"].as_str().unwrap();
    assert!(html.contains("Moin,"), "{html}");
    assert!(
        html.contains("wie gewünscht"),
        "the HTML part is the built-in one: {html}"
    );
    // English keeps its own greeting.
    let mail = cancel_and_read(
        &server,
        &smtp,
        "PO-10416",
        "Stoneware mug, blue glaze",
        1,
        "en",
    );
    assert!(text_of(&mail).starts_with("Hello,\n"), "{mail}");
}

fn start_error(texts: &Path, templates: Option<&Path>) -> String {
    start_error_with(texts, templates, &[])
}

fn start_error_with(texts: &Path, templates: Option<&Path>, more: &[&str]) -> String {
    let dir = temp_dir();
    let db = dir.join("t.sqlite");
    let mut args = vec![
        "--addr",
        "127.0.0.1:0",
        "--db",
        db.to_str().unwrap(),
        "--smtp-url",
        "smtp://127.0.0.1:25",
        "--mail-from",
        "orders@shop.example",
        "--store-name",
        "Shop",
        "--mail-texts",
        texts.to_str().unwrap(),
    ];
    if let Some(templates) = templates {
        args.extend(["--mail-templates", templates.to_str().unwrap()]);
    }
    args.extend(more);
    let (code, _, err) = crate::process::run_cli(&args);
    assert_ne!(code, 0, "{err}");
    err
}

#[test]
fn a_broken_catalog_stops_the_start_naming_the_file_the_line_and_why() {
    let dir: PathBuf = temp_dir();
    let file = dir.join("de.json");
    let shown = file.display();
    std::fs::write(
        &file,
        "{\n  \"mail.greeting\": \"Moin,\",\n  \"mail.view_order\": \"Bestellung ansehen\"\n}",
    )
    .unwrap();
    let err = start_error(&dir, None);
    assert!(err.contains(&format!("mail texts {shown}, line 3: \"mail.view_order\" lacks {{number}}, which the English text has")), "{err}");
    std::fs::write(
        &file,
        "{\n  \"mail.greeting\": \"Moin,\"\n  \"mail.footer\": \"x\"\n}",
    )
    .unwrap();
    let err = start_error(&dir, None);
    assert!(
        err.contains(&format!("mail texts {shown}, line 3: expected `,` or `}}`")),
        "{err}"
    );
    std::fs::write(&file, "{\"mail.greetings\": \"Moin,\"}").unwrap();
    let err = start_error(&dir, None);
    assert!(
        err.contains("\"mail.greetings\" is not an English text (a typo?)"),
        "{err}"
    );
    std::fs::write(&file, "{\"mail.nothing_charged\": {\"one\": \"Nichts\", \"few\": \"Nichts\", \"other\": \"Nichts\"}}").unwrap();
    let err = start_error(&dir, None);
    assert!(
        err.contains("has the plural forms few, one, other; its language needs one, other"),
        "{err}"
    );
    // A template naming a text English does not have.
    std::fs::remove_file(&file).unwrap();
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("refund_failed.txt"), "{% extends \"_layout.txt\" %}\n{% block title %}{{ t(\"mail.refund_failed.titel\", number=order.number) }}{% endblock %}").unwrap();
    let err = start_error(&dir, Some(&templates));
    assert!(
        err.contains(&format!(
            "mail template {}, line 2: t(\"mail.refund_failed.titel\"): no such text in English",
            templates.join("refund_failed.txt").display()
        )),
        "{err}"
    );
    let err = start_error_with(&dir, None, &["--default-locale", "German"]);
    assert!(
        err.contains("--default-locale \"German\" is not a language tag such as en, de or pt-BR"),
        "{err}"
    );
}
