//! The widget's decoder (`order_cancel_widget::decode`) against serde, the definition of the
//! wire format: every type round-trips, and an answer changed in any one place (a member
//! left out, set to null, given the wrong type) is accepted or refused exactly as serde
//! would, with the same value. Runs in headless Chromium: the decoder reads `JSON.parse`'s
//! values.
#![cfg(target_arch = "wasm32")]

use cancel_policy::testing::{item, order, PLACED};
use cancel_policy::*;
use order_cancel_widget::api::OrdersPage;
use order_cancel_widget::decode::{decode, Decode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// An order with every optional member set and every kind of line: a marketplace item in a
/// request, a personalised bundle item, a cancelled one, shipping and a decided cancellation.
fn rich_order() -> Order {
    let mut requested = item("m", ItemState::Packed)
        .sold_by("s2", "Gadget Hub")
        .with_quantity(3)
        .in_request();
    requested.image_url = Some("https://shop.example/m.png".into());
    requested.unit_tax = 190;
    let mut bundled = item("b", ItemState::Paid).in_bundle("set");
    bundled.personalised = true;
    bundled.not_cancellable = true;
    let cancelled = item("c", ItemState::Cancelled).cancelled();
    let mut order = order(vec![requested, bundled, cancelled]);
    order.discount = 250;
    order.refunded = 1000;
    order.version = 7;
    order.shipping = vec![ShippingCharge {
        seller_id: "store".into(),
        amount: 495,
        refunded: true,
    }];
    order.cancellations = vec![
        Cancellation {
            id: "c1".into(),
            status: CancellationStatus::Completed,
            items: vec![CancelledLine {
                item_id: "c".into(),
                quantity: 1,
            }],
            reason_code: "changed_mind".into(),
            comment: Some("Ordered twice".into()),
            refund: Money::new(1000, "EUR"),
            refund_destination: RefundDestination::StoreCredit,
            created_at: PLACED,
            decided_at: Some(PLACED.plus_minutes(5)),
            respond_by: None,
            if_unanswered: None,
        },
        Cancellation {
            id: "c2".into(),
            status: CancellationStatus::Requested,
            items: vec![CancelledLine {
                item_id: "m".into(),
                quantity: 3,
            }],
            reason_code: "other".into(),
            comment: None,
            refund: Money::new(2000, "EUR"),
            refund_destination: RefundDestination::OriginalPayment,
            created_at: PLACED.plus_minutes(10),
            decided_at: None,
            respond_by: Some(PLACED.plus_minutes(60 * 48)),
            if_unanswered: Some(SilenceOutcome::Deny),
        },
    ];
    order
}

fn policies() -> Vec<Policy> {
    let mut all: Vec<Policy> = Preset::ALL.iter().map(|p| p.policy()).collect();
    all.push(Policy {
        seller_response_hours: Some(48),
        on_seller_silence: SilenceOutcome::Deny,
        ..Preset::Amazon.policy()
    });
    // A merchant's own reasons: a label per locale, and one label for all.
    let mut own = Preset::Temu.policy();
    own.reasons.insert(
        0,
        Reason {
            code: "price_elsewhere".into(),
            label_key: String::new(),
            label: Some(Label(vec![
                ("en".into(), "Found it cheaper".into()),
                ("pt-BR".into(), "Achei mais barato".into()),
            ])),
            comment_required: false,
        },
    );
    own.reasons.insert(
        1,
        Reason {
            code: "gift".into(),
            label_key: "reason.gift".into(),
            label: Some(Label(vec![("en".into(), "Gift no longer needed".into())])),
            comment_required: true,
        },
    );
    all.push(own);
    all
}

/// What the server sends for `value`: serde's JSON, parsed by the browser.
fn wire<T: Serialize>(value: &T) -> JsValue {
    let json = serde_json::to_string(value).unwrap();
    js_sys::JSON::parse(&json).unwrap()
}

fn copy(value: &JsValue) -> JsValue {
    js_sys::JSON::parse(&String::from(js_sys::JSON::stringify(value).unwrap())).unwrap()
}

/// Every path to a member inside `value`, depth first.
fn paths(value: &JsValue, prefix: &mut Vec<JsValue>, out: &mut Vec<Vec<JsValue>>) {
    let keys = if js_sys::Array::is_array(value) {
        (0..js_sys::Array::from(value).length())
            .map(JsValue::from)
            .collect::<Vec<_>>()
    } else if value.is_object() {
        js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>())
            .iter()
            .collect()
    } else {
        return;
    };
    for key in keys {
        prefix.push(key.clone());
        out.push(prefix.clone());
        paths(&js_sys::Reflect::get(value, &key).unwrap(), prefix, out);
        prefix.pop();
    }
}

