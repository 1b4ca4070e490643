//! Orders in from the store: PUT creates or replaces, PATCH moves an item along; the
//! shopper then sees and cancels the synced order.

use crate::harness::*;
use cancel_policy::Preset;
use order_cancel_server::config::PolicySource;
use serde_json::{json, Value};

/// A two-line order as a store pushes it (both lines paid).
pub fn order_body() -> Value {
    json!({
        "shopper_id": "alice",
        "number": "SHOP-5001",
        "placed_at": "2026-11-30T10:00:00Z",
        "currency": "EUR",
        "discount": 300,
        "shipping": [{"seller_id": "store", "amount": 495}],
        "items": [
            {"id": "line-1", "sku": "TEA-GRN-100", "title": "Green tea, 100 g", "quantity": 2,
             "seller": {"id": "store", "name": "Nordlicht Home"},
             "unit_price": {"amount": 850, "currency": "EUR"}, "unit_tax": 170, "state": "paid"},
            {"id": "line-2", "sku": "CUP-CER-01", "title": "Ceramic cup", "quantity": 1,
             "seller": {"id": "store", "name": "Nordlicht Home"},
             "unit_price": {"amount": 1200, "currency": "EUR"}, "unit_tax": 240, "state": "paid"}
        ]
    })
}

pub fn put(server: &TestServer, id: &str, body: &Value) -> Response {
    server
        .request("PUT", &format!("/v1/merchant/orders/{id}"))
        .token(MERCHANT)
        .json(body)
        .send()
}

fn patch(server: &TestServer, id: &str, item: &str, state: &str) -> Response {
    server
        .request("PATCH", &format!("/v1/merchant/orders/{id}/items/{item}"))
        .token(MERCHANT)
        .json(&json!({"state": state}))
        .send()
}

#[test]
fn put_creates_then_replaces_and_the_same_body_changes_nothing() {
    let server = TestServer::start();
    let created = put(&server, "shop-5001", &order_body());
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("etag"), Some("\"1\""));
    let order = created.json();
    assert_eq!(order["id"], "shop-5001");
    assert_eq!(item(&order, "Green tea, 100 g")["cancelled_quantity"], 0);

    let again = put(&server, "shop-5001", &order_body());
    assert_eq!(
        (again.status, again.header("etag")),
        (200, Some("\"1\"")),
        "idempotent: no new version"
    );
    assert_eq!(again.json(), order);

    // The shopper sees it, newest by placed_at among her orders, exactly as stored.
    assert_eq!(server.get("/v1/orders/shop-5001", ALICE).ok_json(), order);
    server
        .get("/v1/orders/shop-5001", BOB)
        .problem(404, "not_found");

    let mut changed = order_body();
    changed["items"][1]["title"] = json!("Ceramic cup, blue");
    let replaced = put(&server, "shop-5001", &changed);
    assert_eq!(
        (replaced.status, replaced.header("etag")),
        (200, Some("\"2\""))
    );
    assert_eq!(item(&replaced.json(), "Ceramic cup, blue")["state"], "paid");

    // PATCH moves an item on; each change is a new version; the same state again is not.
    let packed = patch(&server, "shop-5001", "line-1", "packed");
    assert_eq!(
        (packed.status, packed.header("etag")),
        (200, Some("\"3\"")),
        "{}",
        packed.body
    );
    assert_eq!(item(&packed.json(), "Green tea, 100 g")["state"], "packed");
    assert_eq!(
        patch(&server, "shop-5001", "line-1", "packed").header("etag"),
        Some("\"3\"")
    );

    // If-Match on PUT guards against a stale replace.
    let stale = server
        .request("PUT", "/v1/merchant/orders/shop-5001")
        .token(MERCHANT)
        .header("If-Match", "\"2\"")
        .json(&changed)
        .send();
    stale.problem(412, "stale_version");
}

