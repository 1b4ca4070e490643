//! A merchant's own reason with a label per locale (issue 25), from a policy file: served by
//! `GET /v1/policy` as written, and read in the shopper's email in the order's language.

use crate::emails::{header, mail_config, Smtp};
use crate::harness::*;
use cancel_policy::Preset;
use order_cancel_server::config::PolicySource;
use serde_json::{json, Value};

/// The demo's preset with one reason of the merchant's own, labelled in English and German
/// (no `label_key`: its own label is its text).
fn policy_file_with_own_reason() -> std::path::PathBuf {
    let mut policy = serde_json::to_value(Preset::TiktokShop.policy()).unwrap();
    policy["name"] = "nordlicht".into();
    policy["reasons"].as_array_mut().unwrap().insert(
        0,
        json!({
            "code": "price_elsewhere",
            "label": {"en": "Found it cheaper", "de": "Woanders günstiger gefunden"}
        }),
    );
    let file = temp_dir().join("nordlicht.json");
    std::fs::write(&file, serde_json::to_string_pretty(&policy).unwrap()).unwrap();
    file
}

#[test]
fn get_policy_carries_a_reasons_labels_per_locale() {
    let file = policy_file_with_own_reason();
    let server = TestServer::start_with(|c| c.policy = PolicySource::File(file));
    let policy = server.request("GET", "/v1/policy").send().ok_json();
    assert_eq!(policy["name"], "nordlicht");
    assert_eq!(
        policy["reasons"][0],
        json!({
            "code": "price_elsewhere",
            "label_key": "",
            "label": {"de": "Woanders günstiger gefunden", "en": "Found it cheaper"},
            "comment_required": false
        })
    );
    // The presets' reasons keep their catalog keys and carry no label.
    assert_eq!(policy["reasons"][1]["label_key"], "reason.changed_mind");
    assert!(policy["reasons"][1].get("label").is_none(), "{policy}");
}

/// Cancels `units` of `title` with the merchant's own reason, asking in `language`, and
/// returns the email.
fn cancel_for_price(
    server: &TestServer,
    smtp: &Smtp,
    (number, title, units): (&str, &str, u32),
    language: &str,
) -> Value {
    let before = smtp.messages().len();
    let order = server.order_numbered(number);
    let answer = server
        .request("POST", &format!("{}/cancellations", order_path(&order)))
        .token(ALICE)
        .header("Idempotency-Key", &format!("label-{number}"))
        .header("If-Match", &etag(&order))
        .header("Accept-Language", language)
        .json(&json!({"items": line(&order, title, units), "reason_code": "price_elsewhere"}))
        .send();
    assert_eq!(answer.status, 201, "{}", answer.body);
    smtp.wait_for(before + 1).remove(before)
}

#[test]
fn the_email_names_the_merchants_reason_in_the_orders_language() {
    let file = policy_file_with_own_reason();
    let smtp = Smtp::start();
    let url = smtp.url();
    let server = TestServer::start_with(move |c| {
        c.policy = PolicySource::File(file);
        c.mail = mail_config(url);
        c.mail.default_locale = "de".into();
    });
    let text = |mail: &Value| mail["text"].as_str().unwrap().replace("\r\n", "\n");
    let html = |mail: &Value| mail["html"].as_str().unwrap().to_string();

    let german = cancel_for_price(
        &server,
        &smtp,
        ("PO-10421", "Merino wool beanie", 1),
        "de-DE",
    );
    assert_eq!(header(&german, "Content-Language"), "de");
    assert!(
        text(&german).contains("\nGrund: Woanders günstiger gefunden\n"),
        "{}",
        text(&german)
    );
    assert!(
        html(&german).contains("Grund: <bdi>Woanders günstiger gefunden</bdi>"),
        "{}",
        html(&german)
    );

    let english = cancel_for_price(
        &server,
        &smtp,
        ("PO-10416", "Stoneware mug, blue glaze", 1),
        "en-US",
    );
    assert_eq!(header(&english, "Content-Language"), "en");
    assert!(
        text(&english).contains("\nReason: Found it cheaper\n"),
        "{}",
        text(&english)
    );
    assert!(!text(&english).contains("Woanders"), "{}", text(&english));

    // A Japanese email: the label has no Japanese, so the store's language (de) comes next.
    let japanese = cancel_for_price(&server, &smtp, ("PO-10419", "Beeswax food wraps", 3), "ja");
    assert_eq!(header(&japanese, "Content-Language"), "ja");
    assert!(
        text(&japanese).contains("理由：Woanders günstiger gefunden"),
        "{}",
        text(&japanese)
    );
}

