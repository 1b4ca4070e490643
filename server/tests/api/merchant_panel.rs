//! What the demo's merchant panel calls: switch the live policy, reset the demo data.

use crate::harness::*;
use serde_json::json;

fn put_policy(server: &TestServer, body: serde_json::Value) -> Response {
    server
        .request("PUT", "/v1/merchant/policy")
        .token(MERCHANT)
        .json(&body)
        .send()
}

#[test]
fn the_live_policy_switches_to_a_preset_or_a_posted_policy() {
    let server = TestServer::start();
    let amazon = put_policy(&server, json!({"preset": "amazon"})).ok_json();
    assert_eq!(
        amazon,
        serde_json::to_value(cancel_policy::Preset::Amazon.policy()).unwrap()
    );
    assert_eq!(
        server.request("GET", "/v1/policy").send().ok_json(),
        amazon,
        "the widget sees it at once"
    );
    // And the rules follow: under amazon a processing item is past cancelling (seed 004: "no
    // longer an option once an item has entered the processing and shipping system").
    let order = server.order_numbered("PO-10419");
    let answer = server.cancel(&order, line(&order, "Bamboo cutting board", 1), "panel-1");
    assert_eq!(answer.status, 409, "{}", answer.body);
    assert_eq!(
        answer.json()["refusals"][0]["eligibility"]["outcome"],
        "refuse_delivery"
    );

    let mut own = amazon.clone();
    own["name"] = json!("my shop");
    own["free_cancellation_minutes"] = json!(10);
    assert_eq!(
        put_policy(&server, json!({"policy": own})).ok_json()["name"],
        "my shop"
    );

    // Bad changes are refused with the reason and leave the policy as it was.
    let mut backwards = own.clone();
    backwards["outcomes"]["shipped"] = json!("cancel_now");
    let refused = put_policy(&server, json!({"policy": backwards})).problem(400, "invalid_request");
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("outcomes.shipped"),
        "{refused}"
    );
    put_policy(&server, json!({"preset": "ebay"})).problem(400, "invalid_request");
    put_policy(&server, json!({"preset": "temu", "policy": own})).problem(400, "invalid_request");
    assert_eq!(
        server.request("GET", "/v1/policy").send().ok_json()["name"],
        "my shop"
    );
    server
        .request("PUT", "/v1/merchant/policy")
        .token(ALICE)
        .json(&json!({"preset": "temu"}))
        .send()
        .problem(403, "forbidden");
}

#[test]
fn the_demo_reset_restores_the_seed_and_exists_only_with_seed() {
    let server = TestServer::start();
    let before = server.all_orders(ALICE, "");
    let order = server.order_numbered("PO-10421");
    assert_eq!(
        server
            .cancel(&order, line(&order, "Merino wool beanie", 1), "reset-1")
            .status,
        201
    );
    let reset = server
        .request("POST", "/v1/merchant/demo/reset")
        .token(MERCHANT)
        .send()
        .ok_json();
    assert_eq!(reset["orders"], 16);
    let after = server.all_orders(ALICE, "");
    let numbers = |orders: &[serde_json::Value]| {
        orders
            .iter()
            .map(|o| o["number"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers(&after), numbers(&before));
    let fresh = server.order_numbered("PO-10421");
    assert_eq!(
        fresh["cancellations"],
        json!([]),
        "the cancellation is gone"
    );
    // The same idempotency key is a new request again: the records went with the data.
    assert_eq!(
        server
            .cancel(&fresh, line(&fresh, "Merino wool beanie", 1), "reset-1")
            .status,
        201
    );

    let store = TestServer::start_with(|c| {
        c.seed = false;
        c.merchant_token = Some("merchant-token-for-the-tests-0123".into());
    });
    store
        .request("POST", "/v1/merchant/demo/reset")
        .token("merchant-token-for-the-tests-0123")
        .send()
        .problem(404, "not_found");
}
