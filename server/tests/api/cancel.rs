use crate::harness::*;
use cancel_policy::{plan, CancellationRequest, ItemState, Order, Policy, Preset};
use order_cancel_server::config::PolicySource;
use serde_json::{json, Value};
use std::sync::{Arc, Barrier};

/// A merchant's own policy: Dropshipping plus a 30-minute free-cancellation window, after
/// which cancelling becomes a request (no seed preset has a window).
fn with_window() -> TestServer {
    let policy = Policy {
        free_cancellation_minutes: Some(30),
        ..Preset::Dropshipping.policy()
    };
    TestServer::start_with(|c| c.policy = PolicySource::Given(Box::new(policy)))
}

fn post(server: &TestServer, order: &Value, body: &Value) -> Request {
    server
        .request("POST", &format!("{}/cancellations", order_path(order)))
        .token(ALICE)
        .json(body)
}

#[test]
fn cancel_now_refunds_what_the_policy_quotes() {
    let server = TestServer::start();
    let before = server.order_numbered("PO-10421");
    let items = line(&before, "Merino wool beanie", 1);

    // What the widget would have shown: the policy crate's quote for the same selection.
    let typed: Order = serde_json::from_value(before.clone()).unwrap();
    let request: CancellationRequest =
        serde_json::from_value(json!({"items": items, "reason_code": "changed_mind"})).unwrap();
    let quoted = plan(&typed, &Preset::TiktokShop.policy(), &request, server.now())
        .unwrap()
        .refund_now
        .total;

    let answer = server.cancel(&before, items, "k-1");
    assert_eq!(answer.status, 201, "{}", answer.body);
    let body = answer.json();
    let cancellation = &body["cancellations"][0];
    assert_eq!(body["cancellations"].as_array().unwrap().len(), 1);
    assert_eq!(cancellation["status"], "completed");
    assert_eq!(cancellation["reason_code"], "changed_mind");
    assert_eq!(
        cancellation["refund"],
        serde_json::to_value(&quoted).unwrap()
    );
    assert!(cancellation["id"].as_str().unwrap().starts_with("c_"));

    let after = &body["order"];
    assert_eq!(after["version"], before["version"].as_u64().unwrap() + 1);
    assert_eq!(answer.header("etag"), Some(etag(after).as_str()));
    assert_eq!(item(after, "Merino wool beanie")["state"], "cancelled");
    assert_eq!(item(after, "Ceramic pour-over set")["state"], "paid");
    // The item was cancelled when the cancellation was made, not when it was last moved.
    assert_eq!(
        item(after, "Merino wool beanie")["state_changed_at"],
        cancellation["created_at"]
    );
    assert_eq!(
        item(after, "Ceramic pour-over set")["state_changed_at"],
        item(&before, "Ceramic pour-over set")["state_changed_at"]
    );
    assert_eq!(after["refunded"], quoted.amount);
    assert_eq!(
        &server.get(&order_path(&before), ALICE).ok_json(),
        after,
        "stored as answered"
    );
}

#[test]
fn packed_items_become_requests_to_the_seller() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10417");
    let answer = server.cancel(&order, line(&order, "Cast iron skillet 26 cm", 1), "k-1");
    assert_eq!(answer.status, 201, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["cancellations"][0]["status"], "requested");
    assert_eq!(
        item(&body["order"], "Cast iron skillet 26 cm")["state"],
        "cancellation_requested"
    );
    assert_eq!(body["order"]["refunded"], 0);
}

