//! Orders and their items, as the HTTP contract carries them (snake_case JSON).
//!
//! Money is integer minor units of the order's currency (cents for EUR), never floats; times
//! are [`Timestamp`]s, RFC 3339 UTC in JSON. Status is kept per item, because a marketplace
//! order ships from several sellers; the order's own status is derived ([`Order::status`]).

use crate::{Money, ParcelRequestRecord, Refund, Timestamp};
use serde::{Deserialize, Serialize};

/// Fulfilment state of one order line. The first six are the chain an item moves along;
/// the last three are where it can end instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Ordered but not paid yet: cancelling voids the payment instead of refunding it.
    Unpaid,
    /// Paid and waiting for the seller to start on it.
    Paid,
    /// The seller is preparing it.
    Processing,
    /// Packed and waiting for the carrier to pick it up.
    Packed,
    /// Handed to the carrier, in transit.
    Shipped,
    /// Arrived at the shopper.
    Delivered,
    /// Every unit is cancelled.
    Cancelled,
    /// Every unit not cancelled is in a request the seller has not answered yet; the state
    /// the item was in before is kept in [`OrderItem::state_before_request`].
    CancellationRequested,
    /// Sent back after delivery; cancelling no longer applies.
    Returned,
}

impl ItemState {
    /// The fulfilment chain, earliest first.
    pub const CHAIN: [ItemState; 6] = [
        ItemState::Unpaid,
        ItemState::Paid,
        ItemState::Processing,
        ItemState::Packed,
        ItemState::Shipped,
        ItemState::Delivered,
    ];

    /// The snake_case name used in JSON and in query strings, e.g. `"cancellation_requested"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Unpaid => "unpaid",
            ItemState::Paid => "paid",
            ItemState::Processing => "processing",
            ItemState::Packed => "packed",
            ItemState::Shipped => "shipped",
            ItemState::Delivered => "delivered",
            ItemState::Cancelled => "cancelled",
            ItemState::CancellationRequested => "cancellation_requested",
            ItemState::Returned => "returned",
        }
    }
}

/// Who sells and ships an item: the store itself, or a marketplace's third-party seller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SellerKind {
    /// The store sells and ships it (the default when JSON leaves `kind` out).
    #[default]
    FirstParty,
    /// A marketplace seller does; [`crate::ThirdPartyRule`] says whether the shopper may
    /// cancel it directly or must ask that seller.
    ThirdParty,
}

/// The seller of an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    /// Stable id; items with the same seller id share that seller's [`ShippingCharge`].
    pub id: String,
    /// Shown to the shopper, e.g. in "ask Gadget Hub to cancel".
    pub name: String,
    /// The store itself or a marketplace seller.
    #[serde(default)]
    pub kind: SellerKind,
}

/// One line of an order: a product, how many units of it, and where those units stand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    /// Unique within the order; cancellation requests name lines by it.
    pub id: String,
    /// The store's product code; the widget's "Buy again" link fills it in.
    pub sku: String,
    /// Product name as the shopper saw it when ordering.
    pub title: String,
    /// Thumbnail shown next to the line, if the store has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Who sells and ships this line.
    pub seller: Seller,
    /// Items sold as a set share a bundle id and are cancelled together when the policy says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
    /// Units ordered. Never lowered by a cancellation: cancelled and requested units are
    /// counted apart, so the refund of each unit stays the same whenever it is cancelled.
    pub quantity: u32,
    /// Units already cancelled (and refunded or voided).
    #[serde(default)]
    pub cancelled_quantity: u32,
    /// Units in a cancellation request that the seller has not yet answered.
    #[serde(default)]
    pub requested_quantity: u32,
    /// Units in a parcel request (interception or refusal) the store has not settled yet.
    #[serde(default)]
    pub parcel_requested_quantity: u32,
    /// Price of one unit before the order discount, tax excluded, in minor units.
    pub unit_price: Money,
    /// Tax on one unit, in minor units of the order currency.
    #[serde(default)]
    pub unit_tax: i64,
    /// Where the line stands in fulfilment; decides what the policy allows.
    pub state: ItemState,
    /// The state the item was in when a request for all its open units was made, so a
    /// denied request can put it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_before_request: Option<ItemState>,
    /// When the item entered its current state.
    pub state_changed_at: Timestamp,
    /// Made to order (engraved, printed): many merchants refuse to cancel these.
    #[serde(default)]
    pub personalised: bool,
    /// The merchant marked this item as never cancellable.
    #[serde(default)]
    pub not_cancellable: bool,
}

