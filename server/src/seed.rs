//! Demo data: orders in every state the widget must handle, dated relative to start-up so
//! free-cancellation windows are open when a demo begins.

use crate::db::{self, Conn, DbError, Save, Tx};
use crate::ids::random_id;
use crate::principal::Principal;
use cancel_policy::apply::apply_plan;
use cancel_policy::{
    plan, CancellationRequest, CancelledLine, ItemState, Money, Order, OrderItem, Policy, Preset,
    Seller, SellerKind, ShippingCharge, Timestamp,
};

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
    }
}

/// Cancels `picks` (item index, quantity) the way the server would have at `at`, so the
/// history, refunds and shipping flags are exactly what the policy computes.
fn cancel(order: &mut Order, policy: &Policy, picks: &[(usize, u32)], reason: &str, at: Timestamp) {
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
    let planned = plan(order, policy, &request, at).unwrap_or_else(|refusals| {
        panic!(
            "seed order {} cannot be cancelled: {refusals:?}",
            order.number
        )
    });
    let mut applied = apply_plan(order, &planned, reason, None, at, || random_id("c_", 8));
    crate::deadlines::stamp(order, &mut applied.cancellations, policy, at);
    crate::refunds::open(order, &applied.cancellations, &policy.refund_times, at);
}

/// The demo's orders, with their shoppers.
pub fn demo_orders(now: Timestamp) -> Vec<(&'static str, Order)> {
    use ItemState::*;
    let ago = |minutes: i64| Timestamp::from_unix(now.unix() - minutes * 60);
    let num = |n: u32| format!("PO-{n}");
    let mut orders = Vec::new();
    let mut alice = |o: Order| orders.push((ALICE, o));

    // Fresh and discounted: a 5 € voucher spread over two lines.
    let mut o = order(
        now,
        num(10421),
        3,
        vec![
            line("HAT-MER-GRY", "Merino wool beanie", 2900, Paid),
            line("KIT-POUR-01", "Ceramic pour-over set", 4500, Paid),
        ],
    );
    o.discount = 500;
    alice(o);
    alice(order(
        now,
        num(10420),
        8,
        vec![line(
            "TXT-LIN-02",
            "Linen tea towels, set of 2",
            1800,
            Unpaid,
        )],
    ));
    alice(order(
        now,
        num(10419),
        20,
        vec![
            line("KIT-BAM-BRD", "Bamboo cutting board", 3200, Processing),
            OrderItem {
                quantity: 3,
                ..line("KIT-WAX-WRP", "Beeswax food wraps", 900, Paid)
            },
        ],
    ));
    // Hostile text: the widget must show it as text, never run it.
    alice(order(
        now,
        num(10418),
        30,
        vec![
            line(
                "STK-PACK-01",
                "<script>alert(1)</script> Sticker pack",
                450,
                Paid,
            ),
            line("PIN-MTN-01", "Enamel pin \"Mountain\" & friends", 650, Paid),
        ],
    ));
    alice(order(
        now,
        num(10417),
        45,
        vec![line("KIT-CST-26", "Cast iron skillet 26 cm", 5400, Packed)],
    ));
    // Two hours old: closed for a merchant policy with a free-cancellation window.
    alice(order(
        now,
        num(10416),
        120,
        vec![line("MUG-STN-BLU", "Stoneware mug, blue glaze", 1600, Paid)],
    ));
    let bundle = Some("bnd_yoga_set".to_string());
    alice(order(
        now,
        num(10415),
        300,
        vec![
            OrderItem {
                bundle_id: bundle.clone(),
                ..line("YGA-MAT-CRK", "Cork yoga mat", 4900, Paid)
            },
            OrderItem {
                bundle_id: bundle,
                ..line("YGA-STR-COT", "Cotton yoga strap", 900, Paid)
            },
        ],
    ));
    // A marketplace order: shipped separately by the store and a third-party seller.
    alice(order(
        now,
        num(10414),
        480,
        vec![
            line("NTB-A5-DOT", "Dotted notebook A5", 1200, Paid),
            OrderItem {
                seller: gadget_hub(),
                ..line("GH-USBC-2M", "USB-C charging cable 2 m", 1500, Paid)
            },
        ],
    ));
    alice(order(
        now,
        num(10413),
        60 * 24,
        vec![
            OrderItem {
                personalised: true,
                ..line("KIT-OAK-ENG", "Engraved oak cutting board", 3900, Paid)
            },
            OrderItem {
                not_cancellable: true,
                ..line("GFT-CARD-HLD", "Gift card holder", 500, Paid)
            },
        ],
    ));
    // A request waiting for the merchant (made while the blanket was packed).
    let mut o = order(
        now,
        num(10412),
        60 * 26,
        vec![
            line("TXT-WOOL-THR", "Wool throw blanket", 7900, Packed),
            line("TXT-LIN-NAP", "Linen napkins, set of 4", 2400, Paid),
        ],
    );
    cancel(
        &mut o,
        &Preset::TiktokShop.policy(),
        &[(0, 1)],
        "wrong_address",
        ago(60 * 2),
    );
    alice(o);
    alice(order(
        now,
        num(10411),
        60 * 48,
        vec![line(
            "SHO-TRL-42",
            "Trail running shoes, size 42",
            11900,
            Shipped,
        )],
    ));
    // One of two candles cancelled early on; the other shipped.
    let mut o = order(
        now,
        num(10410),
        60 * 72,
        vec![OrderItem {
            quantity: 2,
            ..line("CDL-SOY-FIG", "Scented soy candle, fig", 1400, Paid)
        }],
    );
    // Part of a quantity is a merchant option (no seed preset has it).
    let partial = Policy {
        partial_quantity: true,
        ..Preset::Temu.policy()
    };
    cancel(
        &mut o,
        &partial,
        &[(0, 1)],
        "changed_mind",
        ago(60 * 72 - 15),
    );
    o.items[0].state = Shipped;
    o.items[0].state_changed_at = ago(60 * 48);
    alice(o);
    alice(order(
        now,
        num(10409),
        60 * 120,
        vec![
            line("AUD-EBD-01", "Wireless earbuds", 8900, Delivered),
            line("ACC-CASE-SIL", "Silicone phone case", 1900, Returned),
        ],
    ));
    // Cancelled in full (shipping refunded too).
    let mut o = order(
        now,
        num(10408),
        60 * 144,
        vec![
            line("LMP-BRS-01", "Brass desk lamp", 6900, Paid),
            line("LMP-LED-2P", "LED bulb, pack of 2", 800, Paid),
        ],
    );
    cancel(
        &mut o,
        &Preset::Temu.policy(),
        &[(0, 1), (1, 1)],
        "ordered_by_mistake",
        ago(60 * 144 - 20),
    );
    alice(o);

    orders.push((
        BOB,
        order(
            now,
            num(20011),
            60,
            vec![line("COF-TMP-58", "Espresso tamper 58 mm", 2900, Paid)],
        ),
    ));
    orders.push((
        BOB,
        order(
            now,
            num(20010),
            60 * 96,
            vec![line("COF-FRP-1L", "French press, 1 l", 3500, Delivered)],
        ),
    ));
    orders
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
