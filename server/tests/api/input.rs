//! Whatever a client sends, the answer is a 4xx problem, never a 5xx.

use crate::harness::*;
use serde_json::{json, Value};

#[test]
fn malformed_bodies_are_4xx() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let path = format!("{}/cancellations", order_path(&order));
    let send = |content_type: &str, body: &[u8]| {
        server
            .request("POST", &path)
            .token(ALICE)
            .header("Idempotency-Key", "k")
            .header("If-Match", "*")
            .raw(content_type, body.to_vec())
            .send()
    };
    let json_bodies: [&[u8]; 9] = [
        b"",
        b"{",
        b"null",
        b"[]",
        b"{\"items\": \"all\"}",
        b"{\"items\": [{\"item_id\": 1, \"quantity\": 1}]}",
        b"{\"items\": [{\"item_id\": \"x\", \"quantity\": -1}]}",
        b"{\"items\": [{\"item_id\": \"x\", \"quantity\": 99999999999}]}",
        b"{\"items\": [], \"refund_destination\": \"cash\"}",
    ];
    for body in json_bodies {
        send("application/json", body).problem(400, "invalid_request");
    }
    send("application/json", &[0xff, 0xfe, b'{']).problem(400, "invalid_request");
    send("text/plain", b"{\"items\": []}").problem(400, "invalid_request");
    send("application/x-www-form-urlencoded", b"items=1").problem(400, "invalid_request");

    let huge = format!(
        "{{\"items\": [], \"comment\": \"{}\"}}",
        "x".repeat(100 * 1024)
    );
    send("application/json", huge.as_bytes()).problem(413, "payload_too_large");
    // Just under the limit is read (and refused by the policy, not the transport).
    let big = format!(
        "{{\"items\": [], \"comment\": \"{}\"}}",
        "x".repeat(60 * 1024)
    );
    send("application/json; charset=utf-8", big.as_bytes()).problem(400, "invalid_request");

    let weird_paths = [
        "/v1/orders/%FF%FE/cancellations",
        "/v1/orders/..%2F..%2Fetc/cancellations",
    ];
    for path in weird_paths {
        let answer = server
            .request("POST", path)
            .token(ALICE)
            .json(&json!({"items": []}))
            .send();
        assert!(
            (400..500).contains(&answer.status),
            "{path}: {}",
            answer.status
        );
    }
    assert_eq!(server.get("/healthz", ALICE).status, 200, "still serving");
    assert_eq!(server.order_numbered("PO-10421"), order, "nothing changed");
}

#[test]
fn merchant_decisions_need_a_boolean() {
    let server = TestServer::start();
    let path = "/v1/merchant/orders/ord_x/cancellations/c_x/decision";
    // Unknown members are refused (openapi.yaml: Decision has additionalProperties false):
    // a decision cannot be taken back, so a member it would ignore is more likely a mistake.
    for body in [
        json!({}),
        json!({"approve": "yes"}),
        json!(true),
        json!({"approve": true, "note": "call the shopper"}),
    ] {
        server
            .request("POST", path)
            .token(MERCHANT)
            .json(&body)
            .send()
            .problem(400, "invalid_request");
    }
}

#[test]
fn a_whole_number_written_with_a_fraction_is_that_integer() {
    // JSON has one number type and JSON Schema's `integer` takes 1.0: a client writing
    // floats must not be refused, and 1.5 units still are.
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let id = item(&order, "Merino wool beanie")["id"].clone();
    let half = server.cancel(&order, json!([{"item_id": id, "quantity": 1.5}]), "k-half");
    half.problem(400, "invalid_request");
    let answer = server.cancel(&order, json!([{"item_id": id, "quantity": 1.0}]), "k-whole");
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.json()["cancellations"][0]["items"][0]["quantity"], 1);
}

#[test]
fn empty_query_parameters_count_as_absent_on_both_lists() {
    let server = TestServer::start();
    let all = server.get("/v1/orders", ALICE).ok_json();
    let empty = server
        .get("/v1/orders?status=&limit=&q=&cursor=", ALICE)
        .ok_json();
    assert_eq!(empty, all);
    let deliveries = server
        .get("/v1/merchant/webhook-deliveries?status=&limit=", MERCHANT)
        .ok_json();
    assert!(deliveries["deliveries"].is_array());
    for query in ["limit=0", "limit=501", "limit=x", "status=lost"] {
        server
            .get(
                &format!("/v1/merchant/webhook-deliveries?{query}"),
                MERCHANT,
            )
            .problem(400, "invalid_request");
    }
}

#[test]
fn a_selection_the_schema_refuses_is_400_before_the_version_is_compared() {
    // openapi.yaml: the body is checked before If-Match, so a stale version does not hide
    // a malformed selection (and refusals say what to fix, as the policy's do).
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let id = item(&order, "Merino wool beanie")["id"].clone();
    let long = "x".repeat(101);
    let send = |items: Value, key: &str| {
        server
            .request("POST", &format!("{}/cancellations", order_path(&order)))
            .token(ALICE)
            .header("Idempotency-Key", key)
            .header("If-Match", "\"999\"")
            .json(&json!({"items": items, "reason_code": "changed_mind"}))
            .send()
    };
    for (items, refusal) in [
        (json!([]), "empty_selection"),
        (json!([{"item_id": "", "quantity": 1}]), "unknown_item"),
        (json!([{"item_id": long, "quantity": 1}]), "unknown_item"),
        (json!([{"item_id": id, "quantity": 0}]), "zero_quantity"),
        (
            json!([{"item_id": id, "quantity": 1}, {"item_id": id, "quantity": 1}]),
            "duplicate_item",
        ),
    ] {
        let problem = send(items, refusal).problem(400, "invalid_request");
        assert_eq!(problem["refusals"][0]["code"], refusal, "{problem}");
    }
    let stale = send(json!([{"item_id": id, "quantity": 1}]), "well-formed");
    stale.problem(412, "stale_version");
    assert_eq!(server.order_numbered("PO-10421"), order, "nothing changed");
}