impl OrderItem {
    /// Units neither cancelled nor waiting on a request (to the seller, or about the parcel).
    pub fn open_quantity(&self) -> u32 {
        self.quantity.saturating_sub(
            self.cancelled_quantity + self.requested_quantity + self.parcel_requested_quantity,
        )
    }
    /// The state that decides what may still happen to the open units.
    pub fn fulfilment_state(&self) -> ItemState {
        match self.state {
            ItemState::CancellationRequested => self.state_before_request.unwrap_or(self.state),
            s => s,
        }
    }
}

/// Where a refund goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundDestination {
    /// Back to the card or account the shopper paid with.
    OriginalPayment,
    /// Credited to the shopper's balance with the store.
    StoreCredit,
}

impl RefundDestination {
    /// The snake_case name used in JSON, e.g. `"store_credit"`.
    pub fn as_str(self) -> &'static str {
        match self {
            RefundDestination::OriginalPayment => "original_payment",
            RefundDestination::StoreCredit => "store_credit",
        }
    }
}

/// Shipping charged for one seller's shipment. It is refunded with the cancellation that
/// cancels the last unit that seller was to ship.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingCharge {
    /// The [`Seller::id`] whose items this shipment carries.
    pub seller_id: String,
    /// What the shopper paid for it, in minor units of the order currency.
    pub amount: i64,
    /// Already given back, so a later cancellation does not refund it twice.
    #[serde(default)]
    pub refunded: bool,
}

/// Where a [`Cancellation`] stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancellationStatus {
    /// Cancelled at once and refunded.
    Completed,
    /// Waiting for the seller to approve or deny.
    Requested,
    /// The seller approved a request: the units are cancelled and refunded.
    Approved,
    /// The seller denied a request: the units are open again and nothing is refunded.
    Denied,
}

/// Some units of one order line: the unit of selection in requests, plans and history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelledLine {
    /// The [`OrderItem::id`] of the line.
    pub item_id: String,
    /// How many of its units, at least 1 in a valid request.
    pub quantity: u32,
}

/// One cancellation in an order's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    /// Unique id; the seller's answer to a request names it.
    pub id: String,
    /// Completed at once, or a request and the seller's answer to it.
    pub status: CancellationStatus,
    /// The lines and units it covers.
    pub items: Vec<CancelledLine>,
    /// The [`crate::Reason::code`] the shopper picked (the server records `"unspecified"`
    /// when the policy let the shopper give none).
    pub reason_code: String,
    /// The shopper's own words, trimmed; `None` when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Refunded (completed, approved), to be refunded if approved (requested), or zero
    /// (denied), in minor units.
    pub refund: Money,
    /// Where the refund goes.
    pub refund_destination: RefundDestination,
    /// When the shopper asked.
    pub created_at: Timestamp,
    /// When it was settled: at once for a completed one, at the seller's answer for a
    /// request; `None` while the request is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Timestamp>,
    /// For a pending request under a policy with `seller_response_hours`: when the seller's
    /// time to answer runs out; the policy's `on_seller_silence` decides it then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respond_by: Option<Timestamp>,
    /// With `respond_by`: what the request becomes if the seller has not answered by then,
    /// fixed when the request is made (what the shopper was told).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_unanswered: Option<crate::SilenceOutcome>,
}

