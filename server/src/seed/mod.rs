//! Demo data: orders in every state the widget must handle, dated relative to start-up so
//! free-cancellation windows are open when a demo begins.

use crate::db::{self, Conn, DbError, Save, Tx};
use crate::ids::random_id;
use crate::principal::Principal;
use cancel_policy::apply::apply_plan;
use cancel_policy::{
    plan, CancellationRequest, CancelledLine, ItemState, Money, Order, OrderItem, Policy, Seller,
    SellerKind, ShippingCharge, Timestamp,
};

mod demo;
pub use demo::demo_orders;

pub const ALICE: &str = "alice";
pub const BOB: &str = "bob";

/// The demo shoppers' email addresses (`alice@shop.example`).
pub fn demo_email(shopper: &str) -> String {
    format!("{shopper}@shop.example")
}

pub fn demo_tokens() -> [(&'static str, Principal); 3] {
    [
        ("demo-shopper", Principal::Shopper(ALICE.into())),
        ("demo-shopper-2", Principal::Shopper(BOB.into())),
        ("demo-merchant", Principal::Merchant),
    ]
}

const CURRENCY: &str = "EUR";

fn store() -> Seller {
    Seller {
        id: "store".into(),
        name: "Nordlicht Home".into(),
        kind: SellerKind::FirstParty,
    }
}

fn gadget_hub() -> Seller {
    Seller {
        id: "gadget-hub".into(),
        name: "Gadget Hub".into(),
        kind: SellerKind::ThirdParty,
    }
}

/// Shipping each seller charges per order, in cents.
fn shipping_fee(seller_id: &str) -> i64 {
    if seller_id == "store" {
        495
    } else {
        299
    }
}

/// One unit of a product sold by the store, 20 % VAT on top of `price` cents.
fn line(sku: &str, title: &str, price: i64, state: ItemState) -> OrderItem {
    OrderItem {
        id: String::new(),
        sku: sku.into(),
        title: title.into(),
        image_url: None,
        seller: store(),
        bundle_id: None,
        quantity: 1,
        cancelled_quantity: 0,
        requested_quantity: 0,
        parcel_requested_quantity: 0,
        unit_price: Money::new(price, CURRENCY),
        unit_tax: price / 5,
        state,
        state_before_request: None,
        state_changed_at: Timestamp::default(),
        personalised: false,
        not_cancellable: false,
    }
}

/// Assembles an order placed `minutes_ago`: fresh ids, a shipping charge per seller, and
/// state-change times spread between purchase and `now` by how far along each item is.
fn order(now: Timestamp, number: String, minutes_ago: i64, items: Vec<OrderItem>) -> Order {
    let placed_at = Timestamp::from_unix(now.unix() - minutes_ago * 60);
    let mut shipping: Vec<ShippingCharge> = Vec::new();
    let items = items
        .into_iter()
        .map(|mut item| {
            item.id = random_id("it_", 6);
            let step = ItemState::CHAIN
                .iter()
                .position(|s| *s == item.state)
                .unwrap_or(ItemState::CHAIN.len()) as i64;
            item.state_changed_at =
                Timestamp::from_unix(placed_at.unix() + minutes_ago * 60 * step.min(5) / 6);
            if !shipping.iter().any(|c| c.seller_id == item.seller.id) {
                let amount = shipping_fee(&item.seller.id);
                shipping.push(ShippingCharge {
                    seller_id: item.seller.id.clone(),
                    amount,
                    refunded: false,
                });
            }
            item
        })
        .collect();
    Order {
        id: random_id("ord_", 10),
        number,
        placed_at,
        currency: CURRENCY.into(),
        items,
        discount: 0,
        shipping,
        refunded: 0,
        version: 1,
        cancellations: Vec::new(),
        refunds: Vec::new(),
        parcel_requests: Vec::new(),
    }
}

/// `order` with `picks` (item index, quantity) cancelled the way the server would have at
/// `at`, so the history, refunds and shipping flags are exactly what the policy computes.
fn cancelled(
    mut order: Order,
    policy: &Policy,
    picks: &[(usize, u32)],
    reason: &str,
    at: Timestamp,
) -> Order {
    let request = CancellationRequest {
        items: picks
            .iter()
            .map(|&(index, quantity)| CancelledLine {
                item_id: order.items[index].id.clone(),
                quantity,
            })
            .collect(),
        reason_code: Some(reason.into()),
        comment: None,
        refund_destination: None,
    };
    let planned = plan(&order, policy, &request, at).unwrap_or_else(|refusals| {
        panic!(
            "seed order {} cannot be cancelled: {refusals:?}",
            order.number
        )
    });
    let mut applied = apply_plan(&mut order, &planned, reason, None, at, || {
        random_id("c_", 8)
    });
    crate::deadlines::stamp(&mut order, &mut applied.cancellations, policy, at);
    crate::refunds::open(&mut order, &applied.cancellations, &policy.refund_times, at);
    order
}

/// `count` extra orders for alice, older than the demo ones, cycling through the demo's
/// products and states. Deterministic apart from ids.
pub fn synthetic_orders(now: Timestamp, count: u32) -> impl Iterator<Item = Order> {
    let products: Vec<OrderItem> = demo_orders(now)
        .into_iter()
        .flat_map(|(_, o)| o.items)
        .map(|item| OrderItem {
            bundle_id: None,
            cancelled_quantity: 0,
            requested_quantity: 0,
            state_before_request: None,
            ..item
        })
        .collect();
    let states = [
        ItemState::Paid,
        ItemState::Processing,
        ItemState::Packed,
        ItemState::Shipped,
        ItemState::Delivered,
    ];
    (0..count).map(move |i| {
        let mut rng = u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = |n: usize| {
            // xorshift64: plenty for spreading test data.
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        let items = (0..1 + next(3))
            .map(|_| OrderItem {
                quantity: 1 + next(2) as u32,
                state: states[next(states.len())],
                ..products[next(products.len())].clone()
            })
            .collect();
        order(
            now,
            format!("PO-{}", 100_000 + i),
            60 * 24 * 7 + i64::from(i) * 13,
            items,
        )
    })
}

/// Inserts the demo and `synthetic` orders if there are no orders yet.
/// Returns how many orders were inserted. One transaction: 10,000 orders take well under
/// a second.
pub fn seed(conn: &mut Conn<'_>, now: Timestamp, synthetic: u32) -> Result<usize, DbError> {
    db::write(conn, |tx| seed_in(tx, now, synthetic))
}

/// [`seed`] inside a transaction the caller holds (the demo reset clears and seeds in one).
pub fn seed_in(tx: &Tx<'_>, now: Timestamp, synthetic: u32) -> Result<usize, DbError> {
    db::lock_for_seeding(tx)?;
    if db::count_orders(tx)? > 0 {
        return Ok(0);
    }
    let mut inserted = 0;
    for (shopper, order) in demo_orders(now) {
        db::save_order(tx, shopper, &order, Save::Upsert)?;
        // The demo's inbox (scripts/demo.sh) receives the shoppers' emails at these.
        db::contacts::set_email(tx, &order.id, &demo_email(shopper))?;
        inserted += 1;
    }
    for order in synthetic_orders(now, synthetic) {
        db::save_order(tx, ALICE, &order, Save::Upsert)?;
        inserted += 1;
    }
    Ok(inserted)
}
