//! The status tabs of "My Orders": which orders each one lists.

use crate::{Order, OrderStatus};
use serde::{Deserialize, Serialize};

/// The status tabs of "My Orders"; the server filters by them and the widget shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    /// Every order.
    #[default]
    All,
    /// Not yet shipped, including unpaid orders and pending requests.
    ToShip,
    /// In transit.
    Shipped,
    /// Arrived (or returned after arriving).
    Delivered,
    /// With at least one cancelled unit.
    Cancelled,
}

impl Tab {
    /// Every tab, in the order the widget shows them.
    pub const ALL: [Tab; 5] = [
        Tab::All,
        Tab::ToShip,
        Tab::Shipped,
        Tab::Delivered,
        Tab::Cancelled,
    ];

    /// The snake_case name used in `?status=` and JSON, e.g. `"to_ship"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tab::All => "all",
            Tab::ToShip => "to_ship",
            Tab::Shipped => "shipped",
            Tab::Delivered => "delivered",
            Tab::Cancelled => "cancelled",
        }
    }

    /// The tab named `text` (as [`Tab::as_str`] writes it), if there is one.
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
            Tab::Delivered => matches!(
                order.status(),
                OrderStatus::Delivered | OrderStatus::Returned
            ),
            Tab::Cancelled => order.items.iter().any(|i| i.cancelled_quantity > 0),
        }
    }
}