/// An order with its lines, shipping charges and cancellation history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// The store's id, used in URLs (`/v1/orders/{id}`).
    pub id: String,
    /// The number the shopper sees, e.g. `"PO-1042"`.
    pub number: String,
    /// When the shopper placed it; a free-cancellation window counts from here.
    pub placed_at: Timestamp,
    /// ISO 4217 code of every amount in the order, e.g. `"EUR"`.
    pub currency: String,
    /// The lines, in the order the shopper sees them (the discount is allocated in this order).
    pub items: Vec<OrderItem>,
    /// Order-level discount in minor units, allocated pro rata over item subtotals.
    #[serde(default)]
    pub discount: i64,
    /// One charge per seller that ships part of the order.
    #[serde(default)]
    pub shipping: Vec<ShippingCharge>,
    /// Everything refunded so far, in minor units.
    #[serde(default)]
    pub refunded: i64,
    /// Bumped on every change; the `If-Match` precondition of a cancellation.
    pub version: u64,
    /// Every cancellation and request made on the order, oldest first.
    #[serde(default)]
    pub cancellations: Vec<Cancellation>,
    /// The refunds its cancellations owe, oldest first, each with where it stands.
    #[serde(default)]
    pub refunds: Vec<Refund>,
    /// The shopper's parcel requests (interception, refusal notice), oldest first, each with
    /// where it stands.
    #[serde(default)]
    pub parcel_requests: Vec<ParcelRequestRecord>,
}

/// The status shown for a whole order, derived from its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// At least one line waits for payment.
    Unpaid,
    /// Some line is paid and not yet handed to a carrier.
    ToShip,
    /// Nothing left waits to ship, and something is still in transit.
    Shipped,
    /// Everything left has arrived.
    Delivered,
    /// Every line is cancelled.
    Cancelled,
    /// Some units wait on the seller's answer to a cancellation request.
    CancellationRequested,
    /// Everything left was returned.
    Returned,
}

impl OrderStatus {
    /// The snake_case name used in JSON, e.g. `"to_ship"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Unpaid => "unpaid",
            OrderStatus::ToShip => "to_ship",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::CancellationRequested => "cancellation_requested",
            OrderStatus::Returned => "returned",
        }
    }
}

impl Order {
    /// The line with this [`OrderItem::id`].
    pub fn item(&self, id: &str) -> Option<&OrderItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The line with this [`OrderItem::id`], to change it.
    pub fn item_mut(&mut self, id: &str) -> Option<&mut OrderItem> {
        self.items.iter_mut().find(|i| i.id == id)
    }

    /// What the shopper paid, in minor units: items after discount, plus tax and shipping.
    /// Unpaid items count for nothing: their payment is voided, not refunded. Cancelling every
    /// unit refunds exactly this.
    pub fn paid_total(&self) -> i64 {
        crate::refund::paid_total(self)
    }

    /// The order's status: the least advanced state among live units decides, so an order
    /// with one item still to ship shows as "to ship".
    pub fn status(&self) -> OrderStatus {
        let live: Vec<&OrderItem> = self
            .items
            .iter()
            .filter(|i| i.state != ItemState::Cancelled)
            .collect();
        if live.is_empty() {
            return OrderStatus::Cancelled;
        }
        if live.iter().any(|i| i.requested_quantity > 0) {
            return OrderStatus::CancellationRequested;
        }
        let earliest = live
            .iter()
            .map(|i| i.state)
            .min()
            .unwrap_or(ItemState::Delivered);
        match earliest {
            ItemState::Unpaid => OrderStatus::Unpaid,
            ItemState::Paid | ItemState::Processing | ItemState::Packed => OrderStatus::ToShip,
            ItemState::Shipped => OrderStatus::Shipped,
            ItemState::Delivered => OrderStatus::Delivered,
            ItemState::Returned => OrderStatus::Returned,
            ItemState::Cancelled | ItemState::CancellationRequested => {
                OrderStatus::CancellationRequested
            }
        }
    }

    /// Order total for display, in minor units: every line at full quantity, after discount,
    /// plus tax and shipping, whether paid or not.
    pub fn total(&self) -> i64 {
        let lines: i64 = self
            .items
            .iter()
            .map(|i| (i.unit_price.amount + i.unit_tax) * i.quantity as i64)
            .sum();
        lines - self.discount + self.shipping.iter().map(|s| s.amount).sum::<i64>()
    }
}