#[test]
fn a_selection_can_split_into_a_cancellation_and_a_request() {
    // Amazon: the store's own item is cancelled at once, the third-party seller is asked.
    let server = TestServer::start_with(|c| c.policy = PolicySource::Preset(Preset::Amazon));
    let order = server.order_numbered("PO-10414");
    let mut items = line(&order, "Dotted notebook A5", 1);
    items.as_array_mut().unwrap().extend(
        line(&order, "USB-C charging cable 2 m", 1)
            .as_array()
            .unwrap()
            .clone(),
    );
    let body = server.cancel(&order, items, "k-1").json();
    let statuses: Vec<&Value> = body["cancellations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["status"])
        .collect();
    assert_eq!(statuses, ["completed", "requested"]);
}

#[test]
fn free_cancellation_windows_follow_the_server_clock() {
    // Cancel within 30 minutes of purchase, a request after that.
    let server = with_window();
    let status_of = |number: &str, title: &str, key: &str| {
        let order = server.order_numbered(number);
        let body = server.cancel(&order, line(&order, title, 1), key).json();
        body["cancellations"][0]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        status_of("PO-10421", "Merino wool beanie", "a"),
        "completed",
        "3 minutes old"
    );
    assert_eq!(
        status_of("PO-10416", "Stoneware mug, blue glaze", "b"),
        "requested",
        "2 hours old"
    );
    server.advance_minutes(30);
    assert_eq!(
        status_of("PO-10421", "Ceramic pour-over set", "c"),
        "requested",
        "33 minutes old"
    );
}

#[test]
fn dropshipping_cancels_an_unpacked_order_whatever_its_age() {
    // Seed 001: "If the order has not been packed yet, you can: Cancel the order directly".
    let server = TestServer::start_with(|c| c.policy = PolicySource::Preset(Preset::Dropshipping));
    let order = server.order_numbered("PO-10416");
    let answer = server.cancel(&order, line(&order, "Stoneware mug, blue glaze", 1), "k-1");
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(
        answer.json()["cancellations"][0]["status"],
        "completed",
        "2 hours old, paid"
    );
}

#[test]
fn expect_outcome_cancel_now_refuses_what_would_become_a_request() {
    // 30 free minutes. The shopper opens a 3-minute-old order and is shown "cancel now"; the
    // window closes before they confirm, and the version stays the same.
    let server = with_window();
    let seen = server
        .get(&order_path(&server.order_numbered("PO-10421")), ALICE)
        .ok_json();
    let body =
        json!({"items": line(&seen, "Merino wool beanie", 1), "reason_code": "changed_mind"});
    let send = |key: &str, expect: Option<&str>| {
        let request = post(&server, &seen, &body)
            .header("Idempotency-Key", key)
            .header("If-Match", &etag(&seen));
        match expect {
            Some(value) => request.header("Expect-Outcome", value).send(),
            None => request.send(),
        }
    };
    send("typo", Some("cancel-now")).problem(400, "invalid_request");
    server.advance_minutes(30);

    let problem = send("k-1", Some("cancel_now")).problem(409, "state_changed");
    assert_eq!(problem["order"], seen, "the current order, unchanged");
    let refusal = &problem["refusals"][0];
    assert_eq!(refusal["code"], "not_cancellable");
    assert_eq!(refusal["item_id"], item(&seen, "Merino wool beanie")["id"]);
    assert_eq!(refusal["eligibility"]["outcome"], "request_cancellation");
    assert_eq!(refusal["eligibility"]["because"]["rule"], "window_closed");
    assert_eq!(
        server.get(&order_path(&seen), ALICE).ok_json(),
        seen,
        "nothing changed"
    );

    // Without the header the same selection becomes a request, as before.
    let requested = send("k-2", None);
    assert_eq!(requested.status, 201, "{}", requested.body);
    assert_eq!(requested.json()["cancellations"][0]["status"], "requested");
    // The expectation is part of the request: it does not replay an answer given without it.
    send("k-2", Some("cancel_now")).problem(422, "idempotency_key_reused");
}

#[test]
fn expect_outcome_cancel_now_lets_cancel_now_through() {
    let server = with_window();
    let order = server.order_numbered("PO-10421");
    let answer = post(
        &server,
        &order,
        &json!({"items": line(&order, "Merino wool beanie", 1), "reason_code": "changed_mind"}),
    )
    .header("Idempotency-Key", "k-1")
    .header("If-Match", &etag(&order))
    .header("Expect-Outcome", "cancel_now")
    .send();
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.json()["cancellations"][0]["status"], "completed");
}

