//! The shopper's view of an order: what it cost as placed, what cancelling it has given back,
//! what it costs now, and which order-wide action fits what is left of it. The widget only
//! shows these answers; the rules behind them (which units count, when shipping stops
//! counting, when "entire order" no longer means the whole order) live here.

use crate::refund::value_of_first;
use crate::{
    actionable_lines, eligibility, Eligibility, Order, Outcome, Policy, Refund, RefundStatus,
    Timestamp,
};

/// What the cancellations of an order give back, by where that money stands, in minor units
/// of the order's currency. Only `refunded` has reached the shopper: a pending refund is
/// still on its way, a failed or called-off one did not arrive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RefundAmounts {
    /// Paid back ([`RefundStatus::Succeeded`]). Money the cancellations gave back without a
    /// refund record (orders from before refunds were recorded) counts here too, as then.
    pub refunded: i64,
    /// On its way ([`RefundStatus::Pending`]).
    pub pending: i64,
    /// The payment side could not pay it back ([`RefundStatus::Failed`]).
    pub failed: i64,
    /// The store called it off ([`RefundStatus::Canceled`]).
    pub called_off: i64,
}

impl RefundAmounts {
    /// Counts `amount` (minor units) of a refund in `status`.
    pub fn add(&mut self, status: RefundStatus, amount: i64) {
        *match status {
            RefundStatus::Succeeded => &mut self.refunded,
            RefundStatus::Pending => &mut self.pending,
            RefundStatus::Failed => &mut self.failed,
            RefundStatus::Canceled => &mut self.called_off,
        } += amount;
    }

    /// The amounts of `refunds` by status.
    pub fn of(refunds: &[Refund]) -> RefundAmounts {
        let mut amounts = RefundAmounts::default();
        for refund in refunds {
            amounts.add(refund.status, refund.amount.amount);
        }
        amounts
    }

    /// `recorded` (the refund records' amounts, [`RefundAmounts::of`]) as a share of `owed`
    /// ([`Order::refunded`], what the cancellations gave back): what no record covers was
    /// given back before refunds were recorded, so it counts as refunded.
    pub fn of_owed(owed: i64, recorded: RefundAmounts) -> RefundAmounts {
        let unsettled = recorded.pending + recorded.failed + recorded.called_off;
        RefundAmounts {
            refunded: recorded.refunded.max(owed - unsettled),
            ..recorded
        }
    }

    /// Each state's amount, as the shopper reads them: arrived, on its way, failed, called off.
    pub fn by_status(&self) -> [(RefundStatus, i64); 4] {
        [
            (RefundStatus::Succeeded, self.refunded),
            (RefundStatus::Pending, self.pending),
            (RefundStatus::Failed, self.failed),
            (RefundStatus::Canceled, self.called_off),
        ]
    }

    /// Everything the cancellations gave back, whatever became of it.
    pub fn total(&self) -> i64 {
        self.refunded + self.pending + self.failed + self.called_off
    }
}

/// An order's money, as its details show it. Amounts are minor units of the order's currency.
///
/// `total == back.total() + not_charged + now`: every unit ordered is either still part of the
/// order, or cancelled and then refunded, pending, failed or called off (paid), or voided
/// (unpaid).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoneySummary {
    /// Unit prices × quantities as ordered (cancelled units included), tax excluded.
    pub items: i64,
    /// The order-level discount.
    pub discount: i64,
    /// Every seller's shipping charge.
    pub shipping: i64,
    /// Tax on every unit ordered.
    pub tax: i64,
    /// The order as placed: items − discount + shipping + tax.
    pub total: i64,
    /// What the cancellations gave back ([`Order::refunded`]) and where it stands: only
    /// `back.refunded` has reached the shopper.
    pub back: RefundAmounts,
    /// Cancelled before it was paid: the payment was voided, so it was never charged.
    pub not_charged: i64,
    /// What the order costs now: the units not cancelled (those waiting on a seller's answer
    /// included), with the shipping of each seller who still ships something.
    pub now: i64,
}

