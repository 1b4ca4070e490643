//! Fulfilment timing: which state an item moves to next and since when an order has an item
//! that can move. Pure functions of the order; the simulator (a background job) and storage
//! (which indexes the timing) both use them, so neither depends on the other.

use cancel_policy::{ItemState, Order, OrderItem, Timestamp};

/// Seconds an item stays in each state: ten minutes at speed 1, ten seconds at speed 60.
pub fn step_seconds(speed: f64) -> i64 {
    (600.0 / speed).round().max(1.0) as i64
}

/// Where the warehouse moves `item` next. Unpaid items wait for the shopper, items with a
/// cancellation request wait for the merchant's answer, and so do items whose every unit is
/// in a parcel request (the store is stopping the parcel, or expects it back); delivered
/// items have arrived.
pub fn next_state(item: &OrderItem) -> Option<ItemState> {
    if item.requested_quantity > 0 || item.open_quantity() == 0 {
        return None;
    }
    match item.state {
        ItemState::Paid => Some(ItemState::Processing),
        ItemState::Processing => Some(ItemState::Packed),
        ItemState::Packed => Some(ItemState::Shipped),
        ItemState::Shipped => Some(ItemState::Delivered),
        _ => None,
    }
}

/// The earliest moment an item of `order` that the warehouse can move entered its state;
/// stored as a column so a tick finds due orders by index instead of scanning them all.
pub fn fulfilment_since(order: &Order) -> Option<Timestamp> {
    order
        .items
        .iter()
        .filter(|i| next_state(i).is_some())
        .map(|i| i.state_changed_at)
        .min()
}

/// Moves every item that has spent `step` seconds in its state one step on. Returns
/// whether anything moved.
pub fn advance(order: &mut Order, now: Timestamp, step: i64) -> bool {
    let mut moved = false;
    for item in &mut order.items {
        match next_state(item) {
            Some(next) if item.state_changed_at.unix() + step <= now.unix() => {
                item.state = next;
                item.state_changed_at = now;
                moved = true;
            }
            _ => {}
        }
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_map_to_step_lengths() {
        assert_eq!(step_seconds(1.0), 600);
        assert_eq!(step_seconds(60.0), 10);
        assert_eq!(step_seconds(100_000.0), 1);
    }

    #[test]
    fn a_parcel_the_store_is_stopping_is_not_delivered_by_the_simulator() {
        let (_, order) = crate::seed::demo_orders(Timestamp::from_unix(1_000_000))
            .into_iter()
            .find(|(_, o)| o.number == "PO-10411")
            .unwrap();
        let mut shoes = order.items[0].clone();
        assert_eq!(next_state(&shoes), Some(ItemState::Delivered));
        shoes.parcel_requested_quantity = shoes.quantity;
        assert_eq!(next_state(&shoes), None);
    }

    #[test]
    fn only_the_fulfilment_chain_moves() {
        let later = Timestamp::from_unix(2_000_000);
        for (_, before) in crate::seed::demo_orders(Timestamp::from_unix(1_000_000)) {
            let mut after = before.clone();
            let moved = advance(&mut after, later, 1);
            assert_eq!(
                moved,
                before.items.iter().any(|i| next_state(i).is_some()),
                "{}",
                before.number
            );
            for (old, new) in before.items.iter().zip(&after.items) {
                assert_eq!(
                    new.state,
                    next_state(old).unwrap_or(old.state),
                    "{}",
                    old.title
                );
            }
        }
    }
}
