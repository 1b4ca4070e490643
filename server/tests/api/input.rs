//! Whatever a client sends, the answer is a 4xx problem, never a 5xx.

use crate::harness::*;
use serde_json::json;

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
    for body in [json!({}), json!({"approve": "yes"}), json!(true)] {
        server
            .request("POST", path)
            .token(MERCHANT)
            .json(&body)
            .send()
            .problem(400, "invalid_request");
    }
}
