//! Parcel requests (issue 26): a shopper asks to stop a shipped parcel (independent shop)
//! or tells the store they will refuse it (Amazon) as a cancellation is made (Idempotency-Key,
//! If-Match, the policy re-checked, another shopper's order 404); the store moves the request
//! forward only (replays change nothing, conflicts write nothing), every move a webhook and a
//! history entry, and a returned parcel refunded through the refund records. The helpers
//! here serve `parcel_moves.rs` too.

use crate::harness::*;
use crate::refunds::{events, history, patch as patch_refund, with_webhooks_and};
use cancel_policy::Preset;
use order_cancel_server::config::PolicySource;
use serde_json::{json, Value};

/// Lines of the demo's orders that parcel requests are about.
pub const SKILLET: &str = "Cast iron skillet 26 cm";
pub const SHOES: &str = "Trail running shoes, size 42";
pub const TAMPER: &str = "Espresso tamper 58 mm";

pub fn shop(preset: Preset) -> TestServer {
    with_webhooks_and(|c| c.policy = PolicySource::Preset(preset))
}

/// The store marks the line titled `title` of `order` shipped; the order after it.
pub fn ship(server: &TestServer, order: &Value, title: &str) -> Value {
    let item_id = item(order, title)["id"].as_str().unwrap();
    let path = format!(
        "/v1/merchant/orders/{}/items/{item_id}",
        order["id"].as_str().unwrap()
    );
    let shipped = server
        .request("PATCH", &path)
        .token(MERCHANT)
        .json(&json!({"state": "shipped"}))
        .send()
        .ok_json();
    assert_eq!(item(&shipped, title)["state"], "shipped");
    shipped
}

pub fn move_to(server: &TestServer, id: &str, status: &str) -> Response {
    server
        .request("PATCH", &format!("/v1/merchant/parcel-requests/{id}"))
        .token(MERCHANT)
        .json(&json!({"status": status}))
        .send()
}

pub fn id_of(answer: &Value) -> String {
    answer["parcel_request"]["id"].as_str().unwrap().to_string()
}

