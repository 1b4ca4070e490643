//! The refund quote for a selection.
//!
//! Every amount telescopes: an item's refundable value for its first `k` units is a fixed
//! function of `k`, and cancelling units `c..c+n` refunds `value(c+n) - value(c)`. So
//! cancelling one by one refunds exactly what cancelling everything at once does, to the
//! minor unit, whatever the rounding of the pro-rata discount.

use crate::{
    CancelledLine, ItemState, Money, Order, OrderItem, Policy, RefundDestination, Refusal,
    ShippingCharge,
};
use serde::{Deserialize, Serialize};

/// What a selection refunds, and how that sum is made up. Amounts are minor units of the
/// order currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundQuote {
    /// Unit prices × quantities of the paid units selected.
    pub items: i64,
    /// The share of the order discount those units carried (subtracted).
    pub discount: i64,
    /// Tax on those units.
    pub tax: i64,
    /// Shipping given back because the last item of a seller's shipment goes.
    pub shipping: i64,
    /// What comes back: items − discount + tax + shipping.
    pub total: Money,
    /// Value of unpaid units in the selection: their payment is voided, not refunded.
    pub voided: i64,
    /// Where `total` goes.
    pub destination: RefundDestination,
}

fn subtotal(item: &OrderItem) -> i64 {
    item.unit_price.amount * item.quantity as i64
}

/// The discount carried by the whole line: cumulative allocation over lines in order, so the
/// shares add up to the order discount exactly.
fn line_discount(order: &Order, index: usize) -> i64 {
    let all: i64 = order.items.iter().map(subtotal).sum();
    if all <= 0 || order.discount == 0 {
        return 0;
    }
    let upto = |n: usize| -> i64 {
        let cumulative: i64 = order.items[..n].iter().map(subtotal).sum();
        mul_div(order.discount, cumulative, all)
    };
    upto(index + 1) - upto(index)
}

/// `a * b / c` rounded toward zero, exactly as `(a as i128 * b as i128 / c as i128) as i64`
/// computes it (wrapping when the quotient does not fit an i64), without a 128-bit division:
/// compiler-builtins' one is 1.2 KB of the widget's wasm. Panics when `c` is 0, as that does.
fn mul_div(a: i64, b: i64, c: i64) -> i64 {
    let negative = (a < 0) ^ (b < 0) ^ (c < 0);
    let (a, b, c) = (a.unsigned_abs(), b.unsigned_abs(), c.unsigned_abs());
    // a = q * c + r with r < c, so a * b / c = q * b + r * b / c.
    let (q, r) = (a / c, a % c);
    // r * b / c bit by bit from b's top: r * b = whole * c + rest, rest < c <= 2^63 (so
    // doubling `rest` or adding `r` to it stays within u64).
    let (mut whole, mut rest) = (0u64, 0u64);
    for bit in (0..64).rev() {
        whole <<= 1;
        rest <<= 1;
        if rest >= c {
            rest -= c;
            whole += 1;
        }
        if (b >> bit) & 1 == 1 {
            rest += r;
            if rest >= c {
                rest -= c;
                whole += 1;
            }
        }
    }
    let magnitude = q.wrapping_mul(b).wrapping_add(whole) as i64;
    if negative {
        magnitude.wrapping_neg()
    } else {
        magnitude
    }
}

/// Refundable value (price − discount share + tax) of the first `units` units of line `index`.
pub(crate) fn value_of_first(order: &Order, index: usize, units: u32) -> (i64, i64, i64) {
    let item = &order.items[index];
    let units = units.min(item.quantity) as i64;
    let q = item.quantity.max(1) as i64;
    let price = item.unit_price.amount * units;
    let discount = line_discount(order, index) * units / q;
    (price, discount, item.unit_tax * units)
}

/// Price, discount and tax refunded when `n` more units of line `index` are cancelled.
fn units_value(order: &Order, index: usize, n: u32) -> (i64, i64, i64) {
    let already = order.items[index].cancelled_quantity;
    let (p1, d1, t1) = value_of_first(order, index, already + n);
    let (p0, d0, t0) = value_of_first(order, index, already);
    (p1 - p0, d1 - d0, t1 - t0)
}

