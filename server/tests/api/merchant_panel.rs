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
    // Seed 004: "Amazon contact is necessary if you choose to do this": beside the refusal the
    // item offers the notice, which the eligibility carries for the widget and the server.
    assert_eq!(
        answer.json()["refusals"][0]["eligibility"]["parcel_requests"],
        json!(["refusal_notice"])
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
fn a_posted_policy_sets_parcel_requests_or_leaves_them_out() {
    let server = TestServer::start();
    let mut shop = serde_json::to_value(cancel_policy::Preset::IndependentShop.policy()).unwrap();
    assert_eq!(
        shop["parcel_requests"],
        json!({"interception_request": ["shipped"], "refusal_notice": []})
    );
    shop["parcel_requests"]["refusal_notice"] = json!(["shipped"]);
    let both = put_policy(&server, json!({"policy": shop.clone()})).ok_json();
    assert_eq!(
        both["parcel_requests"]["refusal_notice"],
        json!(["shipped"])
    );
    assert_eq!(
        server.request("GET", "/v1/policy").send().ok_json()["parcel_requests"],
        both["parcel_requests"]
    );

    // A policy from before parcel requests existed offers none.
    let mut older = shop.clone();
    older.as_object_mut().unwrap().remove("parcel_requests");
    let none = put_policy(&server, json!({"policy": older})).ok_json();
    assert_eq!(
        none["parcel_requests"],
        json!({"interception_request": [], "refusal_notice": []})
    );

    // A delivered parcel cannot be stopped: refused, naming the field, and nothing changes.
    let mut delivered = shop;
    delivered["parcel_requests"]["interception_request"] = json!(["delivered"]);
    let refused = put_policy(&server, json!({"policy": delivered})).problem(400, "invalid_request");
    let detail = refused["detail"].as_str().unwrap();
    assert!(
        detail.contains("parcel_requests.interception_request: interception_request cannot be offered for delivered items"),
        "{refused}"
    );
    assert_eq!(
        server.request("GET", "/v1/policy").send().ok_json()["parcel_requests"],
        none["parcel_requests"]
    );
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
