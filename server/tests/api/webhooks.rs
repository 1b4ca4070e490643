//! Webhooks out to a real receiver process (tests/webhook_receiver.py) that checks every
//! signature and counts duplicates by webhook-id.

use crate::harness::*;
use crate::process::{free_port, Process};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The spec's example secret: 24 bytes of key.
pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

pub struct Receiver {
    child: Child,
    log: PathBuf,
}

impl Receiver {
    /// Starts the receiver on `port`, logging to `log` (appended across restarts).
    pub fn start(port: u16, log: &Path, fail_first: u32) -> Receiver {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/webhook_receiver.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args([
                "--port",
                &port.to_string(),
                "--secret",
                SECRET,
                "--log",
                log.to_str().unwrap(),
            ])
            .args(["--fail-first", &fail_first.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the webhook receiver");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(ready.trim(), "ready");
        Receiver {
            child,
            log: log.to_path_buf(),
        }
    }

    /// Every request received so far: `{"id", "valid", "duplicate", "body"}`.
    pub fn received(&self) -> Vec<Value> {
        received(&self.log)
    }
}

/// The cancellation events received (these tests are about them; refunds.rs checks the
/// refund events, which every cancellation that returns money also sends).
pub fn received(log: &Path) -> Vec<Value> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(is_about_a_cancellation)
        .collect()
}

fn is_about_a_cancellation(event: &Value) -> bool {
    let kind = event["body"]["type"]
        .as_str()
        .or(event["event_type"].as_str());
    kind.is_some_and(|k| k.starts_with("cancellation."))
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hook_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}/hooks/order-cancel")
}

fn with_webhooks(port: u16) -> TestServer {
    TestServer::start_with(|c| {
        c.webhook_urls = vec![hook_url(port)];
        c.webhook_secret = Some(SECRET.into());
    })
}