#[test]
fn a_shipped_parcel_is_stopped_returned_and_refunded() {
    let server = shop(Preset::IndependentShop);
    let order = ship(&server, &server.order_numbered("PO-10417"), SKILLET);
    let first = server.ask_parcel(&order, SKILLET).send("pr-1");
    assert_eq!(first.status, 201, "{}", first.body);
    let created = first.json();
    let request = &created["parcel_request"];
    assert_eq!(
        (
            &request["kind"],
            &request["status"],
            &request["quantity"],
            &request["reason_code"]
        ),
        (
            &json!("interception_request"),
            &json!("requested"),
            &json!(1),
            &json!("no_longer_wanted")
        )
    );
    assert_eq!(
        request["refund"],
        json!({"amount": 6975, "currency": "EUR"}),
        "the skillet with its tax, and the shipping: it is the order's only item"
    );
    assert!(id_of(&created).starts_with("pr_"));
    assert_eq!(created["order"]["parcel_requests"][0], *request);
    let skillet = item(&created["order"], SKILLET);
    assert_eq!(
        (&skillet["parcel_requested_quantity"], &skillet["state"]),
        (&json!(1), &json!("shipped"))
    );
    let version = created["order"]["version"].as_u64().unwrap();
    assert_eq!(
        first.header("etag"),
        Some(format!("\"{version}\"").as_str())
    );
    // The shopper's order carries it, for the widget to show its progress.
    assert_eq!(
        server.get(&order_path(&order), ALICE).ok_json(),
        created["order"]
    );

    // The same key and body: the first answer again, nothing new. Another body: 422.
    let replay = server.ask_parcel(&order, SKILLET).send("pr-1");
    assert_eq!((replay.status, replay.json()), (201, created.clone()));
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    server
        .ask_parcel(&order, SKILLET)
        .refusal_notice()
        .send("pr-1")
        .problem(422, "idempotency_key_reused");
    // A new key on the version it was read at: 412; at the current one, its units are held.
    server
        .ask_parcel(&order, SKILLET)
        .send("pr-2")
        .problem(412, "stale_version");
    let again = server.ask_parcel(&created["order"], SKILLET).send("pr-3");
    let problem = again.problem(409, "state_changed");
    assert_eq!(problem["refusals"][0]["code"], "parcel_request_not_offered");
    assert_eq!(
        problem["refusals"][0]["eligibility"]["outcome"],
        "request_pending"
    );
    assert_eq!(problem["order"], created["order"]);

    // The store's work list, then its moves.
    let listed = server
        .get("/v1/merchant/parcel-requests?status=requested", MERCHANT)
        .ok_json();
    let entry = &listed["parcel_requests"][0];
    assert_eq!(
        (&entry["order_number"], &entry["shopper_id"]),
        (&json!("PO-10417"), &json!("alice"))
    );
    assert_eq!(
        (&entry["parcel_request"], &entry["item"]["sku"]),
        (request, &json!("KIT-CST-26"))
    );
    let id = id_of(&created);
    let intercepted = move_to(&server, &id, "intercepted").ok_json();
    assert_eq!(intercepted["parcel_request"]["status"], "intercepted");
    assert_eq!(intercepted["order"]["version"], version + 1);
    assert_eq!(
        move_to(&server, &id, "intercepted").ok_json(),
        intercepted,
        "a replay answers as the first"
    );
    let returned = move_to(&server, &id, "returned").ok_json();
    let back = &returned["parcel_request"];
    let steps: Vec<&str> = back["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["requested", "intercepted", "returned"]);
    let order_now = &returned["order"];
    let cancellation = order_now["cancellations"]
        .as_array()
        .unwrap()
        .last()
        .unwrap();
    assert_eq!(back["cancellation_id"], cancellation["id"]);
    assert_eq!(
        (&cancellation["status"], &cancellation["refund"]),
        (&json!("completed"), &back["refund"])
    );
    let refund = order_now["refunds"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (&refund["status"], &refund["cancellation_id"]),
        (&json!("pending"), &cancellation["id"])
    );
    assert_eq!(
        back["refund"], request["refund"],
        "what the shopper was told"
    );
    let skillet = item(order_now, SKILLET);
    assert_eq!(
        (&skillet["state"], &skillet["parcel_requested_quantity"]),
        (&json!("cancelled"), &json!(0))
    );

    // The refund goes on like any other, and the shopper sees it settled.
    patch_refund(
        &server,
        refund["id"].as_str().unwrap(),
        json!({"status": "succeeded"}),
    )
    .ok_json();
    let seen = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(seen["refunds"][0]["status"], "succeeded");
    assert_eq!(seen["parcel_requests"][0]["status"], "returned");

    let expected = [
        "parcel_request.created",
        "parcel_request.updated",
        "parcel_request.updated",
        "refund.created",
        "refund.updated",
    ];
    assert_eq!(events(&server), expected);
    assert_eq!(history(&server, order["id"].as_str().unwrap()), expected);
    let deliveries = server
        .get("/v1/merchant/webhook-deliveries?limit=500", MERCHANT)
        .ok_json();
    let hook = deliveries["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["event_type"] == "parcel_request.created")
        .unwrap();
    let data = &hook["payload"]["data"];
    assert_eq!(
        (&data["order_number"], &data["shopper_id"]),
        (&json!("PO-10417"), &json!("alice"))
    );
    assert_eq!(data["parcel_request"], *request);
    assert_eq!(
        data["line"],
        json!({"item_id": skillet["id"], "sku": "KIT-CST-26", "title": SKILLET, "quantity": 1})
    );
    assert_eq!(data["order_version"], version);
}

#[test]
fn only_the_shoppers_own_order_and_what_the_policy_allows() {
    let server = shop(Preset::IndependentShop);
    let bobs = server.order_numbered_for(BOB, "PO-20011");
    let bobs = ship(&server, &bobs, TAMPER);
    let stranger = server.ask_parcel(&bobs, TAMPER).send("x-1");
    stranger.problem(404, "not_found");
    assert_eq!(
        server.ask_parcel(&bobs, TAMPER).by(BOB).send("x-1").status,
        201
    );

    // Not yet shipped: the shop cancels it at once instead.
    let packed = server.order_numbered("PO-10417");
    let problem = server
        .ask_parcel(&packed, SKILLET)
        .send("x-2")
        .problem(409, "state_changed");
    assert_eq!(
        problem["refusals"][0]["eligibility"]["outcome"],
        "cancel_now"
    );
    // The reason the policy requires, If-Match, and a body the contract knows.
    let shoes = server.order_numbered("PO-10411");
    let path = format!("{}/parcel-requests", order_path(&shoes));
    let no_reason = json!({"kind": "interception_request", "item_id": item(&shoes, SHOES)["id"], "quantity": 1});
    let send = |body: &Value, if_match: Option<&str>| {
        let request = server
            .request("POST", &path)
            .token(ALICE)
            .header("Idempotency-Key", "x-3")
            .json(body);
        match if_match {
            Some(tag) => request.header("If-Match", tag),
            None => request,
        }
        .send()
    };
    let problem = send(&no_reason, Some(&etag(&shoes))).problem(400, "invalid_request");
    assert_eq!(problem["refusals"][0]["code"], "reason_required");
    send(&no_reason, None).problem(428, "precondition_required");
    let mut unknown = no_reason.clone();
    unknown["note"] = json!("hi");
    send(&unknown, Some(&etag(&shoes))).problem(400, "invalid_request");
    assert!(
        events(&server)
            .iter()
            .all(|e| e == "parcel_request.created"),
        "only bob's"
    );
    assert_eq!(
        server.get(&order_path(&shoes), ALICE).ok_json(),
        shoes,
        "nothing written"
    );
}