#[test]
fn idempotency_keys_replay_and_refuse_reuse() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let items = line(&order, "Merino wool beanie", 1);
    let first = server.cancel(&order, items.clone(), "key-1");
    assert_eq!(first.status, 201);
    assert_eq!(first.header("idempotent-replayed"), None);

    // A retry of the same request (here with a stale If-Match and reordered JSON) replays.
    let same = post(
        &server,
        &order,
        &json!({"reason_code": "changed_mind", "items": items}),
    )
    .header("Idempotency-Key", "key-1")
    .header("If-Match", &etag(&order))
    .send();
    assert_eq!((same.status, &same.body), (201, &first.body));
    assert_eq!(same.header("idempotent-replayed"), Some("true"));
    assert_eq!(same.header("etag"), first.header("etag"));

    let other_body =
        json!({"items": line(&order, "Ceramic pour-over set", 1), "reason_code": "changed_mind"});
    let reused = post(&server, &order, &other_body)
        .header("Idempotency-Key", "key-1")
        .header("If-Match", "*")
        .send();
    reused.problem(422, "idempotency_key_reused");

    // Keys belong to the shopper: bob's "key-1" is a different key.
    let bobs = server.order_numbered_for(BOB, "PO-20011");
    let answer = server
        .request("POST", &format!("{}/cancellations", order_path(&bobs)))
        .token(BOB)
        .header("Idempotency-Key", "key-1")
        .header("If-Match", "*")
        .json(&json!({"items": line(&bobs, "Espresso tamper 58 mm", 1), "reason_code": "changed_mind"}))
        .send();
    assert_eq!(answer.status, 201, "{}", answer.body);

    let current = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(
        current["cancellations"].as_array().unwrap().len(),
        1,
        "cancelled once"
    );
}

#[test]
fn idempotency_key_must_be_present_and_sane() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let body =
        json!({"items": line(&order, "Merino wool beanie", 1), "reason_code": "changed_mind"});
    post(&server, &order, &body)
        .header("If-Match", "*")
        .send()
        .problem(400, "invalid_request");
    for key in ["", &"k".repeat(256), "naïve"] {
        let answer = post(&server, &order, &body)
            .header("Idempotency-Key", key)
            .header("If-Match", "*")
            .send();
        answer.problem(400, "invalid_request");
    }
    let longest = post(&server, &order, &body)
        .header("Idempotency-Key", &"k".repeat(255))
        .header("If-Match", "*")
        .send();
    assert_eq!(longest.status, 201, "{}", longest.body);
}

#[test]
fn if_match_is_required_and_checked() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let body =
        json!({"items": line(&order, "Merino wool beanie", 1), "reason_code": "changed_mind"});
    post(&server, &order, &body)
        .header("Idempotency-Key", "a")
        .send()
        .problem(428, "precondition_required");
    for malformed in ["1", "W/\"1\"", "\"one\""] {
        let answer = post(&server, &order, &body)
            .header("Idempotency-Key", "b")
            .header("If-Match", malformed)
            .send();
        answer.problem(400, "invalid_request");
    }
    let stale = post(&server, &order, &body)
        .header("Idempotency-Key", "c")
        .header("If-Match", "\"0\"")
        .send();
    let problem = stale.problem(412, "stale_version");
    assert_eq!(
        problem["order"], order,
        "the current order comes with the answer"
    );
    // A failed attempt does not use up its key.
    let retried = server.cancel(&order, line(&order, "Merino wool beanie", 1), "c");
    assert_eq!(retried.status, 201, "{}", retried.body);
}

