//! Parcel requests moved on by the store (issue 26): forward only, a replay changing
//! nothing, every other move refused whole (409, or 400 for a status the kind never has),
//! `not_interceptable` and `delivered_anyway` giving the units back and refunding nothing,
//! a returned refusal notice refunded, the store's order sync keeping what a request holds, every
//! step emailed. On SQLite, and on PostgreSQL with `TEST_DATABASE_URL`.

use crate::emails::{emails, header, mail_config, Smtp};
use crate::harness::*;
use crate::orders_in::{order_body, put};
use crate::parcel_requests::{id_of, move_to, ship, shop, SHOES, SKILLET};
use crate::refunds::{events, patch as patch_refund};
use cancel_policy::Preset;
use order_cancel_server::config::PolicySource;
use serde_json::json;

#[test]
fn not_interceptable_ends_it_and_conflicts_write_nothing() {
    let server = shop(Preset::IndependentShop);
    let order = server.order_numbered("PO-10411");
    let created = server.ask_parcel(&order, SHOES).send("pr-n").json();
    let id = id_of(&created);
    let ended = move_to(&server, &id, "not_interceptable").ok_json();
    assert_eq!(ended["parcel_request"]["status"], "not_interceptable");
    assert_eq!(ended["parcel_request"]["refund"]["amount"], 0);
    let shoes = item(&ended["order"], SHOES);
    assert_eq!(
        (&shoes["state"], &shoes["parcel_requested_quantity"]),
        (&json!("shipped"), &json!(0))
    );
    assert!(ended["order"]["refunds"].as_array().unwrap().is_empty());

    for (status, code, http) in [
        ("intercepted", "parcel_request_conflict", 409),
        ("returned", "parcel_request_conflict", 409),
        ("requested", "parcel_request_conflict", 409),
        ("noticed", "invalid_request", 400),
        ("delivered_anyway", "invalid_request", 400),
    ] {
        let problem = move_to(&server, &id, status).problem(http, code);
        assert_eq!(
            problem["parcel_request"], ended["parcel_request"],
            "{status}"
        );
    }
    move_to(&server, &id, "lost").problem(400, "invalid_request");
    move_to(&server, "pr_0000000000000000", "intercepted").problem(404, "not_found");
    let stored = server.get(&order_path(&order), ALICE).ok_json();
    assert_eq!(stored, ended["order"], "nothing half-written");
    // The store said it cannot be stopped: not offered again; the shoes are returned after delivery.
    let again = server.ask_parcel(&stored, SHOES).send("pr-n2");
    assert_eq!(
        again.problem(409, "state_changed")["refusals"][0]["eligibility"]["outcome"],
        "intercept_via_support"
    );
    assert_eq!(
        events(&server),
        ["parcel_request.created", "parcel_request.updated"]
    );
    server
        .get("/v1/merchant/parcel-requests?status=lost", MERCHANT)
        .problem(400, "invalid_request");
    let ended_list = server
        .get(
            "/v1/merchant/parcel-requests?status=not_interceptable",
            MERCHANT,
        )
        .ok_json();
    assert_eq!(ended_list["parcel_requests"].as_array().unwrap().len(), 1);
}

#[test]
fn a_refusal_notice_ends_returned_or_delivered_anyway() {
    let server = shop(Preset::Amazon);
    // Amazon takes the notice once the item is being processed, packed or shipped.
    let skillet = server.order_numbered("PO-10417");
    let noticed = server
        .ask_parcel(&skillet, SKILLET)
        .refusal_notice()
        .send("rn-1")
        .json();
    assert_eq!(noticed["parcel_request"]["status"], "noticed");
    let id = id_of(&noticed);
    move_to(&server, &id, "intercepted").problem(400, "invalid_request");
    let delivered = move_to(&server, &id, "delivered_anyway").ok_json();
    assert_eq!(delivered["parcel_request"]["status"], "delivered_anyway");
    move_to(&server, &id, "returned").problem(409, "parcel_request_conflict");

    let shoes = server.order_numbered("PO-10411");
    let noticed = server
        .ask_parcel(&shoes, SHOES)
        .refusal_notice()
        .send("rn-2")
        .json();
    let returned = move_to(&server, &id_of(&noticed), "returned").ok_json();
    assert_eq!(returned["order"]["refunds"][0]["status"], "pending");
    assert_eq!(
        returned["order"]["refunds"][0]["amount"],
        returned["parcel_request"]["refund"]
    );
    // This store takes no interception requests.
    let refused = server
        .ask_parcel(&server.order_numbered("PO-10419"), "Bamboo cutting board")
        .send("rn-3");
    assert_eq!(
        refused.problem(409, "state_changed")["refusals"][0]["code"],
        "parcel_request_not_offered"
    );
}