/// `value` with the member at `path` replaced by `with`, or removed when `with` is `None`.
fn changed(value: &JsValue, path: &[JsValue], with: Option<JsValue>) -> JsValue {
    let root = copy(value);
    let mut parent = root.clone();
    for key in &path[..path.len() - 1] {
        parent = js_sys::Reflect::get(&parent, key).unwrap();
    }
    let last = &path[path.len() - 1];
    match with {
        Some(v) => js_sys::Reflect::set(&parent, last, &v).unwrap(),
        None => js_sys::Reflect::delete_property(parent.unchecked_ref::<js_sys::Object>(), last)
            .unwrap(),
    };
    root
}

/// The decoder agrees with serde on `value` as sent, and on every one-place change of it.
fn agrees_with_serde<T: Serialize + DeserializeOwned + Decode + PartialEq + Debug + Clone>(
    value: &T,
) {
    agrees_with_serde_but(value, &[]);
}

/// [`agrees_with_serde`], leaving alone the top-level members the widget does not read.
fn agrees_with_serde_but<T: Serialize + DeserializeOwned + Decode + PartialEq + Debug + Clone>(
    value: &T,
    unread: &[&str],
) {
    let sent = wire(value);
    assert_eq!(decode::<T>(&sent).as_ref(), Ok(value), "round trip");
    let mut all = Vec::new();
    paths(&sent, &mut Vec::new(), &mut all);
    let mut checked = 0;
    for path in &all {
        if path[0]
            .as_string()
            .is_some_and(|top| unread.contains(&top.as_str()))
        {
            continue;
        }
        let now = js_sys::Reflect::get(&sent, &path[0]).unwrap();
        let before = path[1..]
            .iter()
            .fold(now, |v, k| js_sys::Reflect::get(&v, k).unwrap());
        let wrong = if before.as_string().is_some() {
            JsValue::from(7)
        } else {
            JsValue::from("x")
        };
        let others = [
            JsValue::NULL,
            wrong.clone(),
            JsValue::from("bogus"),
            JsValue::from(1.5),
            JsValue::from(-1),
            JsValue::from(4_294_967_296.0),          // u32::MAX + 1
            JsValue::from(18_014_398_509_481_984.0), // 2^54: not exact in a JSON number
            js_sys::Array::new().into(),
            js_sys::Object::new().into(),
        ];
        for with in std::iter::once(None).chain(others.into_iter().map(Some)) {
            let variant = changed(&sent, path, with.clone());
            let by_serde = serde_wasm_bindgen::from_value::<T>(variant.clone()).ok();
            let ours = decode::<T>(&variant);
            let where_ = path
                .iter()
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
                .join(".");
            assert_eq!(
                ours.clone().ok(),
                by_serde,
                "at {where_} set to {with:?}: ours {ours:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} variants");
}

/// `order` with two refunds: one paid out (with its bank reference), one failed.
fn with_refunds(mut order: Order) -> Order {
    order.refunds = vec![
        Refund {
            id: "rf_1".into(),
            cancellation_id: "c1".into(),
            status: RefundStatus::Succeeded,
            amount: Money::new(1000, "EUR"),
            destination: RefundDestination::StoreCredit,
            created_at: PLACED.plus_minutes(5),
            updated_at: PLACED.plus_minutes(6),
            expected: ExpectedTime::IMMEDIATELY,
            reference: Some("74537604221431003881865".into()),
            failure_reason: None,
        },
        Refund {
            id: "rf_2".into(),
            cancellation_id: "c2".into(),
            status: RefundStatus::Failed,
            amount: Money::new(2000, "EUR"),
            destination: RefundDestination::OriginalPayment,
            created_at: PLACED.plus_minutes(12),
            updated_at: PLACED.plus_minutes(20),
            expected: ExpectedTime::business_days(5, 7),
            reference: None,
            failure_reason: Some("Card closed".into()),
        },
    ];
    order
}

/// `order` with two parcel requests: a returned interception (every optional member set)
/// and a refusal notice still open (none set).
fn with_parcel_requests(mut order: Order) -> Order {
    let step = |status, at| ParcelStep { status, at };
    order.parcel_requests = vec![
        ParcelRequestRecord {
            id: "pr_1".into(),
            kind: ParcelRequest::InterceptionRequest,
            status: ParcelRequestStatus::Returned,
            item_id: "m".into(),
            quantity: 2,
            reason_code: "changed_mind".into(),
            comment: Some("Bought it elsewhere".into()),
            refund_destination: RefundDestination::StoreCredit,
            refund: Money::new(2380, "EUR"),
            created_at: PLACED,
            updated_at: PLACED.plus_minutes(90),
            steps: vec![
                step(ParcelRequestStatus::Requested, PLACED),
                step(ParcelRequestStatus::Intercepted, PLACED.plus_minutes(30)),
                step(ParcelRequestStatus::Returned, PLACED.plus_minutes(90)),
            ],
            cancellation_id: Some("c9".into()),
        },
        ParcelRequestRecord {
            id: "pr_2".into(),
            kind: ParcelRequest::RefusalNotice,
            status: ParcelRequestStatus::Noticed,
            item_id: "b".into(),
            quantity: 1,
            reason_code: "unspecified".into(),
            comment: None,
            refund_destination: RefundDestination::OriginalPayment,
            refund: Money::new(0, "EUR"),
            created_at: PLACED,
            updated_at: PLACED,
            steps: vec![step(ParcelRequestStatus::Noticed, PLACED)],
            cancellation_id: None,
        },
    ];
    order
}

#[wasm_bindgen_test]
fn orders_decode_exactly_like_serde() {
    agrees_with_serde(&with_parcel_requests(with_refunds(rich_order())));
    agrees_with_serde(&with_refunds(rich_order()));
    agrees_with_serde(&rich_order());
    agrees_with_serde(&item("a", ItemState::Shipped));
    // Units held by a parcel request are read: the policy keeps them out of every action.
    agrees_with_serde(&OrderItem {
        quantity: 2,
        parcel_requested_quantity: 1,
        ..item("a", ItemState::Shipped)
    });
}

#[wasm_bindgen_test]
fn the_policys_refund_times_are_left_to_the_server() {
    let policy = Policy {
        refund_times: RefundTimes {
            original_payment: ExpectedTime::business_days(3, 10),
            store_credit: ExpectedTime::business_days(1, 1),
        },
        ..Preset::Amazon.policy()
    };
    let decoded = decode::<Policy>(&wire(&policy)).unwrap();
    assert_eq!(decoded.refund_times, RefundTimes::default());
    assert_eq!(
        Policy {
            refund_times: RefundTimes::default(),
            ..decoded
        },
        Policy {
            refund_times: RefundTimes::default(),
            ..policy
        }
    );
}

#[wasm_bindgen_test]
fn every_preset_policy_decodes_exactly_like_serde() {
    for policy in policies() {
        agrees_with_serde_but(&policy, &["refund_times"]);
    }
}

#[wasm_bindgen_test]
fn a_wrong_answer_says_where() {
    let page = js_sys::JSON::parse(&format!(
        r#"{{"orders": [{}, {}], "next_cursor": null}}"#,
        serde_json::to_string(&rich_order()).unwrap(),
        serde_json::to_string(&rich_order()).unwrap().replacen(
            r#""quantity":3"#,
            r#""quantity":"3""#,
            1
        )
    ))
    .unwrap();
    let error = decode::<OrdersPage>(&page).unwrap_err().to_string();
    assert_eq!(
        error,
        "orders.1.items.0.quantity: expected a whole number from 0 to 4294967295"
    );
    let bad_state = wire(&rich_order());
    let bad_state = changed(
        &bad_state,
        &["items".into(), 1.into(), "state".into()],
        Some("lost".into()),
    );
    assert_eq!(
        decode::<Order>(&bad_state).unwrap_err().to_string(),
        "items.1.state: expected an item state, e.g. \"paid\""
    );
    let no_id = changed(&wire(&rich_order()), &["id".into()], None);
    assert_eq!(
        decode::<Order>(&no_id).unwrap_err().to_string(),
        "id: expected a value (the member is missing)"
    );
    assert_eq!(
        decode::<Order>(&JsValue::from("all good"))
            .unwrap_err()
            .to_string(),
        "expected an object"
    );
}

#[wasm_bindgen_test]
fn a_page_of_orders_reads_what_the_cards_show_and_where_its_refunds_stand() {
    let page = wire(&serde_json::json!({ "orders": [rich_order()], "next_cursor": "10" }));
    let decoded = decode::<OrdersPage>(&page).unwrap();
    assert_eq!(
        decoded.orders,
        vec![Order {
            cancellations: vec![],
            ..rich_order()
        }]
    );
    assert_eq!(decoded.next_cursor.as_deref(), Some("10"));
    // The cards leave the refunds to the details, and only read how much stands where.
    let settled = with_refunds(rich_order());
    let mut waiting = with_refunds(rich_order());
    waiting.refunds[1].status = RefundStatus::Pending;
    let page = wire(&serde_json::json!({ "orders": [settled, waiting, rich_order()] }));
    let decoded = decode::<OrdersPage>(&page).unwrap();
    let amounts = |refunded, pending, failed| RefundAmounts {
        refunded,
        pending,
        failed,
        called_off: 0,
    };
    assert_eq!(
        decoded.refunds,
        vec![
            amounts(1000, 0, 2000),
            amounts(1000, 2000, 0),
            RefundAmounts::default()
        ]
    );
    assert!(decoded.orders.iter().all(|o| o.refunds.is_empty()));
    // Nor do they decode the parcel requests: they say where the newest open one stands.
    let open = with_parcel_requests(rich_order());
    let mut stopped = with_parcel_requests(rich_order());
    stopped.parcel_requests[0].status = ParcelRequestStatus::Intercepted;
    stopped.parcel_requests[1].status = ParcelRequestStatus::DeliveredAnyway;
    let mut settled = with_parcel_requests(rich_order());
    settled.parcel_requests[1].status = ParcelRequestStatus::DeliveredAnyway;
    let page = wire(&serde_json::json!({ "orders": [open, stopped, settled, rich_order()] }));
    let decoded = decode::<OrdersPage>(&page).unwrap();
    assert_eq!(
        decoded.parcel_badges,
        vec![
            Some(ParcelRequestStatus::Noticed),
            Some(ParcelRequestStatus::Intercepted),
            None,
            None
        ]
    );
    assert!(decoded.orders.iter().all(|o| o.parcel_requests.is_empty()));
    let last = wire(&serde_json::json!({ "orders": [] }));
    assert_eq!(
        decode::<OrdersPage>(&last).unwrap(),
        OrdersPage {
            orders: vec![],
            next_cursor: None,
            refunds: vec![],
            parcel_badges: vec![],
        }
    );
}