#[test]
fn an_item_that_moved_on_is_a_409_with_the_current_order() {
    let server = TestServer::start();
    let seen = server.order_numbered("PO-10421");
    let beanie = item(&seen, "Merino wool beanie")["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The warehouse ships the beanie while the shopper is looking.
    server
        .db()
        .blocking(|conn| {
            order_cancel_server::db::modify_order(conn, seen["id"].as_str().unwrap(), |o| {
                let item = o.items.iter_mut().find(|i| i.id == beanie).unwrap();
                item.state = ItemState::Shipped;
                true
            })
        })
        .unwrap();

    let items = line(&seen, "Merino wool beanie", 1);
    server
        .cancel(&seen, items.clone(), "k-1")
        .problem(412, "stale_version");
    let fresh = server.get(&order_path(&seen), ALICE).ok_json();
    let problem = server
        .cancel(&fresh, items, "k-2")
        .problem(409, "state_changed");
    assert_eq!(problem["order"], fresh);
    assert_eq!(
        item(&problem["order"], "Merino wool beanie")["state"],
        "shipped"
    );
    assert_eq!(problem["refusals"][0]["code"], "not_cancellable");
    assert_eq!(
        problem["refusals"][0]["eligibility"]["outcome"],
        "refuse_delivery"
    );
    assert_eq!(
        server.get(&order_path(&seen), ALICE).ok_json(),
        fresh,
        "nothing changed"
    );
}

#[test]
fn policy_refusals_are_400_and_change_nothing() {
    let server = TestServer::start();
    let check = |number: &str, body: Value, refusal: &str| {
        let order = server.order_numbered(number);
        let answer = post(&server, &order, &body)
            .header("Idempotency-Key", refusal)
            .header("If-Match", "*")
            .send();
        let problem = answer.problem(400, "invalid_request");
        let codes: Vec<&str> = problem["refusals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&refusal), "{refusal}: {problem}");
        assert_eq!(server.order_numbered(number), order);
    };
    let order = server.order_numbered("PO-10421");
    check(
        "PO-10421",
        json!({"items": line(&order, "Merino wool beanie", 1)}),
        "reason_required",
    );
    check(
        "PO-10421",
        json!({"items": [], "reason_code": "changed_mind"}),
        "empty_selection",
    );
    check(
        "PO-10421",
        json!({"items": [{"item_id": "it_nope", "quantity": 1}], "reason_code": "changed_mind"}),
        "unknown_item",
    );
    check(
        "PO-10421",
        json!({"items": line(&order, "Merino wool beanie", 1), "reason_code": "bored"}),
        "unknown_reason",
    );
    check(
        "PO-10421",
        json!({"items": line(&order, "Merino wool beanie", 2), "reason_code": "changed_mind"}),
        "quantity_exceeds_open",
    );
    let wraps = server.order_numbered("PO-10419");
    check(
        "PO-10419",
        json!({"items": line(&wraps, "Beeswax food wraps", 1), "reason_code": "changed_mind"}),
        "partial_quantity_not_allowed",
    );
    let yoga = server.order_numbered("PO-10415");
    check(
        "PO-10415",
        json!({"items": line(&yoga, "Cork yoga mat", 1), "reason_code": "changed_mind"}),
        "bundle_incomplete",
    );
}

#[test]
fn concurrent_cancellations_of_one_item_cancel_it_once() {
    let server = Arc::new(TestServer::start());
    let order = server.order_numbered("PO-10421");
    let answers = race(&server, &order, 64, |n| format!("racer-{n}"));
    let created: Vec<&Response> = answers.iter().filter(|a| a.status == 201).collect();
    assert_eq!(created.len(), 1);
    assert!(
        answers.iter().all(|a| matches!(a.status, 201 | 409 | 412)),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );

    let refund = created[0].json()["cancellations"][0]["refund"]["amount"]
        .as_i64()
        .unwrap();
    let current = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(current["refunded"], refund);
    assert_eq!(current["cancellations"].as_array().unwrap().len(), 1);
}

#[test]
fn concurrent_retries_of_one_request_run_it_once() {
    let server = Arc::new(TestServer::start());
    let order = server.order_numbered("PO-10421");
    let answers = race(&server, &order, 16, |_| "same-key".to_string());
    for answer in &answers {
        match answer.status {
            201 => {}
            409 => assert_eq!(answer.json()["code"], "request_in_flight"),
            other => panic!("unexpected {other}: {}", answer.body),
        }
    }
    let fresh: Vec<&Response> = answers
        .iter()
        .filter(|a| a.status == 201 && a.header("idempotent-replayed").is_none())
        .collect();
    assert_eq!(fresh.len(), 1, "exactly one attempt ran");
    let current = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(current["cancellations"].as_array().unwrap().len(), 1);
}

/// `threads` cancellations of the order's beanie, released at once; `key(n)` is thread n's
/// Idempotency-Key. The answers come back in thread order.
fn race(
    server: &Arc<TestServer>,
    order: &Value,
    threads: usize,
    key: impl Fn(usize) -> String,
) -> Vec<Response> {
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|n| {
            let (server, order, barrier, key) =
                (server.clone(), order.clone(), barrier.clone(), key(n));
            std::thread::spawn(move || {
                barrier.wait();
                server.cancel(&order, line(&order, "Merino wool beanie", 1), &key)
            })
        })
        .collect();
    handles.into_iter().map(|t| t.join().unwrap()).collect()
}