/// The refund for cancelling `lines` of `order`; unknown ids are skipped (validation names
/// them).
pub fn quote(
    order: &Order,
    lines: &[CancelledLine],
    destination: RefundDestination,
) -> RefundQuote {
    let (mut items, mut discount, mut tax, mut voided) = (0, 0, 0, 0);
    for line in lines {
        let Some(index) = order.items.iter().position(|i| i.id == line.item_id) else {
            continue;
        };
        let (p, d, t) = units_value(order, index, line.quantity);
        if order.items[index].state == ItemState::Unpaid {
            voided += p - d + t;
        } else {
            items += p;
            discount += d;
            tax += t;
        }
    }
    let shipping = released_shipping(order, lines)
        .iter()
        .map(|c| c.amount)
        .sum();
    RefundQuote {
        items,
        discount,
        tax,
        shipping,
        total: Money::new(items - discount + tax + shipping, order.currency.clone()),
        voided,
        destination,
    }
}

/// Sellers whose every unit is cancelled once `lines` go, and whose paid shipping has not
/// been refunded yet: their shipping comes back with this selection.
pub fn released_shipping<'o>(order: &'o Order, lines: &[CancelledLine]) -> Vec<&'o ShippingCharge> {
    let released = |charge: &ShippingCharge| {
        let mut sellers_items = order
            .items
            .iter()
            .filter(|i| i.seller.id == charge.seller_id)
            .peekable();
        sellers_items.peek().is_some()
            && sellers_items.all(|item| {
                let selected: u32 = lines
                    .iter()
                    .filter(|l| l.item_id == item.id)
                    .map(|l| l.quantity)
                    .sum();
                item.state != ItemState::Unpaid
                    && item.cancelled_quantity + selected >= item.quantity
            })
    };
    // A loop, not `collect()`: each collected iterator type is its own copy of std's
    // collecting code in the widget's wasm.
    let mut charges = Vec::new();
    for charge in &order.shipping {
        if !charge.refunded && released(charge) {
            charges.push(charge);
        }
    }
    charges
}

/// What the shopper paid for the order (unpaid lines excluded).
pub fn paid_total(order: &Order) -> i64 {
    let lines: i64 = (0..order.items.len())
        .filter(|&i| order.items[i].state != ItemState::Unpaid)
        .map(|i| {
            let (p, d, t) = value_of_first(order, i, order.items[i].quantity);
            p - d + t
        })
        .sum();
    let shipping: i64 = order
        .shipping
        .iter()
        .filter(|c| {
            order
                .items
                .iter()
                .any(|i| i.seller.id == c.seller_id && i.state != ItemState::Unpaid)
        })
        .map(|c| c.amount)
        .sum();
    lines + shipping
}

/// Where the refund of a request naming `requested` goes: the policy's first destination
/// when it names none; refused when the policy does not offer the one it names.
pub(crate) fn destination_of(
    policy: &Policy,
    requested: Option<RefundDestination>,
) -> Result<RefundDestination, Refusal> {
    let destination = requested.unwrap_or_else(|| {
        policy
            .refund_destinations
            .first()
            .copied()
            .unwrap_or(RefundDestination::OriginalPayment)
    });
    if policy.refund_destinations.contains(&destination) {
        Ok(destination)
    } else {
        Err(Refusal::DestinationNotOffered { destination })
    }
}

#[cfg(test)]
mod tests {
    use super::mul_div;

    fn exact(a: i64, b: i64, c: i64) -> i64 {
        (a as i128 * b as i128 / c as i128) as i64
    }

    #[test]
    fn mul_div_is_the_128_bit_quotient_at_the_edges() {
        let edges = [
            i64::MIN,
            i64::MIN + 1,
            -3_000_000_001,
            -7,
            -1,
            0,
            1,
            2,
            3,
            7,
            99,
            3_000_000_001,
            i64::MAX - 1,
            i64::MAX,
        ];
        for a in edges {
            for b in edges {
                for c in edges.into_iter().filter(|c| *c != 0) {
                    assert_eq!(mul_div(a, b, c), exact(a, b, c), "{a} * {b} / {c}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn mul_div_is_the_128_bit_quotient(a: i64, b: i64, c: i64) {
            proptest::prop_assume!(c != 0);
            proptest::prop_assert_eq!(mul_div(a, b, c), exact(a, b, c));
        }

        #[test]
        fn mul_div_is_the_128_bit_quotient_for_amounts(a in 0i64..1 << 53, b in 0i64..1 << 53, c in 1i64..1 << 53) {
            proptest::prop_assert_eq!(mul_div(a, b, c), exact(a, b, c));
        }
    }
}
