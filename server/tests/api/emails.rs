//! The shopper's emails, sent to a real SMTP server process (aiosmtpd,
//! tests/smtp_server.py, in the venv scripts/setup.sh makes): what they say, in which
//! language, and what happens when the server refuses for a while, for good, or the
//! sender is killed between the commit and the send. On PostgreSQL too (scripts/test.sh).

use crate::harness::*;
use crate::process::{free_port, Process};
use order_cancel_server::config::{MailConfig, WebhookTiming};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The SMTP server and its HTTP inbox.
pub struct Smtp {
    child: Child,
    pub smtp_port: u16,
    inbox: SocketAddr,
}

impl Smtp {
    pub fn start() -> Smtp {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let python = root.join(".tools/smtp/bin/python");
        assert!(
            python.exists(),
            "{} missing: run scripts/setup.sh",
            python.display()
        );
        let mut child = Command::new(python)
            .arg(root.join("server/tests/smtp_server.py"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP server starts");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        let ports: Value = serde_json::from_str(&ready).expect("the SMTP server's ports");
        Smtp {
            child,
            smtp_port: ports["smtp"].as_u64().unwrap() as u16,
            inbox: format!("127.0.0.1:{}", ports["http"]).parse().unwrap(),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.smtp_port)
    }

    /// Every message received, with its headers and both parts.
    pub fn messages(&self) -> Vec<Value> {
        let list = Request::to(self.inbox, "GET", "/messages").send().json();
        list.as_array()
            .unwrap()
            .iter()
            .map(|m| {
                Request::to(
                    self.inbox,
                    "GET",
                    &format!("/messages/{}", m["id"].as_str().unwrap()),
                )
                .send()
                .json()
            })
            .collect()
    }

    pub fn wait_for(&self, count: usize) -> Vec<Value> {
        wait_for(20, &format!("{count} email(s)"), || {
            let all = self.messages();
            (all.len() >= count).then_some(all)
        })
    }

    /// Refuses the next `times` recipients (`None`: until told otherwise) with `code`.
    pub fn refuse(&self, code: u16, text: &str, times: Option<u32>) {
        Request::to(self.inbox, "POST", "/refuse")
            .json(&json!({"code": code, "text": text, "times": times}))
            .send()
            .ok_json();
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Emails at test speed: retries after 100 ms, doubling to 400 ms.
pub fn mail_config(url: String) -> MailConfig {
    MailConfig {
        smtp_url: Some(url),
        from: Some("Nordlicht Home <orders@shop.example>".into()),
        store_name: Some("Nordlicht Home".into()),
        support_url: Some("https://shop.example/help".into()),
        order_url_template: Some("https://shop.example/account/orders/{order_id}".into()),
        timing: WebhookTiming {
            first_retry: Duration::from_millis(100),
            max_retry: Duration::from_millis(400),
            give_up_after: Duration::from_secs(60),
            poll: Duration::from_millis(50),
            timeout: Duration::from_secs(5),
        },
        ..MailConfig::default()
    }
}

pub fn with_mail(smtp: &Smtp) -> TestServer {
    let url = smtp.url();
    TestServer::start_with(move |c| c.mail = mail_config(url))
}

pub fn header<'a>(message: &'a Value, name: &str) -> &'a str {
    message["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .and_then(|h| h[1].as_str())
        .unwrap_or_else(|| panic!("no {name} header in {message}"))
}

pub fn emails(server: &TestServer, query: &str) -> Vec<Value> {
    server
        .get(&format!("/v1/merchant/email-deliveries?{query}"), MERCHANT)
        .ok_json()["emails"]
        .as_array()
        .unwrap()
        .clone()
}

pub fn cancel_in(
    server: &TestServer,
    order: &Value,
    items: Value,
    key: &str,
    language: &str,
) -> Value {
    let answer = server
        .request("POST", &format!("{}/cancellations", order_path(order)))
        .token(ALICE)
        .header("Idempotency-Key", key)
        .header("If-Match", &etag(order))
        .header("Accept-Language", language)
        .json(&json!({"items": items, "reason_code": "changed_mind"}))
        .send();
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.json()
}

#[test]
fn a_cancellation_email_says_what_was_cancelled_in_the_shoppers_language() {
    let smtp = Smtp::start();
    let server = with_mail(&smtp);
    let order = server.order_numbered("PO-10421");
    let body = cancel_in(
        &server,
        &order,
        line(&order, "Merino wool beanie", 1),
        "m-1",
        "de-AT, de;q=0.9, en;q=0.5",
    );
    let refund = &body["order"]["refunds"][0]["amount"];
    let [mail] = &smtp.wait_for(1)[..] else {
        panic!("one email")
    };
    assert_eq!(mail["rcpt_tos"], json!(["alice@shop.example"]));
    assert_eq!(mail["mail_from"], "orders@shop.example");
    assert_eq!(
        mail["subject"],
        "Artikel aus Bestellung PO-10421 storniert – Nordlicht Home"
    );
    assert_eq!(header(mail, "Content-Language"), "de");
    assert!(header(mail, "Message-ID").ends_with("@shop.example>"));
    let text = &mail["text"].as_str().unwrap().replace("\r\n", "\n");
    let html = mail["html"].as_str().unwrap();
    // The refund as the shopper reads it in German: 2900 less its share of the 500 voucher.
    let amount = refund["amount"].as_i64().unwrap();
    let euros = format!("{},{:02}\u{a0}€", amount / 100, amount % 100);
    for part in [text, html] {
        assert!(part.contains("Merino wool beanie"), "{part}");
        assert!(part.contains(&euros), "{euros} in {part}");
        assert!(
            part.contains("Das dauert in der Regel 5–7 Werktage."),
            "{part}"
        );
        assert!(part.contains("PO-10421"), "{part}");
    }
    assert!(text.contains("  - 1 × Merino wool beanie\n"), "{text}");
    assert!(
        text.contains(&format!(
            "Deine Bestellung: https://shop.example/account/orders/{}",
            order["id"].as_str().unwrap()
        )),
        "{text}"
    );
    assert!(html.contains("<html lang=\"de\" dir=\"ltr\">"), "{html}");

    // The merchant sees it sent, with one attempt, and so does the order's history (the
    // SMTP server has the email a moment before the sender records its answer).
    let listed = wait_for(5, "the email recorded as sent", || {
        let all = emails(&server, "");
        (all.len() == 1 && all[0]["status"] == "sent").then_some(all)
    });
    assert_eq!(listed[0]["kind"], "cancelled");
    assert_eq!(
        listed[0]["message_id"].as_str(),
        Some(header(mail, "Message-ID"))
    );
    assert_eq!(listed[0]["attempts"].as_array().unwrap().len(), 1);
    let history = server
        .get(
            &format!(
                "/v1/merchant/orders/{}/history",
                order["id"].as_str().unwrap()
            ),
            MERCHANT,
        )
        .ok_json();
    let entries: Vec<&str> = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entry"].as_str().unwrap())
        .collect();
    assert_eq!(
        entries,
        ["cancellation.completed", "refund.created", "email.sent"]
    );
}

#[test]
fn a_request_the_refund_and_its_failure_each_send_their_email() {
    let smtp = Smtp::start();
    let server = with_mail(&smtp);
    // A request (English, the store's default for a language it has no templates for).
    let order = server.order_numbered("PO-10417");
    let body = cancel_in(
        &server,
        &order,
        line(&order, "Cast iron skillet 26 cm", 1),
        "m-2",
        "sv-SE, sv;q=0.9",
    );
    let received = &smtp.wait_for(1)[0];
    assert_eq!(
        received["subject"],
        "Cancellation request received for order PO-10417 – Nordlicht Home"
    );
    assert!(
        received["text"]
            .as_str()
            .unwrap()
            .contains("If they have not answered by then, your request is approved"),
        "{received}"
    );
    // Approved by the seller: said so, with the refund.
    let request_id = body["cancellations"][0]["id"].as_str().unwrap();
    let decided = server
        .request(
            "POST",
            &format!(
                "/v1/merchant/orders/{}/cancellations/{request_id}/decision",
                order["id"].as_str().unwrap()
            ),
        )
        .token(MERCHANT)
        .json(&json!({"approve": true}))
        .send()
        .ok_json();
    let approved = &smtp.wait_for(2)[1];
    assert_eq!(
        approved["subject"],
        "Cancellation approved for order PO-10417 – Nordlicht Home"
    );
    assert!(approved["text"]
        .as_str()
        .unwrap()
        .contains("The seller approved your cancellation request."));
    let amount = decided["cancellation"]["refund"]["amount"]
        .as_i64()
        .unwrap();
    let euros = format!("€{}.{:02}", amount / 100, amount % 100);
    assert!(
        approved["text"].as_str().unwrap().contains(&euros),
        "{approved}"
    );
    // The payment side reports the refund paid, then (another order) one that failed.
    let refund_id = decided["order"]["refunds"][0]["id"].as_str().unwrap();
    server
        .request("PATCH", &format!("/v1/merchant/refunds/{refund_id}"))
        .token(MERCHANT)
        .json(&json!({"status": "succeeded", "reference": "74537604221431003881865"}))
        .send()
        .ok_json();
    let issued = &smtp.wait_for(3)[2];
    assert_eq!(
        issued["subject"],
        format!("Refund of {euros} issued for order PO-10417 – Nordlicht Home")
    );
    assert!(issued["text"]
        .as_str()
        .unwrap()
        .contains("74537604221431003881865"));
    let mug = server.order_numbered("PO-10416");
    let body = cancel_in(
        &server,
        &mug,
        line(&mug, "Stoneware mug, blue glaze", 1),
        "m-3",
        "en",
    );
    smtp.wait_for(4);
    server
        .request(
            "PATCH",
            &format!(
                "/v1/merchant/refunds/{}",
                body["order"]["refunds"][0]["id"].as_str().unwrap()
            ),
        )
        .token(MERCHANT)
        .json(&json!({"status": "failed", "failure_reason": "The card was closed."}))
        .send()
        .ok_json();
    let failed = &smtp.wait_for(5)[4];
    assert_eq!(
        failed["subject"],
        "Action needed: your refund for order PO-10416 could not be paid – Nordlicht Home"
    );
    let text = failed["text"].as_str().unwrap();
    assert!(
        text.contains("The reason we were given: The card was closed."),
        "{text}"
    );
    assert!(
        text.contains("contact us at https://shop.example/help"),
        "{text}"
    );
    let ids: std::collections::HashSet<String> = smtp
        .messages()
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 5, "five emails, five Message-IDs");
}

#[test]
fn a_server_that_refuses_for_a_while_gets_the_email_once_it_accepts() {
    let smtp = Smtp::start();
    smtp.refuse(451, "4.3.0 mailbox busy, try later", Some(2));
    let server = with_mail(&smtp);
    let order = server.order_numbered("PO-10416");
    cancel_in(
        &server,
        &order,
        line(&order, "Stoneware mug, blue glaze", 1),
        "m-4",
        "en",
    );
    let mail = &smtp.wait_for(1)[0];
    assert_eq!(
        mail["subject"], "Order PO-10416 cancelled – Nordlicht Home",
        "the whole order"
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(smtp.messages().len(), 1, "delivered once");
    let listed = wait_for(5, "the email recorded as sent", || {
        let all = emails(&server, "status=sent");
        (all.len() == 1).then(|| all[0].clone())
    });
    let attempts = listed["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3, "{listed}");
    assert!(
        attempts[0]["error"].as_str().unwrap().contains("451"),
        "{listed}"
    );
    assert!(attempts[2]["error"].is_null());
}

#[test]
fn a_refused_address_is_given_up_and_the_cancellation_stands() {
    let smtp = Smtp::start();
    smtp.refuse(550, "5.1.1 no such mailbox", None);
    let server = with_mail(&smtp);
    let order = server.order_numbered("PO-10416");
    let body = cancel_in(
        &server,
        &order,
        line(&order, "Stoneware mug, blue glaze", 1),
        "m-5",
        "en",
    );
    assert_eq!(body["cancellations"][0]["status"], "completed");
    let failed = wait_for(10, "the email given up", || {
        let all = emails(&server, "status=failed");
        (all.len() == 1).then(|| all[0].clone())
    });
    assert!(
        failed["error"].as_str().unwrap().contains("550"),
        "{failed}"
    );
    assert_eq!(
        failed["attempts"].as_array().unwrap().len(),
        1,
        "a 5xx is not retried"
    );
    assert!(smtp.messages().is_empty());
    let entries = server
        .get(
            &format!(
                "/v1/merchant/orders/{}/history",
                order["id"].as_str().unwrap()
            ),
            MERCHANT,
        )
        .ok_json()["entries"]
        .clone();
    let last = entries.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["entry"], "email.failed");
    assert!(
        last["detail"]["error"]
            .as_str()
            .unwrap()
            .contains("no such mailbox"),
        "{last}"
    );
    assert_eq!(
        server.get(&order_path(&order), ALICE).ok_json()["items"][0]["state"],
        "cancelled"
    );
}

#[test]
fn an_order_without_an_address_records_that_nothing_was_sent() {
    let smtp = Smtp::start();
    let server = with_mail(&smtp);
    let put = |email: Option<&str>| {
        let mut body = json!({"shopper_id": "alice", "number": "5001", "placed_at": "2026-12-01T10:00:00Z",
            "currency": "EUR", "items": [{"id": "l1", "sku": "TEA-1", "title": "Green tea", "quantity": 1,
            "state": "paid", "seller": {"id": "shop", "name": "Our shop"}, "unit_price": {"amount": 850, "currency": "EUR"}}]});
        if let Some(email) = email {
            body["shopper_email"] = json!(email);
        }
        server
            .request("PUT", "/v1/merchant/orders/ord-5001")
            .token(MERCHANT)
            .json(&body)
            .send()
    };
    let problem = put(Some("not an address")).problem(400, "invalid_request");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("shopper_email"),
        "{problem}"
    );
    assert_eq!(put(None).status, 201);
    let order = server.get("/v1/orders/ord-5001", ALICE).ok_json();
    cancel_in(
        &server,
        &order,
        json!([{"item_id": "l1", "quantity": 1}]),
        "m-6",
        "en",
    );
    let skipped = emails(&server, "status=skipped");
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("no address"),
        "{}",
        skipped[0]
    );
    assert!(skipped[0]["recipient"].is_null());
    std::thread::sleep(Duration::from_millis(300));
    assert!(smtp.messages().is_empty());
}

#[test]
fn an_email_committed_before_a_kill_9_is_sent_after_the_restart_with_its_message_id() {
    let smtp = Smtp::start();
    let dir = temp_dir();
    let db = fresh_db_arg(&dir, "kill.sqlite");
    let mail_args = |url: String| {
        vec![
            "--db".to_string(),
            db.clone(),
            "--seed".into(),
            "--smtp-url".into(),
            url,
            "--mail-from".into(),
            "orders@shop.example".into(),
            "--store-name".into(),
            "Nordlicht Home".into(),
            "--mail-retry-ms".into(),
            "200".into(),
        ]
    };
    // First the SMTP server is unreachable: the email waits in the outbox, retried.
    let dead = format!("smtp://127.0.0.1:{}", free_port());
    let args = mail_args(dead);
    let mut first = Process::start(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let order = first
        .request("GET", "/v1/orders?q=PO-10416")
        .token(ALICE)
        .send()
        .ok_json()["orders"][0]
        .clone();
    let created = first
        .request("POST", &format!("{}/cancellations", order_path(&order)))
        .token(ALICE)
        .header("Idempotency-Key", "m-7")
        .header("If-Match", &etag(&order))
        .json(&json!({"items": line(&order, "Stoneware mug, blue glaze", 1), "reason_code": "changed_mind"}))
        .send();
    assert_eq!(created.status, 201, "{}", created.body);
    let pending = wait_for(10, "a failed attempt", || {
        let list = first
            .request("GET", "/v1/merchant/email-deliveries")
            .token(MERCHANT)
            .send()
            .ok_json();
        let email = list["emails"][0].clone();
        (email["attempts"].as_array().is_some_and(|a| !a.is_empty())).then_some(email)
    });
    assert_eq!(pending["status"], "pending");
    assert!(
        pending["attempts"][0]["error"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("refused"),
        "{pending}"
    );
    first.kill_9();
    // Restarted with a reachable server: the same email, the same Message-ID, once.
    let args = mail_args(smtp.url());
    let second = Process::start(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let mail = &smtp.wait_for(1)[0];
    assert_eq!(mail["message_id"], pending["message_id"]);
    assert_eq!(mail["subject"], "Order PO-10416 cancelled – Nordlicht Home");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(smtp.messages().len(), 1);
    drop(second);
}

#[test]
fn a_broken_template_stops_the_start_with_the_file_and_the_line() {
    let dir = temp_dir();
    std::fs::create_dir_all(dir.join("en")).unwrap();
    let file = dir.join("en/cancelled.html");
    std::fs::write(
        &file,
        "{% extends \"en/_layout.html\" %}\n{% block body %}{{ order.number }\n{% endblock %}",
    )
    .unwrap();
    let (code, _, err) = crate::process::run_cli(&[
        "--addr",
        "127.0.0.1:0",
        "--db",
        dir.join("t.sqlite").to_str().unwrap(),
        "--smtp-url",
        "smtp://127.0.0.1:25",
        "--mail-from",
        "orders@shop.example",
        "--store-name",
        "Shop",
        "--mail-templates",
        dir.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(
        err.contains(&format!(
            "mail template {}, line 2: syntax error",
            file.display()
        )),
        "{err}"
    );
    let (code, _, err) =
        crate::process::run_cli(&["--smtp-url", "smtp://127.0.0.1:25", "--store-name", "Shop"]);
    assert_ne!(code, 0);
    assert!(err.contains("--smtp-url needs --mail-from"), "{err}");
}

#[test]
fn without_an_address_on_the_order_the_jwts_email_claim_gets_it_and_kinds_can_be_off() {
    use jsonwebtoken::{encode, EncodingKey, Header};
    const SECRET: &str = "a-store-secret-of-at-least-32-bytes!!";
    let smtp = Smtp::start();
    let url = smtp.url();
    let server = TestServer::start_with(move |c| {
        c.jwt_secret = Some(SECRET.into());
        c.mail = MailConfig {
            disabled: vec![order_cancel_server::mail::MailKind::RequestReceived],
            ..mail_config(url)
        };
    });
    let item = |id: &str, state: &str| {
        json!({"id": id, "sku": id, "title": format!("Tea {id}"), "quantity": 1, "state": state,
               "seller": {"id": "shop", "name": "Our shop"}, "unit_price": {"amount": 850, "currency": "EUR"}})
    };
    let created = server
        .request("PUT", "/v1/merchant/orders/ord-42")
        .token(MERCHANT)
        .json(
            &json!({"shopper_id": "cus_42", "number": "5042", "placed_at": "2026-12-01T10:00:00Z",
                      "currency": "EUR", "items": [item("l1", "paid"), item("l2", "packed")]}),
        )
        .send();
    assert_eq!(created.status, 201, "{}", created.body);
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 600;
    let token = encode(
        &Header::default(),
        &json!({"sub": "cus_42", "exp": exp, "email": "kim@mail.example"}),
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap();
    let order = server.get("/v1/orders/ord-42", &token).ok_json();
    let answer = server
        .request("POST", "/v1/orders/ord-42/cancellations")
        .token(&token)
        .header("Idempotency-Key", "m-8")
        .header("If-Match", &etag(&order))
        .json(
            &json!({"items": [{"item_id": "l1", "quantity": 1}, {"item_id": "l2", "quantity": 1}],
                      "reason_code": "changed_mind"}),
        )
        .send();
    assert_eq!(answer.status, 201, "{}", answer.body);
    let body = answer.json();
    assert_eq!(
        body["cancellations"].as_array().unwrap().len(),
        2,
        "one cancelled, one requested"
    );
    let [mail] = &smtp.wait_for(1)[..] else {
        panic!("one email")
    };
    assert_eq!(mail["rcpt_tos"], json!(["kim@mail.example"]));
    assert_eq!(
        mail["subject"],
        "Item cancelled from order 5042 – Nordlicht Home"
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(smtp.messages().len(), 1, "request_received is switched off");
    assert!(emails(&server, "").iter().all(|e| e["kind"] == "cancelled"));
}

#[test]
fn a_request_the_deadline_denies_says_the_deadline_decided() {
    use cancel_policy::{Policy, Preset, SilenceOutcome};
    use order_cancel_server::config::PolicySource;
    let smtp = Smtp::start();
    let url = smtp.url();
    let server = TestServer::start_with(move |c| {
        c.policy = PolicySource::Given(Box::new(Policy {
            on_seller_silence: SilenceOutcome::Deny,
            ..Preset::TiktokShop.policy()
        }));
        c.mail = mail_config(url);
    });
    let order = server.order_numbered("PO-10417");
    cancel_in(
        &server,
        &order,
        line(&order, "Cast iron skillet 26 cm", 1),
        "m-9",
        "de",
    );
    let received = &smtp.wait_for(1)[0];
    let text = received["text"].as_str().unwrap();
    assert!(
        text.contains("wird deine Anfrage abgelehnt und der Artikel wird wie geplant versandt"),
        "{text}"
    );
    server.advance_minutes(48 * 60 + 1);
    // The demo's own pending requests fall due too: this order's email is the one to read.
    let denied = wait_for(20, "the denial's email", || {
        smtp.messages().into_iter().find(|m| {
            m["subject"]
                .as_str()
                .unwrap()
                .contains("PO-10417 abgelehnt")
        })
    });
    assert_eq!(
        denied["subject"],
        "Stornierungsanfrage zu Bestellung PO-10417 abgelehnt – Nordlicht Home"
    );
    let text = denied["text"].as_str().unwrap().replace("\r\n", "\n");
    assert!(
        text.contains("der Verkäufer hat deine Stornierungsanfrage nicht rechtzeitig beantwortet"),
        "{text}"
    );
    assert!(text.contains("  - 1 × Cast iron skillet 26 cm\n"), "{text}");
    assert!(text.contains("es wird nichts erstattet"), "{text}");
}