/// The money of `order`, as placed and as it stands now.
pub fn money_summary(order: &Order) -> MoneySummary {
    let (mut items, mut tax, mut live_value) = (0, 0, 0);
    for (index, item) in order.items.iter().enumerate() {
        let (price, discount, item_tax) = value_of_first(order, index, item.quantity);
        let (c_price, c_discount, c_tax) = value_of_first(order, index, item.cancelled_quantity);
        items += price;
        tax += item_tax;
        live_value += (price - discount + item_tax) - (c_price - c_discount + c_tax);
    }
    // A seller's shipping counts while that seller still ships a unit; once every unit is
    // cancelled it was refunded (paid) or never charged (unpaid).
    let live_shipping: i64 = order
        .shipping
        .iter()
        .filter(|charge| {
            !charge.refunded
                && order
                    .items
                    .iter()
                    .any(|i| i.seller.id == charge.seller_id && i.cancelled_quantity < i.quantity)
        })
        .map(|c| c.amount)
        .sum();
    let shipping = order.shipping.iter().map(|c| c.amount).sum();
    let total = items - order.discount + shipping + tax;
    let now = live_value + live_shipping;
    MoneySummary {
        items,
        discount: order.discount,
        shipping,
        tax,
        total,
        back: RefundAmounts::of_owed(order.refunded, RefundAmounts::of(&order.refunds)),
        not_charged: (total - order.refunded - now).max(0),
        now,
    }
}

/// What was cancelled of an order and what became of its money, as its card in the list says
/// it ("1 of 2 items cancelled · €32.85 refunded", "… · €32.85 refund pending"). Cheap to
/// compute for every card: no discount allocation (the details' [`money_summary`] does that).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelledSummary {
    /// Units cancelled so far.
    pub cancelled_units: u32,
    /// Units ordered.
    pub units: u32,
    /// What the cancellations gave back ([`Order::refunded`]) and where it stands.
    pub back: RefundAmounts,
    /// Nothing came back, yet something with a price was cancelled: it was cancelled before
    /// it was paid, so it was never charged.
    pub not_charged: bool,
}

/// What was cancelled of `order`, or `None` when nothing was; `recorded`: its refund records'
/// amounts by status ([`RefundAmounts::of`]; the list reads them without the records).
pub fn cancelled_summary(order: &Order, recorded: RefundAmounts) -> Option<CancelledSummary> {
    let cancelled_units: u32 = order.items.iter().map(|i| i.cancelled_quantity).sum();
    (cancelled_units > 0).then(|| CancelledSummary {
        cancelled_units,
        units: order.items.iter().map(|i| i.quantity).sum(),
        back: RefundAmounts::of_owed(order.refunded, recorded),
        not_charged: order.refunded == 0
            && order
                .items
                .iter()
                .any(|i| i.cancelled_quantity > 0 && i.unit_price.amount > 0),
    })
}

/// The order-wide button of the details screen, when there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WholeOrderAction {
    /// Part of the order is already cancelled or waiting on the seller: the button cancels
    /// "the remaining items", not "the entire order".
    pub remaining: bool,
    /// Everything it covers needs the seller's approval: it sends a request.
    pub request_only: bool,
}

/// Whether an order-wide button fits, given the order's `verdicts` (from
/// [`crate::order_eligibility`]): only when every open item can be acted on; and once part of
/// the order is cancelled or requested, only while what is left spans several lines (for a
/// single line, that line's own button says the same thing more plainly).
pub fn whole_order_action(order: &Order, verdicts: &[Eligibility]) -> Option<WholeOrderAction> {
    let lines = actionable_lines(order, verdicts);
    let open_lines = order.items.iter().filter(|i| i.open_quantity() > 0).count();
    if lines.is_empty() || lines.len() != open_lines {
        return None;
    }
    let remaining = order
        .items
        .iter()
        .any(|i| i.cancelled_quantity > 0 || i.requested_quantity > 0);
    if remaining && lines.len() < 2 {
        return None;
    }
    let request_only = verdicts.iter().all(|v| v.outcome != Outcome::CancelNow);
    Some(WholeOrderAction {
        remaining,
        request_only,
    })
}

/// What the order's entry point in the list offers: [`Outcome::CancelNow`] when some item can
/// be cancelled now, [`Outcome::RequestCancellation`] when some can only be requested, `None`
/// when nothing can (the list then shows no cancel action at all).
pub fn list_action(order: &Order, policy: &Policy, now: Timestamp) -> Option<Outcome> {
    let outcomes: Vec<Outcome> = order
        .items
        .iter()
        .map(|i| eligibility(order, i, policy, now).outcome)
        .collect();
    [Outcome::CancelNow, Outcome::RequestCancellation]
        .into_iter()
        .find(|o| outcomes.contains(o))
}
