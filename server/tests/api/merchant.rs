use crate::harness::*;
use serde_json::{json, Value};

fn pending(server: &TestServer) -> Vec<Value> {
    let list = server
        .get("/v1/merchant/cancellation-requests", MERCHANT)
        .ok_json();
    list["cancellation_requests"].as_array().unwrap().clone()
}

fn decide(server: &TestServer, order_id: &str, cancellation_id: &str, approve: bool) -> Response {
    server
        .request(
            "POST",
            &format!("/v1/merchant/orders/{order_id}/cancellations/{cancellation_id}/decision"),
        )
        .token(MERCHANT)
        .json(&json!({"approve": approve}))
        .send()
}

#[test]
fn approving_a_request_cancels_and_refunds() {
    let server = TestServer::start();
    let requests = pending(&server);
    assert_eq!(requests.len(), 1, "the demo has one pending request");
    let request = &requests[0];
    assert_eq!(request["order_number"], "PO-10412");
    assert_eq!(request["shopper_id"], "alice");
    assert_eq!(request["cancellation"]["status"], "requested");
    assert_eq!(request["order"]["id"], request["order_id"]);
    let (order_id, cancellation_id) = (
        request["order_id"].as_str().unwrap(),
        request["cancellation"]["id"].as_str().unwrap(),
    );

    let answer = decide(&server, order_id, cancellation_id, true);
    let body = answer.ok_json();
    assert_eq!(answer.header("etag"), Some(etag(&body["order"]).as_str()));
    assert_eq!(body["cancellation"]["status"], "approved");
    assert!(body["cancellation"]["decided_at"].is_string());
    let refund = body["cancellation"]["refund"]["amount"].as_i64().unwrap();
    assert!(refund > 0);
    assert_eq!(body["order"]["refunded"], refund);
    assert_eq!(
        item(&body["order"], "Wool throw blanket")["state"],
        "cancelled"
    );
    // Cancelled when the seller approved.
    assert_eq!(
        item(&body["order"], "Wool throw blanket")["state_changed_at"],
        body["cancellation"]["decided_at"]
    );
    assert_eq!(
        server.order_numbered("PO-10412"),
        body["order"],
        "the shopper sees it"
    );
    assert!(pending(&server).is_empty());

    let again = decide(&server, order_id, cancellation_id, false).problem(409, "not_pending");
    assert_eq!(again["cancellation"]["status"], "approved");
    assert_eq!(
        server.order_numbered("PO-10412")["refunded"],
        refund,
        "refunded once"
    );
}

#[test]
fn denying_a_request_puts_the_item_back() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10417");
    let requested = server
        .cancel(&order, line(&order, "Cast iron skillet 26 cm", 1), "ask-1")
        .json();
    let cancellation_id = requested["cancellations"][0]["id"].as_str().unwrap();
    assert!(pending(&server)
        .iter()
        .any(|r| r["cancellation"]["id"] == cancellation_id));

    let body = decide(
        &server,
        order["id"].as_str().unwrap(),
        cancellation_id,
        false,
    )
    .ok_json();
    assert_eq!(body["cancellation"]["status"], "denied");
    assert_eq!(body["cancellation"]["refund"]["amount"], 0);
    assert_eq!(body["order"]["refunded"], 0);
    assert_eq!(
        item(&body["order"], "Cast iron skillet 26 cm")["state"],
        "packed"
    );

    // The shopper may ask again.
    let again = server.cancel(
        &body["order"],
        line(&body["order"], "Cast iron skillet 26 cm", 1),
        "ask-2",
    );
    assert_eq!(again.status, 201, "{}", again.body);
}

#[test]
fn unknown_orders_and_cancellations_are_404() {
    let server = TestServer::start();
    let request = pending(&server).remove(0);
    decide(
        &server,
        "ord_nope",
        request["cancellation"]["id"].as_str().unwrap(),
        true,
    )
    .problem(404, "not_found");
    decide(
        &server,
        request["order_id"].as_str().unwrap(),
        "c_nope",
        true,
    )
    .problem(404, "not_found");
}
