//! The opt-in fulfilment simulator: a warehouse that moves items along
//! paid → processing → packed → shipped → delivered, so the demo's options change under
//! the shopper's eyes the way a real shop's do.

use crate::clock::Clock;
use crate::db::{self, Db, DbError};
use crate::fulfilment::{advance, step_seconds};
use cancel_policy::Timestamp;
use std::time::Duration;

/// Orders moved per tick: bounds how long a tick holds the database (the rest wait for the
/// next tick), so requests stay fast even when thousands of orders are due at once.
const BATCH: u32 = 200;

/// One pass over the due orders, in one transaction. Returns how many orders it looked at.
pub fn tick(conn: &mut db::Conn<'_>, now: Timestamp, step: i64) -> Result<usize, DbError> {
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
    let mut health = db::JobHealth::new("fulfilment simulator");
    loop {
        interval.tick().await;
        // A full batch means more are due: carry on (other requests get the database
        // between batches), but never spin for ever on orders that cannot move.
        for _ in 0..50 {
            let now = clock();
            let ticked = db.run(move |conn| tick(conn, now, step)).await;
            health.after(&ticked);
            match ticked {
                Ok(n) if n == BATCH as usize => tokio::task::yield_now().await,
                _ => break,
            }
        }
    }
}