#[test]
fn a_synced_order_is_cancelled_by_the_shopper_and_the_store_cannot_undo_it() {
    // Temu's rules, with a merchant's permission to cancel one of two units.
    let policy = cancel_policy::Policy {
        partial_quantity: true,
        ..Preset::Temu.policy()
    };
    let server = TestServer::start_with(|c| c.policy = PolicySource::Given(Box::new(policy)));
    let order = put(&server, "shop-5002", &order_body()).json();
    let cancelled = server.cancel(&order, line(&order, "Green tea, 100 g", 1), "sync-1");
    assert_eq!(cancelled.status, 201, "{}", cancelled.body);
    let after = cancelled.json()["order"].clone();
    assert_eq!(item(&after, "Green tea, 100 g")["cancelled_quantity"], 1);

    // Replaying the store's unchanged body keeps the cancellation (it is the server's record).
    let replay = put(&server, "shop-5002", &order_body());
    assert_eq!(replay.status, 200);
    assert_eq!(replay.json(), after, "nothing changed, nothing lost");

    // A body that disagrees with the recorded cancellation is refused and nothing is written.
    let mut fewer = order_body();
    fewer["items"][0]["quantity"] = json!(1);
    let mut cheaper = order_body();
    cheaper["items"][0]["unit_price"]["amount"] = json!(700);
    let mut removed = order_body();
    removed["items"].as_array_mut().unwrap().remove(0);
    let mut new_discount = order_body();
    new_discount["discount"] = json!(0);
    let mut other_shopper = order_body();
    other_shopper["shopper_id"] = json!("bob");
    for (case, body) in [
        ("fewer units", fewer),
        ("another price", cheaper),
        ("line removed", removed),
        ("discount", new_discount),
        ("shopper", other_shopper),
    ] {
        let refused = put(&server, "shop-5002", &body).problem(409, "order_conflict");
        assert_eq!(
            refused["order"], after,
            "{case}: the current order comes with the refusal"
        );
    }
    assert_eq!(
        server.get("/v1/orders/shop-5002", ALICE).ok_json(),
        after,
        "nothing half-written"
    );

    // Moving backwards and resurrecting a cancelled line are refused too.
    patch(&server, "shop-5002", "line-2", "shipped").ok_json();
    patch(&server, "shop-5002", "line-2", "packed").problem(409, "order_conflict");
    let current = server.get("/v1/orders/shop-5002", ALICE).ok_json();
    let rest = server.cancel(&current, line(&current, "Green tea, 100 g", 1), "sync-2");
    assert_eq!(rest.status, 201, "{}", rest.body);
    assert_eq!(
        item(&rest.json()["order"], "Green tea, 100 g")["state"],
        "cancelled"
    );
    patch(&server, "shop-5002", "line-1", "paid").problem(409, "order_conflict");
    put(&server, "shop-5002", &order_body()).problem(409, "order_conflict");
}

#[test]
fn bad_order_bodies_are_400_and_only_the_merchant_may_write() {
    let server = TestServer::start();
    assert_eq!(put(&server, "x", &order_body()).status, 201, "a valid body");
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: [(&str, Change); 9] = [
        ("no items", Box::new(|b| b["items"] = json!([]))),
        (
            "zero quantity",
            Box::new(|b| b["items"][0]["quantity"] = json!(0)),
        ),
        ("currency", Box::new(|b| b["currency"] = json!("euro"))),
        (
            "price currency",
            Box::new(|b| b["items"][0]["unit_price"]["currency"] = json!("USD")),
        ),
        (
            "duplicate ids",
            Box::new(|b| b["items"][1]["id"] = json!("line-1")),
        ),
        (
            "server-owned state",
            Box::new(|b| b["items"][0]["state"] = json!("cancelled")),
        ),
        ("unknown field", Box::new(|b| b["refunded"] = json!(100))),
        (
            // 10,000 units at i64::MAX / 10,000 + 1: the total overflows 64 bits.
            "total too large",
            Box::new(|b| {
                b["items"][0]["quantity"] = json!(10_000);
                b["items"][0]["unit_price"]["amount"] = json!(i64::MAX / 10_000 + 1);
            }),
        ),
        (
            "tax pushes the total over",
            Box::new(|b| {
                b["items"][0]["unit_price"]["amount"] = json!(i64::MAX - 1);
                b["items"][0]["unit_tax"] = json!(2);
            }),
        ),
    ];
    for (case, change) in cases {
        let mut body = order_body();
        change(&mut body);
        let answer = put(&server, "shop-bad", &body);
        assert_eq!(answer.status, 400, "{case}: {}", answer.body);
    }
    server
        .get("/v1/orders/shop-bad", ALICE)
        .problem(404, "not_found");
    patch(&server, "nope", "line-1", "packed").problem(404, "not_found");
    patch(&server, "x", "nope", "packed").problem(404, "not_found");
    server
        .request("PUT", "/v1/merchant/orders/y")
        .token(ALICE)
        .json(&order_body())
        .send()
        .problem(403, "forbidden");
}
