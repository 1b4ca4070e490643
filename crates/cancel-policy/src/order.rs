//! Orders and their items, as the HTTP contract carries them (snake_case JSON).

use crate::{Money, Timestamp};
use serde::{Deserialize, Serialize};

/// Fulfilment state of one order line. The first six are the chain an item moves along;
/// the last three are where it can end instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Unpaid,
    Paid,
    Processing,
    Packed,
    Shipped,
    Delivered,
    Cancelled,
    CancellationRequested,
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
    #[default]
    FirstParty,
    ThirdParty,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kind: SellerKind,
}

/// One line of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub id: String,
    pub sku: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    pub seller: Seller,
    /// Items sold as a set share a bundle id and are cancelled together when the policy says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
    pub quantity: u32,
    #[serde(default)]
    pub cancelled_quantity: u32,
    /// Units in a cancellation request that the seller has not yet answered.
    #[serde(default)]
    pub requested_quantity: u32,
    /// Price of one unit before the order discount, tax excluded.
    pub unit_price: Money,
    /// Tax on one unit, in minor units of the order currency.
    #[serde(default)]
    pub unit_tax: i64,
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
    /// Units neither cancelled nor waiting on a request.
    pub fn open_quantity(&self) -> u32 {
        self.quantity.saturating_sub(self.cancelled_quantity + self.requested_quantity)
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
    OriginalPayment,
    StoreCredit,
}

impl RefundDestination {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundDestination::OriginalPayment => "original_payment",
            RefundDestination::StoreCredit => "store_credit",
        }
    }
}

/// Shipping charged for one seller's shipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingCharge {
    pub seller_id: String,
    pub amount: i64,
    #[serde(default)]
    pub refunded: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancellationStatus {
    /// Cancelled at once and refunded.
    Completed,
    /// Waiting for the seller to approve or deny.
    Requested,
    Approved,
    Denied,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelledLine {
    pub item_id: String,
    pub quantity: u32,
}

/// One cancellation in an order's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub id: String,
    pub status: CancellationStatus,
    pub items: Vec<CancelledLine>,
    pub reason_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub refund: Money,
    pub refund_destination: RefundDestination,
    pub created_at: Timestamp,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: String,
    /// The number the shopper sees, e.g. `"PO-1042"`.
    pub number: String,
    pub placed_at: Timestamp,
    pub currency: String,
    pub items: Vec<OrderItem>,
    /// Order-level discount in minor units, allocated pro rata over item subtotals.
    #[serde(default)]
    pub discount: i64,
    #[serde(default)]
    pub shipping: Vec<ShippingCharge>,
    /// Everything refunded so far, in minor units.
    #[serde(default)]
    pub refunded: i64,
    /// Bumped on every change; the `If-Match` precondition of a cancellation.
    pub version: u64,
    #[serde(default)]
    pub cancellations: Vec<Cancellation>,
}

/// The status shown for a whole order, derived from its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Unpaid,
    ToShip,
    Shipped,
    Delivered,
    Cancelled,
    /// Some units wait on the seller's answer to a cancellation request.
    CancellationRequested,
    Returned,
}

impl OrderStatus {
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
    pub fn item(&self, id: &str) -> Option<&OrderItem> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn item_mut(&mut self, id: &str) -> Option<&mut OrderItem> {
        self.items.iter_mut().find(|i| i.id == id)
    }

    /// What the shopper paid: items after discount, plus tax and shipping. Unpaid items count
    /// for nothing: their payment is voided, not refunded.
    pub fn paid_total(&self) -> i64 {
        crate::refund::paid_total(self)
    }

    /// The order's status: the least advanced state among live units decides, so an order
    /// with one item still to ship shows as "to ship".
    pub fn status(&self) -> OrderStatus {
        let live: Vec<&OrderItem> = self.items.iter().filter(|i| i.state != ItemState::Cancelled).collect();
        if live.is_empty() {
            return OrderStatus::Cancelled;
        }
        if live.iter().any(|i| i.requested_quantity > 0) {
            return OrderStatus::CancellationRequested;
        }
        let earliest = live.iter().map(|i| i.state).min().unwrap_or(ItemState::Delivered);
        match earliest {
            ItemState::Unpaid => OrderStatus::Unpaid,
            ItemState::Paid | ItemState::Processing | ItemState::Packed => OrderStatus::ToShip,
            ItemState::Shipped => OrderStatus::Shipped,
            ItemState::Delivered => OrderStatus::Delivered,
            ItemState::Returned => OrderStatus::Returned,
            ItemState::Cancelled | ItemState::CancellationRequested => OrderStatus::CancellationRequested,
        }
    }

    /// Order total for display: every line at full quantity, after discount, plus tax and shipping.
    pub fn total(&self) -> i64 {
        let lines: i64 = self
            .items
            .iter()
            .map(|i| (i.unit_price.amount + i.unit_tax) * i.quantity as i64)
            .sum();
        lines - self.discount + self.shipping.iter().map(|s| s.amount).sum::<i64>()
    }
}

/// The status tabs of "My Orders"; the server filters by them and the widget shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    #[default]
    All,
    ToShip,
    Shipped,
    Delivered,
    Cancelled,
}

impl Tab {
    pub const ALL: [Tab; 5] = [Tab::All, Tab::ToShip, Tab::Shipped, Tab::Delivered, Tab::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::All => "all",
            Tab::ToShip => "to_ship",
            Tab::Shipped => "shipped",
            Tab::Delivered => "delivered",
            Tab::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// Orders waiting on payment or on a seller's answer are still "to ship";
    /// an order with any cancelled unit also shows under "Cancelled".
    pub fn includes(self, order: &Order) -> bool {
        match self {
            Tab::All => true,
            Tab::ToShip => matches!(
                order.status(),
                OrderStatus::Unpaid | OrderStatus::ToShip | OrderStatus::CancellationRequested
            ),
            Tab::Shipped => order.status() == OrderStatus::Shipped,
            Tab::Delivered => matches!(order.status(), OrderStatus::Delivered | OrderStatus::Returned),
            Tab::Cancelled => order.items.iter().any(|i| i.cancelled_quantity > 0),
        }
    }
}