/// The cancellation events' deliveries, newest first.
pub fn deliveries(get: impl Fn(&str) -> Response) -> Vec<Value> {
    get("/v1/merchant/webhook-deliveries").ok_json()["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| is_about_a_cancellation(d))
        .cloned()
        .collect()
}

#[test]
fn a_synced_order_cancelled_by_the_shopper_arrives_signed_at_the_store() {
    let port = free_port();
    let server = with_webhooks(port);
    let receiver = Receiver::start(port, &server.file("received.jsonl"), 0);
    let order = server
        .request("PUT", "/v1/merchant/orders/shop-7001")
        .token(MERCHANT)
        .json(&json!({
            "shopper_id": "alice", "number": "SHOP-7001", "placed_at": "2026-12-01T08:00:00Z", "currency": "EUR",
            "items": [
                {"id": "l1", "sku": "SOAP-1", "title": "Olive soap", "quantity": 1,
                 "seller": {"id": "store", "name": "Nordlicht Home"},
                 "unit_price": {"amount": 600, "currency": "EUR"}, "unit_tax": 120, "state": "paid"},
                {"id": "l2", "sku": "TOWEL-1", "title": "Hand towel", "quantity": 1,
                 "seller": {"id": "store", "name": "Nordlicht Home"},
                 "unit_price": {"amount": 1500, "currency": "EUR"}, "unit_tax": 300, "state": "packed"}
            ]
        }))
        .send()
        .json();
    let answer = server.cancel(&order, line(&order, "Olive soap", 1), "hook-1");
    assert_eq!(answer.status, 201, "{}", answer.body);
    let cancellation = answer.json()["cancellations"][0].clone();

    let event = wait_for(10, "the completed event", || {
        receiver.received().first().cloned()
    });
    assert_eq!(
        event["valid"], true,
        "the signature verifies with the shared secret"
    );
    assert_eq!(event["duplicate"], false);
    let body = &event["body"];
    assert_eq!(body["type"], "cancellation.completed");
    assert_eq!(body["data"]["order_id"], "shop-7001");
    assert_eq!(body["data"]["cancellation_id"], cancellation["id"]);
    assert_eq!(
        body["data"]["lines"],
        json!([{"item_id": "l1", "sku": "SOAP-1", "title": "Olive soap", "quantity": 1}])
    );
    assert_eq!(body["data"]["reason_code"], "changed_mind");
    assert_eq!(
        body["data"]["refund"],
        json!({"amount": 720, "currency": "EUR", "destination": "original_payment"})
    );

    // A request (the towel is packed: TikTok Shop asks the seller), then the merchant's answer.
    let order = answer.json()["order"].clone();
    let requested = server
        .cancel(&order, line(&order, "Hand towel", 1), "hook-2")
        .json();
    let request_id = requested["cancellations"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    server
        .request(
            "POST",
            &format!("/v1/merchant/orders/shop-7001/cancellations/{request_id}/decision"),
        )
        .token(MERCHANT)
        .json(&json!({"approve": false}))
        .send()
        .ok_json();
    let events = wait_for(10, "three events", || {
        Some(receiver.received()).filter(|r| r.len() == 3)
    });
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["body"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "cancellation.completed",
            "cancellation.requested",
            "cancellation.decided"
        ]
    );
    assert_eq!(events[2]["body"]["data"]["status"], "denied");
    assert_eq!(events[2]["body"]["data"]["decided_by"], "merchant");
    assert!(events
        .iter()
        .all(|e| e["valid"] == true && e["duplicate"] == false));

    // The receiver has the third event a moment before the server records its answer.
    let log = wait_for(5, "three deliveries recorded", || {
        let log = deliveries(|path| server.get(path, MERCHANT));
        log.iter()
            .all(|d| d["status"] == "delivered")
            .then_some(log)
    });
    assert_eq!(log.len(), 3);
    for delivery in &log {
        assert_eq!(delivery["status"], "delivered", "{delivery}");
        assert_eq!(delivery["endpoint"], hook_url(port));
        assert_eq!(delivery["attempts"].as_array().unwrap().len(), 1);
        assert_eq!(delivery["attempts"][0]["response_status"], 204);
    }
}

#[test]
fn a_receiver_down_for_a_while_then_failing_gets_every_event_exactly_once() {
    let port = free_port();
    let server = with_webhooks(port);
    let log = server.file("received.jsonl");
    for (number, title, key) in [
        ("PO-10421", "Merino wool beanie", "down-1"),
        ("PO-10419", "Bamboo cutting board", "down-2"),
        ("PO-10418", "Enamel pin \"Mountain\" & friends", "down-3"),
    ] {
        let order = server.order_numbered(number);
        assert_eq!(
            server.cancel(&order, line(&order, title, 1), key).status,
            201
        );
    }
    // Nobody listens: attempts fail and are retried with backoff.
    let failing = wait_for(10, "two failed attempts per event", || {
        let log = deliveries(|path| server.get(path, MERCHANT));
        log.iter()
            .all(|d| d["attempts"].as_array().unwrap().len() >= 2)
            .then_some(log)
    });
    for delivery in &failing {
        assert_eq!(delivery["status"], "pending");
        let first = &delivery["attempts"][0];
        assert!(
            first["response_status"].is_null()
                && first["error"].as_str().unwrap().contains("onnect"),
            "{first}"
        );
        let times: Vec<i64> = delivery["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["at_ms"].as_i64().unwrap())
            .collect();
        assert!(
            times[1] - times[0] >= 100,
            "backoff between attempts: {times:?}"
        );
    }
    // Up, but answering 500 to the first two requests, then fine.
    let receiver = Receiver::start(port, &log, 2);
    let delivered = wait_for(15, "every event delivered", || {
        let log = deliveries(|path| server.get(path, MERCHANT));
        log.iter()
            .all(|d| d["status"] == "delivered")
            .then_some(log)
    });
    assert_eq!(delivered.len(), 3);
    assert!(delivered.iter().any(|d| d["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["response_status"] == 500)));
    let received = receiver.received();
    let ids: std::collections::HashSet<&str> =
        received.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        (received.len(), ids.len()),
        (3, 3),
        "each event once: {received:?}"
    );
    assert!(received
        .iter()
        .all(|r| r["valid"] == true && r["duplicate"] == false));
}

#[test]
fn events_left_undelivered_by_a_kill_9_are_delivered_after_the_restart() {
    let port = free_port();
    let dir = temp_dir();
    let db = fresh_db_arg(&dir, "crash.sqlite");
    let url = hook_url(port);
    let args = [
        "--db",
        &db,
        "--seed",
        "--webhook-url",
        &url,
        "--webhook-secret",
        SECRET,
        "--webhook-retry-ms",
        "200",
    ];
    let mut server = Process::start(&args);
    let get = |server: &Process, path: &str| server.request("GET", path).token(MERCHANT).send();
    let page = get(&server, "/v1/orders?q=PO-10421").status;
    assert_eq!(page, 403, "the merchant token is not a shopper's");
    let order = server
        .request("GET", "/v1/orders?q=PO-10421")
        .token(ALICE)
        .send()
        .ok_json()["orders"][0]
        .clone();
    let cancelled = server
        .request("POST", &format!("{}/cancellations", order_path(&order)))
        .token(ALICE)
        .header("Idempotency-Key", "crash-1")
        .header("If-Match", &etag(&order))
        .json(
            &json!({"items": line(&order, "Merino wool beanie", 1), "reason_code": "changed_mind"}),
        )
        .send();
    assert_eq!(cancelled.status, 201, "{}", cancelled.body);
    wait_for(10, "a failed attempt", || {
        let log = deliveries(|path| get(&server, path));
        (log.len() == 1 && !log[0]["attempts"].as_array().unwrap().is_empty()).then_some(())
    });
    server.kill_9();

    let receiver = Receiver::start(port, &dir.join("received.jsonl"), 0);
    let server = Process::start(&args);
    let received = wait_for(15, "the event after the restart", || {
        Some(receiver.received()).filter(|r| !r.is_empty())
    });
    assert_eq!(received[0]["body"]["type"], "cancellation.completed");
    assert_eq!(received[0]["valid"], true);
    let log = wait_for(5, "delivered in the log", || {
        let log = deliveries(|path| get(&server, path));
        (log[0]["status"] == "delivered").then_some(log)
    });
    assert_eq!(log.len(), 1, "not seeded or enqueued twice");
    assert_eq!(receiver.received().len(), 1);
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_event_undelivered_for_the_whole_retry_period_is_marked_failed() {
    let port = free_port(); // nobody ever listens
    let server = TestServer::start_with(|c| {
        c.webhook_urls = vec![hook_url(port)];
        c.webhook_secret = Some(SECRET.into());
        c.webhook_timing.give_up_after = std::time::Duration::from_millis(500);
    });
    let order = server.order_numbered("PO-10421");
    assert_eq!(
        server
            .cancel(&order, line(&order, "Merino wool beanie", 1), "give-up-1")
            .status,
        201
    );
    let failed = wait_for(10, "the delivery given up", || {
        let log = deliveries(|path| server.get(path, MERCHANT));
        (log[0]["status"] == "failed").then_some(log)
    });
    let attempts = failed[0]["attempts"].as_array().unwrap();
    assert!(
        attempts.len() >= 2,
        "retried before giving up: {attempts:?}"
    );
    assert!(failed[0]["next_attempt_at_ms"].is_null());
    let listed = server
        .get("/v1/merchant/webhook-deliveries?status=failed", MERCHANT)
        .ok_json();
    let kinds: Vec<&str> = listed["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["event_type"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"cancellation.completed"), "{kinds:?}");
    server
        .get("/v1/merchant/webhook-deliveries?status=lost", MERCHANT)
        .problem(400, "invalid_request");
}
