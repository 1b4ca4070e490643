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
        (order.discount as i128 * cumulative as i128 / all as i128) as i64
    };
    upto(index + 1) - upto(index)
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
    order
        .shipping
        .iter()
        .filter(|charge| !charge.refunded)
        .filter(|charge| {
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
        })
        .collect()
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
