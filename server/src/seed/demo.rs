//! The demo's hand-written orders: one per case the widget must show.

use super::{cancelled, gadget_hub, line, order, ALICE, BOB};
use cancel_policy::{ItemState, Order, OrderItem, Policy, Preset, Timestamp};

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
    let blanket = line("TXT-WOOL-THR", "Wool throw blanket", 7900, Packed);
    let napkins = line("TXT-LIN-NAP", "Linen napkins, set of 4", 2400, Paid);
    let o = order(now, num(10412), 60 * 26, vec![blanket, napkins]);
    let tiktok = Preset::TiktokShop.policy();
    let o = cancelled(o, &tiktok, &[(0, 1)], "wrong_address", ago(60 * 2));
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
    // Part of a quantity is a merchant option (no seed preset has it).
    let partial = Policy {
        partial_quantity: true,
        ..Preset::Temu.policy()
    };
    let o = order(
        now,
        num(10410),
        60 * 72,
        vec![OrderItem {
            quantity: 2,
            ..line("CDL-SOY-FIG", "Scented soy candle, fig", 1400, Paid)
        }],
    );
    let mut o = cancelled(o, &partial, &[(0, 1)], "changed_mind", ago(60 * 72 - 15));
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
    let lamp = line("LMP-BRS-01", "Brass desk lamp", 6900, Paid);
    let bulbs = line("LMP-LED-2P", "LED bulb, pack of 2", 800, Paid);
    let (temu, both) = (Preset::Temu.policy(), [(0, 1), (1, 1)]);
    let o = order(now, num(10408), 60 * 144, vec![lamp, bulbs]);
    let o = cancelled(o, &temu, &both, "ordered_by_mistake", ago(60 * 144 - 20));
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