#[test]
fn every_step_emails_the_shopper_in_their_language() {
    let smtp = Smtp::start();
    let url = smtp.url();
    let server = TestServer::start_with(move |c| {
        c.mail = mail_config(url);
        c.policy = PolicySource::Preset(Preset::IndependentShop);
    });
    let title = SKILLET;
    let order = ship(&server, &server.order_numbered("PO-10417"), title);
    let asked = server
        .request("POST", &format!("{}/parcel-requests", order_path(&order)))
        .token(ALICE)
        .header("Idempotency-Key", "mail-1")
        .header("If-Match", &etag(&order))
        .header("Accept-Language", "de")
        .json(
            &json!({"kind": "interception_request", "item_id": item(&order, title)["id"],
                      "quantity": 1, "reason_code": "wrong_purchase"}),
        )
        .send();
    assert_eq!(asked.status, 201, "{}", asked.body);
    // Each step's email before the next step: emails carry no order among themselves.
    smtp.wait_for(1);
    let id = id_of(&asked.json());
    move_to(&server, &id, "intercepted").ok_json();
    smtp.wait_for(2);
    let returned = move_to(&server, &id, "returned").ok_json();
    smtp.wait_for(3);
    let refund = returned["order"]["refunds"][0]["id"].as_str().unwrap();
    patch_refund(&server, refund, json!({"status": "succeeded"})).ok_json();

    let mails = smtp.wait_for(4);
    // The subjects with their no-break spaces read as spaces (how money is spaced is ICU's
    // business, tested with the templates).
    let subjects: Vec<String> = mails
        .iter()
        .map(|m| {
            m["subject"]
                .as_str()
                .unwrap()
                .replace(['\u{a0}', '\u{202f}'], " ")
        })
        .collect();
    assert_eq!(
        subjects,
        [
            "Wir versuchen, dein Paket aus Bestellung PO-10417 aufzuhalten – Nordlicht Home",
            "Dein Paket aus Bestellung PO-10417 wurde aufgehalten – Nordlicht Home",
            "Dein Paket aus Bestellung PO-10417 ist zurück: deine Erstattung ist unterwegs – Nordlicht Home",
            "Erstattung von 69,75 € für Bestellung PO-10417 ausgezahlt – Nordlicht Home",
        ]
    );
    for (n, mail) in mails.iter().enumerate() {
        assert_eq!(mail["rcpt_tos"], json!(["alice@shop.example"]));
        assert_eq!(header(mail, "Content-Language"), "de");
        // The parcel's emails name the item; the refund's (the fourth) the money only.
        let text = mail["text"].as_str().unwrap();
        assert_eq!(
            text.contains("1 × Cast iron skillet 26 cm"),
            n < 3,
            "{text}"
        );
    }
    let first = mails[0]["text"].as_str().unwrap().replace("\r\n", "\n");
    assert!(
        first.contains("Sobald das Paket zurück ist, gehen 69,75\u{a0}€ zurück an deine ursprüngliche Zahlungsmethode."),
        "{first}"
    );
    let kinds: Vec<String> = wait_for(5, "four emails sent", || {
        let all = emails(&server, "status=sent");
        (all.len() == 4).then_some(all)
    })
    .iter()
    .rev()
    .map(|e| e["kind"].as_str().unwrap().to_string())
    .collect();
    assert_eq!(
        kinds,
        [
            "parcel_request_received",
            "parcel_intercepted",
            "parcel_returned",
            "refund_issued"
        ]
    );
}

#[test]
fn the_stores_order_sync_keeps_a_parcel_request_and_its_held_units() {
    let server = shop(Preset::IndependentShop);
    let mut shipped = order_body();
    for line in shipped["items"].as_array_mut().unwrap() {
        line["state"] = json!("shipped");
    }
    let order = put(&server, "shop-7001", &shipped).json();
    let asked = server.ask_parcel(&order, "Green tea, 100 g").send("sync-p");
    assert_eq!(asked.status, 201, "{}", asked.body);
    let after = asked.json()["order"].clone();
    assert_eq!(
        item(&after, "Green tea, 100 g")["parcel_requested_quantity"],
        2
    );

    // The store's unchanged body keeps the request; one that contradicts it is refused whole.
    assert_eq!(put(&server, "shop-7001", &shipped).json(), after);
    let mut fewer = shipped.clone();
    fewer["items"][0]["quantity"] = json!(1);
    let mut removed = shipped.clone();
    removed["items"].as_array_mut().unwrap().remove(0);
    let mut discount = shipped.clone();
    discount["discount"] = json!(0);
    for body in [fewer, removed, discount] {
        let refused = put(&server, "shop-7001", &body).problem(409, "order_conflict");
        assert_eq!(refused["order"], after);
    }
    // The parcel may still arrive: the request stays open until the store answers it.
    let path = "/v1/merchant/orders/shop-7001/items/line-1";
    let delivered = server
        .request("PATCH", path)
        .token(MERCHANT)
        .json(&json!({"state": "delivered"}))
        .send()
        .ok_json();
    assert_eq!(delivered["parcel_requests"][0]["status"], "requested");
    let id = id_of(&asked.json());
    let ended = move_to(&server, &id, "not_interceptable").ok_json();
    let tea = item(&ended["order"], "Green tea, 100 g");
    assert_eq!(
        (&tea["state"], &tea["parcel_requested_quantity"]),
        (&json!("delivered"), &json!(0))
    );
}
