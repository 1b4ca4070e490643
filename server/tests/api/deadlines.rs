//! Seller response deadlines: the shopper sees when the seller must answer; silence is
//! decided by the policy, by the server itself, also across a restart.

use crate::harness::*;
use crate::process::free_port;
use crate::webhooks::{Receiver, SECRET};
use serde_json::json;

fn pending_cancellation(server: &TestServer, number: &str) -> serde_json::Value {
    let order = server.order_numbered(number);
    order["cancellations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "requested")
        .cloned()
        .expect("a request")
}

#[test]
fn an_unanswered_request_is_approved_when_the_seller_deadline_passes() {
    let port = free_port();
    let server = TestServer::start_with(|c| {
        c.webhook_urls = vec![format!("http://127.0.0.1:{port}/hooks")];
        c.webhook_secret = Some(SECRET.into());
    });
    let receiver = Receiver::start(port, &server.file("received.jsonl"), 0);
    // TikTok Shop: 48 hours to answer, approved on silence. The demo request is 2 hours old.
    let policy = server.request("GET", "/v1/policy").send().ok_json();
    assert_eq!(
        (
            policy["seller_response_hours"].as_i64(),
            &policy["on_seller_silence"]
        ),
        (Some(48), &json!("approve"))
    );
    assert_eq!(
        pending_cancellation(&server, "PO-10412")["if_unanswered"],
        "approve"
    );
    let request = pending_cancellation(&server, "PO-10412");
    let created = cancel_policy::Timestamp::parse(request["created_at"].as_str().unwrap()).unwrap();
    let respond_by =
        cancel_policy::Timestamp::parse(request["respond_by"].as_str().unwrap()).unwrap();
    assert_eq!(
        respond_by.unix() - created.unix(),
        48 * 3600,
        "the shopper is told when the seller must answer"
    );

    server.advance_minutes(45 * 60);
    std::thread::sleep(std::time::Duration::from_millis(200)); // several sweeps
    assert_eq!(
        pending_cancellation(&server, "PO-10412")["id"],
        request["id"],
        "not yet due"
    );

    server.advance_minutes(3 * 60);
    let order = wait_for(5, "the request decided", || {
        let order = server.order_numbered("PO-10412");
        (order["cancellations"][0]["status"] == "approved").then_some(order)
    });
    assert_eq!(item(&order, "Wool throw blanket")["state"], "cancelled");
    assert_eq!(
        order["refunded"],
        order["cancellations"][0]["refund"]["amount"]
    );
    assert!(order["refunded"].as_i64().unwrap() > 0);
    let event = wait_for(10, "the decided event", || {
        receiver.received().into_iter().next()
    });
    assert_eq!(event["body"]["type"], "cancellation.decided");
    assert_eq!(event["body"]["data"]["decided_by"], "deadline");
    assert_eq!(event["body"]["data"]["status"], "approved");
    assert_eq!(event["valid"], true);
    let requests = server
        .get("/v1/merchant/cancellation-requests", MERCHANT)
        .ok_json();
    assert_eq!(requests["cancellation_requests"], json!([]));
}

#[test]
fn a_deny_on_silence_policy_is_applied_after_a_restart_too() {
    let server = TestServer::start();
    // The merchant's own policy: one hour to answer, denied on silence.
    let mut policy = server.request("GET", "/v1/policy").send().ok_json();
    policy["name"] = json!("nordlicht");
    policy["seller_response_hours"] = json!(1);
    policy["on_seller_silence"] = json!("deny");
    let set = server
        .request("PUT", "/v1/merchant/policy")
        .token(MERCHANT)
        .json(&json!({"policy": policy}))
        .send();
    assert_eq!(set.ok_json()["name"], "nordlicht");

    let order = server.order_numbered("PO-10417");
    let requested = server
        .cancel(&order, line(&order, "Cast iron skillet 26 cm", 1), "deny-1")
        .json();
    let request = &requested["cancellations"][0];
    assert_eq!(request["status"], "requested");
    let created = cancel_policy::Timestamp::parse(request["created_at"].as_str().unwrap()).unwrap();
    let respond_by =
        cancel_policy::Timestamp::parse(request["respond_by"].as_str().unwrap()).unwrap();
    assert_eq!(respond_by.unix() - created.unix(), 3600);
    assert_eq!(
        request["if_unanswered"], "deny",
        "what the shopper is told happens on silence"
    );

    // The deadline passes while the server is down. After the restart the live policy is the
    // start-up one again (approve on silence), yet the request is decided as it promised.
    let mut server = server;
    server.stop();
    server.advance_minutes(61);
    let server = server.restart();
    assert_eq!(
        server.request("GET", "/v1/policy").send().ok_json()["on_seller_silence"],
        "approve"
    );
    let order = wait_for(5, "the request denied", || {
        let order = server.order_numbered("PO-10417");
        (order["cancellations"][0]["status"] == "denied").then_some(order)
    });
    assert_eq!(
        item(&order, "Cast iron skillet 26 cm")["state"],
        "packed",
        "back on its way to the shopper"
    );
    assert_eq!(order["refunded"], 0);
}
