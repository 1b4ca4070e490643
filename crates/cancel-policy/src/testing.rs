//! Order builders for tests and demo data (feature `testing`): one item or order with
//! plain defaults, then changed field by field, so every suite builds orders the same way.
//!
//! ```
//! use cancel_policy::testing::{item, order, PLACED};
//! use cancel_policy::ItemState;
//! let o = order(vec![item("a", ItemState::Paid).titled("Mug").priced(1299).with_quantity(2)]);
//! assert_eq!(o.total(), 2598);
//! assert_eq!(o.placed_at, PLACED);
//! ```

use crate::{
    CancellationRequest, CancelledLine, ItemState, Money, Order, OrderItem, Seller, SellerKind,
    Timestamp,
};

/// When [`order`] places its orders and [`item`] last moves its items.
pub const PLACED: Timestamp = Timestamp::from_unix(1_795_500_000);

/// `m` minutes after [`PLACED`].
pub fn minutes_after_purchase(m: i64) -> Timestamp {
    Timestamp::from_unix(PLACED.unix() + m * 60)
}

/// One unit of "Item {id}" at 10.00 EUR, sold by the store itself, in `state` since [`PLACED`].
pub fn item(id: &str, state: ItemState) -> OrderItem {
    OrderItem {
        id: id.into(),
        sku: format!("SKU-{id}"),
        title: format!("Item {id}"),
        image_url: None,
        seller: Seller {
            id: "store".into(),
            name: "The Store".into(),
            kind: SellerKind::FirstParty,
        },
        bundle_id: None,
        quantity: 1,
        cancelled_quantity: 0,
        requested_quantity: 0,
        parcel_requested_quantity: 0,
        unit_price: Money::new(1000, "EUR"),
        unit_tax: 0,
        state,
        state_before_request: None,
        state_changed_at: PLACED,
        personalised: false,
        not_cancellable: false,
    }
}

/// Order "o1" numbered "PO-1" in EUR, placed at [`PLACED`], with `items` and nothing else.
pub fn order(items: Vec<OrderItem>) -> Order {
    Order {
        id: "o1".into(),
        number: "PO-1".into(),
        placed_at: PLACED,
        currency: "EUR".into(),
        items,
        discount: 0,
        shipping: vec![],
        refunded: 0,
        version: 1,
        cancellations: vec![],
        refunds: vec![],
        parcel_requests: vec![],
    }
}

/// A request for these `(item id, units)` lines with this reason code, no comment and the
/// policy's default refund destination.
pub fn request(lines: &[(&str, u32)], reason: Option<&str>) -> CancellationRequest {
    CancellationRequest {
        items: lines
            .iter()
            .map(|(id, q)| CancelledLine {
                item_id: id.to_string(),
                quantity: *q,
            })
            .collect(),
        reason_code: reason.map(str::to_string),
        comment: None,
        refund_destination: None,
    }
}

impl OrderItem {
    /// With this title.
    pub fn titled(self, title: &str) -> Self {
        OrderItem {
            title: title.into(),
            ..self
        }
    }
    /// With this unit price, in minor units of the item's currency.
    pub fn priced(self, amount: i64) -> Self {
        let unit_price = Money::new(amount, self.unit_price.currency.clone());
        OrderItem { unit_price, ..self }
    }
    /// With this many units.
    pub fn with_quantity(self, quantity: u32) -> Self {
        OrderItem { quantity, ..self }
    }
    /// In its state since `at`.
    pub fn changed_at(self, at: Timestamp) -> Self {
        OrderItem {
            state_changed_at: at,
            ..self
        }
    }
    /// Part of bundle `bundle_id`.
    pub fn in_bundle(self, bundle_id: &str) -> Self {
        OrderItem {
            bundle_id: Some(bundle_id.into()),
            ..self
        }
    }
    /// Sold by a third-party seller of this name.
    pub fn sold_by(self, seller_id: &str, name: &str) -> Self {
        OrderItem {
            seller: Seller {
                id: seller_id.into(),
                name: name.into(),
                kind: SellerKind::ThirdParty,
            },
            ..self
        }
    }
    /// With every unit cancelled, as a completed cancellation leaves it.
    pub fn cancelled(self) -> Self {
        OrderItem {
            state: ItemState::Cancelled,
            cancelled_quantity: self.quantity,
            state_before_request: None,
            ..self
        }
    }
    /// With every open unit in a pending request, made while the item was in its current state.
    pub fn in_request(self) -> Self {
        OrderItem {
            requested_quantity: self.requested_quantity + self.open_quantity(),
            state_before_request: Some(self.state),
            state: ItemState::CancellationRequested,
            ..self
        }
    }
}

impl Order {
    /// With this id and order number.
    pub fn numbered(self, id: &str, number: &str) -> Self {
        Order {
            id: id.into(),
            number: number.into(),
            ..self
        }
    }
    /// Placed at `at`.
    pub fn placed(self, at: Timestamp) -> Self {
        Order {
            placed_at: at,
            ..self
        }
    }
}
