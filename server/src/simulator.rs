//! The opt-in fulfilment simulator: a warehouse that moves items along
//! paid → processing → packed → shipped → delivered, so the demo's options change under
//! the shopper's eyes the way a real shop's do.

use crate::clock::Clock;
use crate::db::{self, Db, DbError};
use cancel_policy::{ItemState, Order, OrderItem, Timestamp};
use std::time::Duration;

/// Seconds an item stays in each state: ten minutes at speed 1, ten seconds at speed 60.
pub fn step_seconds(speed: f64) -> i64 {
    (600.0 / speed).round().max(1.0) as i64
}

/// Where the warehouse moves `item` next. Unpaid items wait for the shopper, items with a
/// cancellation request wait for the merchant's answer, delivered items have arrived.
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
    order.items.iter().filter(|i| next_state(i).is_some()).map(|i| i.state_changed_at).min()
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

/// Orders moved per tick: bounds how long a tick holds the database (the rest wait for the
/// next tick), so requests stay fast even when thousands of orders are due at once.
const BATCH: u32 = 200;

/// One pass over the due orders, in one transaction. Returns how many orders it looked at.
pub fn tick(conn: &mut rusqlite::Connection, now: Timestamp, step: i64) -> Result<usize, DbError> {
    db::write(conn, |tx| {
        let due = db::orders_due_for_fulfilment(tx, now.unix() - step, BATCH)?;
        for id in &due {
            db::modify_order_in(tx, id, |order| advance(order, now, step))?;
        }
        Ok(due.len())
    })
}

/// Runs forever; the server aborts the task on shutdown.
pub async fn run(db: Db, clock: Clock, speed: f64) {
    let step = step_seconds(speed);
    // Look a few times per step so a change shows up soon after it is due.
    let every = Duration::from_millis((step as u64 * 1000 / 5).clamp(200, 30_000));
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        // A full batch means more are due: carry on (other requests get the database
        // between batches), but never spin for ever on orders that cannot move.
        for _ in 0..50 {
            let now = clock();
            match db.run(move |conn| tick(conn, now, step)).await {
                Ok(n) if n == BATCH as usize => tokio::task::yield_now().await,
                Ok(_) => break,
                Err(e) => {
                    eprintln!("order-cancel-server: simulator: {e}");
                    break;
                }
            }
        }
    }
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
    fn only_the_fulfilment_chain_moves() {
        let later = Timestamp::from_unix(2_000_000);
        for (_, before) in crate::seed::demo_orders(Timestamp::from_unix(1_000_000)) {
            let mut after = before.clone();
            let moved = advance(&mut after, later, 1);
            assert_eq!(moved, before.items.iter().any(|i| next_state(i).is_some()), "{}", before.number);
            for (old, new) in before.items.iter().zip(&after.items) {
                assert_eq!(new.state, next_state(old).unwrap_or(old.state), "{}", old.title);
            }
        }
    }
}
