//! Refunds as records: opened pending with the cancellation that owes them (at once, or a
//! request approved by the seller or by the deadline), moved forward only by the store's
//! payment side, replays changing nothing, conflicts refused whole, each change announced
//! as a webhook and written in the order's history; `--simulate` settles them by itself.

use crate::harness::*;
use crate::process::free_port;
use order_cancel_server::config::Config;
use serde_json::{json, Value};

/// A server whose webhooks go to a port nothing listens on: they stay in the outbox, where
/// the merchant API shows each one.
fn with_webhooks() -> TestServer {
    with_webhooks_and(|_| {})
}

/// [`with_webhooks`], with `adjust` applied to the configuration after.
pub fn with_webhooks_and(adjust: impl FnOnce(&mut Config)) -> TestServer {
    TestServer::start_with(|c| {
        adjust(c);
        c.webhook_urls = vec![format!("http://127.0.0.1:{}/hooks", free_port())];
        c.webhook_secret = Some(crate::webhooks::SECRET.into());
    })
}

pub fn patch(server: &TestServer, refund_id: &str, body: Value) -> Response {
    server
        .request("PATCH", &format!("/v1/merchant/refunds/{refund_id}"))
        .token(MERCHANT)
        .json(&body)
        .send()
}

/// The event types in the webhook outbox, oldest first.
pub fn events(server: &TestServer) -> Vec<String> {
    let list = server
        .get("/v1/merchant/webhook-deliveries?limit=500", MERCHANT)
        .ok_json();
    let mut types: Vec<(i64, String)> = list["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["created_at_ms"].as_i64().unwrap(),
                d["event_type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    types.sort();
    types.into_iter().map(|(_, t)| t).collect()
}

/// The entries of the order's history, oldest first.
pub fn history(server: &TestServer, order_id: &str) -> Vec<String> {
    server
        .get(&format!("/v1/merchant/orders/{order_id}/history"), MERCHANT)
        .ok_json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entry"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_cancellation_that_returns_money_opens_a_pending_refund() {
    let server = with_webhooks();
    let order = server.order_numbered("PO-10421");
    let body = server
        .cancel(&order, line(&order, "Merino wool beanie", 1), "rf-1")
        .json();
    let cancellation = &body["cancellations"][0];
    let refunds = body["order"]["refunds"].as_array().unwrap();
    assert_eq!(refunds.len(), 1, "{body}");
    let refund = &refunds[0];
    assert_eq!(refund["status"], "pending");
    assert_eq!(refund["cancellation_id"], cancellation["id"]);
    assert_eq!(refund["amount"], cancellation["refund"]);
    assert_eq!(refund["destination"], "original_payment");
    assert_eq!(
        refund["expected"],
        json!({"min_days": 5, "max_days": 7, "business_days": true})
    );
    assert!(refund["id"].as_str().unwrap().starts_with("rf_"));
    assert!(refund.get("reference").is_none() && refund.get("failure_reason").is_none());
    // The shopper's order carries it; the payment side finds it by status.
    let again = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(again["refunds"], body["order"]["refunds"]);
    let pending = server
        .get("/v1/merchant/refunds?status=pending", MERCHANT)
        .ok_json();
    let listed = pending["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["refund"]["id"] == refund["id"])
        .expect("listed as pending");
    assert_eq!(
        (
            &listed["order_number"],
            &listed["shopper_id"],
            &listed["refund"]
        ),
        (&json!("PO-10421"), &json!("alice"), refund)
    );
    assert_eq!(
        events(&server),
        ["cancellation.completed", "refund.created"]
    );
    assert_eq!(
        history(&server, order["id"].as_str().unwrap()),
        ["cancellation.completed", "refund.created"]
    );
    server
        .get("/v1/merchant/refunds?status=lost", MERCHANT)
        .problem(400, "invalid_request");
}

#[test]
fn a_refund_moves_forward_once_and_a_replay_changes_nothing() {
    let server = with_webhooks();
    let order = server.order_numbered("PO-10421");
    let body = server
        .cancel(&order, line(&order, "Merino wool beanie", 1), "rf-2")
        .json();
    let id = body["order"]["refunds"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let version = body["order"]["version"].as_u64().unwrap();

    let done = json!({"status": "succeeded", "reference": "74537604221431003881865"});
    let first = patch(&server, &id, done.clone());
    let moved = first.ok_json();
    assert_eq!(moved["refund"]["status"], "succeeded");
    assert_eq!(moved["refund"]["reference"], "74537604221431003881865");
    assert_eq!(moved["order"]["version"], version + 1);
    assert_eq!(
        first.header("etag").unwrap(),
        format!("\"{}\"", version + 1)
    );
    assert_eq!(moved["order"]["refunds"][0], moved["refund"]);

    // The same body again: the same answer, no new version, no new event.
    let replay = patch(&server, &id, done).ok_json();
    assert_eq!(replay, moved);
    // Anything else is a conflict that leaves the refund as it is.
    for other in [
        json!({"status": "failed", "failure_reason": "Card closed"}),
        json!({"status": "canceled"}),
        json!({"status": "pending"}),
        json!({"status": "succeeded", "reference": "another"}),
    ] {
        let problem = patch(&server, &id, other.clone()).problem(409, "refund_conflict");
        assert_eq!(problem["refund"], moved["refund"], "{other}");
    }
    let stored = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(stored["refunds"][0], moved["refund"]);
    assert_eq!(stored["version"], version + 1, "nothing half-written");
    assert_eq!(
        events(&server),
        ["cancellation.completed", "refund.created", "refund.updated"]
    );
    let hook = server
        .get("/v1/merchant/webhook-deliveries?limit=500", MERCHANT)
        .ok_json();
    let updated = hook["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["event_type"] == "refund.updated")
        .unwrap();
    assert_eq!(updated["payload"]["data"]["refund"], moved["refund"]);
    assert_eq!(updated["payload"]["data"]["order_number"], "PO-10421");
}

#[test]
fn failed_and_canceled_are_final_and_a_reference_may_come_later() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let body = server
        .cancel(&order, line(&order, "Merino wool beanie", 1), "rf-3a")
        .json();
    let beanie = body["order"]["refunds"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let order = body["order"].clone();
    let body = server
        .cancel(&order, line(&order, "Ceramic pour-over set", 1), "rf-3b")
        .json();
    let pour_over = body["order"]["refunds"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let failed = patch(
        &server,
        &beanie,
        json!({"status": "failed", "failure_reason": "Card closed"}),
    )
    .ok_json();
    assert_eq!(failed["refund"]["failure_reason"], "Card closed");
    patch(
        &server,
        &beanie,
        json!({"status": "failed", "failure_reason": "Fraud"}),
    )
    .problem(409, "refund_conflict");
    patch(&server, &beanie, json!({"status": "succeeded"})).problem(409, "refund_conflict");

    patch(&server, &pour_over, json!({"status": "succeeded"})).ok_json();
    let later = patch(
        &server,
        &pour_over,
        json!({"status": "succeeded", "reference": "ARN-7"}),
    )
    .ok_json();
    assert_eq!(
        later["refund"]["reference"], "ARN-7",
        "the bank's reference once known"
    );

    let other = server.order_numbered("PO-10416");
    let body = server
        .cancel(
            &other,
            line(&other, "Stoneware mug, blue glaze", 1),
            "rf-3c",
        )
        .json();
    let mug = body["order"]["refunds"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        patch(&server, &mug, json!({"status": "canceled"})).ok_json()["refund"]["status"],
        "canceled"
    );
    patch(&server, &mug, json!({"status": "succeeded"})).problem(409, "refund_conflict");
}

#[test]
fn bad_updates_are_refused_and_write_nothing() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10416");
    let body = server
        .cancel(&order, line(&order, "Stoneware mug, blue glaze", 1), "rf-4")
        .json();
    let id = body["order"]["refunds"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (bad, says) in [
        (json!({"status": "failed"}), "failure_reason"),
        (
            json!({"status": "succeeded", "failure_reason": "x"}),
            "failure_reason goes only",
        ),
        (
            json!({"status": "canceled", "reference": "x"}),
            "reference goes only",
        ),
        (json!({"status": "refunded"}), "unknown variant `refunded`"),
        (json!({"status": "succeeded", "arn": "1"}), "arn"),
        (
            json!({"status": "succeeded", "reference": "x".repeat(101)}),
            "longer than 100",
        ),
    ] {
        let problem = patch(&server, &id, bad.clone()).problem(400, "invalid_request");
        assert!(
            problem["detail"].as_str().unwrap().contains(says),
            "{bad}: {problem}"
        );
    }
    patch(&server, "rf_nothing", json!({"status": "succeeded"})).problem(404, "not_found");
    server
        .request("PATCH", &format!("/v1/merchant/refunds/{id}"))
        .token(ALICE)
        .json(&json!({"status": "succeeded"}))
        .send()
        .problem(403, "forbidden");
    let stored = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(
        stored["refunds"], body["order"]["refunds"],
        "still pending, unchanged"
    );
}

#[test]
fn an_approved_request_opens_its_refund_and_a_denied_one_none() {
    let server = with_webhooks();
    let order = server.order_numbered("PO-10417");
    let body = server
        .cancel(&order, line(&order, "Cast iron skillet 26 cm", 1), "rf-5")
        .json();
    assert_eq!(body["cancellations"][0]["status"], "requested");
    assert_eq!(
        body["order"]["refunds"],
        json!([]),
        "nothing owed until approved"
    );
    let request_id = body["cancellations"][0]["id"].as_str().unwrap();
    let order_id = order["id"].as_str().unwrap();
    let decided = server
        .request(
            "POST",
            &format!("/v1/merchant/orders/{order_id}/cancellations/{request_id}/decision"),
        )
        .token(MERCHANT)
        .json(&json!({"approve": true}))
        .send()
        .ok_json();
    let refund = &decided["order"]["refunds"][0];
    assert_eq!(refund["cancellation_id"], request_id);
    assert_eq!(refund["status"], "pending");
    assert_eq!(refund["amount"], decided["cancellation"]["refund"]);
    assert_eq!(
        events(&server),
        [
            "cancellation.requested",
            "cancellation.decided",
            "refund.created"
        ]
    );
}

#[test]
fn a_request_the_deadline_approves_opens_its_refund_too() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10417");
    server
        .cancel(&order, line(&order, "Cast iron skillet 26 cm", 1), "rf-6")
        .json();
    server.advance_minutes(48 * 60 + 1);
    let refunds = wait_for(10, "the deadline's approval", || {
        let now = server.get(&order_path(&order), ALICE).ok_json();
        (now["refunds"].as_array().unwrap().len() == 1).then(|| now["refunds"].clone())
    });
    assert_eq!(refunds[0]["status"], "pending");
    let entries = history(&server, order["id"].as_str().unwrap());
    assert_eq!(
        entries,
        [
            "cancellation.requested",
            "cancellation.decided",
            "refund.created"
        ]
    );
}

#[test]
fn the_demo_simulator_settles_pending_refunds_like_the_payment_side_would() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10416");
    let body = server
        .cancel(&order, line(&order, "Stoneware mug, blue glaze", 1), "rf-7")
        .json();
    assert_eq!(body["order"]["refunds"][0]["status"], "pending");
    // What `--simulate` runs every few seconds: refunds pending for a step succeed.
    let settle = |at: cancel_policy::Timestamp| {
        server.db().blocking(|conn| {
            order_cancel_server::refunds::settle_pending(
                conn,
                &order_cancel_server::notify::Notifier::default(),
                at,
                60,
            )
            .unwrap()
        })
    };
    let now = server.now();
    settle(now); // the demo's older refunds, not this one: pending for less than a step
    let still = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(still["refunds"][0]["status"], "pending");
    assert_eq!(
        settle(cancel_policy::Timestamp::from_unix(now.unix() + 61)),
        1
    );
    let settled = server.get(&order_path(&order), ALICE).ok_json();
    let refund = &settled["refunds"][0];
    assert_eq!(refund["status"], "succeeded");
    assert!(
        refund["reference"]
            .as_str()
            .unwrap()
            .starts_with("SIM-ARN-"),
        "{refund}"
    );
    assert_eq!(
        settled["version"],
        body["order"]["version"].as_u64().unwrap() + 1
    );
}