fn fixture() -> (std::path::PathBuf, String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/independent_shop_with_own_reasons.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn a_policy_file_gives_its_own_reasons_a_label_or_a_label_per_locale() {
    let (path, _) = fixture();
    let policy = order_cancel_server::policy_file::load(&path).unwrap();
    let own = &policy.reasons[0];
    assert_eq!(own.code, "price_elsewhere");
    assert_eq!(own.label_key, "");
    assert_eq!(
        own.own_label("de", None),
        Some("Woanders günstiger gefunden")
    );
    assert_eq!(own.own_label("pt-PT", None), Some("Achei mais barato"));
    assert_eq!(
        own.own_label("fr", Some("de-CH")),
        Some("Woanders günstiger gefunden")
    );
    assert_eq!(own.own_label("fr", None), Some("Found it cheaper"));
    let one = &policy.reasons[1];
    // One text for all is the English one, which every language falls back to.
    assert_eq!(
        one.label,
        Some(cancel_policy::Label(vec![(
            "en".into(),
            "Gift no longer needed".into()
        )]))
    );
    assert_eq!(
        one.own_label("de", Some("fr")),
        Some("Gift no longer needed")
    );
    // The preset's reasons after them: their texts are the catalogs'.
    assert_eq!(policy.reasons[2].label_key, "reason.no_longer_wanted");
    assert_eq!(policy.reasons[2].own_label("de", None), None);
    // As JSON (what `policy show` and GET /v1/policy write), read back the same.
    let json = serde_json::to_string(&policy).unwrap();
    let again = order_cancel_server::policy_file::parse(
        &json,
        order_cancel_server::config::PolicyFormat::Json,
    );
    assert_eq!(again, Ok(policy));
}

#[test]
fn a_bad_label_is_refused_naming_the_file_the_reason_and_the_tag() {
    let (_, good) = fixture();
    let dir = temp_dir();
    let german = "de = \"Woanders günstiger gefunden\"";
    let cases = [
        (
            good.replace(", de = ", ", de_DE = "),
            "reasons[0].label.de_DE: reason \"price_elsewhere\": \"de_DE\" is not a locale tag",
        ),
        (
            good.replace(german, "de = \" \""),
            "reasons[0].label.de: reason \"price_elsewhere\": the \"de\" text is empty",
        ),
        (
            good.replace("en = \"Found it cheaper\", ", ""),
            "reasons[0].label: reason \"price_elsewhere\": a label per locale needs an \"en\" text",
        ),
        (
            good.replace("\"Gift no longer needed\"", "\"\""),
            "reasons[1].label.en: reason \"gift_not_needed\": the \"en\" text is empty",
        ),
        (
            good.replace(
                "label = \"Gift no longer needed\"",
                "comment_required = true",
            ),
            "reasons[1].label: reason \"gift_not_needed\": give it a label",
        ),
    ];
    for (i, (text, why)) in cases.into_iter().enumerate() {
        let file = dir.join(format!("bad-{i}.toml"));
        std::fs::write(&file, &text).unwrap();
        let error = order_cancel_server::policy_file::load(&file).unwrap_err();
        let expected = format!("policy file {}: {why}", file.display());
        assert!(
            error.starts_with(&expected),
            "{error:?} should start with {expected:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn policy_show_prints_a_files_labels_in_either_format() {
    let (path, _) = fixture();
    let file = path.to_str().unwrap();
    let (code, json, err) = crate::process::run_cli(&["policy", "show", file, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let shown: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        shown["reasons"][0]["label"],
        json!({"de": "Woanders günstiger gefunden", "en": "Found it cheaper", "pt-BR": "Achei mais barato"})
    );
    assert_eq!(
        shown["reasons"][1]["label"],
        json!({"en": "Gift no longer needed"})
    );
    let (code, toml, err) = crate::process::run_cli(&["policy", "show", file]);
    assert_eq!(code, 0, "{err}");
    assert!(toml.contains("pt-BR = \"Achei mais barato\""), "{toml}");
    assert!(toml.contains("en = \"Gift no longer needed\""), "{toml}");
    // What it prints is a policy file that reads back the same.
    let dir = temp_dir();
    let again = dir.join("again.toml");
    std::fs::write(&again, &toml).unwrap();
    assert_eq!(
        order_cancel_server::policy_file::load(&again),
        order_cancel_server::policy_file::load(&path)
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // A file with a mistake says so instead.
    let (code, _, err) = crate::process::run_cli(&["policy", "show", "missing.toml"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("policy file missing.toml: cannot read it"),
        "{err}"
    );
}
