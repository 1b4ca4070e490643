//! Orders in from the store: `PUT /v1/merchant/orders/{id}` creates or replaces an order,
//! `PATCH …/items/{item_id}` moves one item along the fulfilment chain. What the server
//! owns (cancelled and requested units, refunds, the history, the version) is kept from
//! the stored order; a body that would move an item backwards, bring back cancelled units
//! or change what recorded cancellations were based on is refused (409) and nothing is
//! written: each change is one transaction.

use crate::cancellations::Precondition;
use crate::db::{self, Conn, Save, StoredOrder};
use crate::problem::{Code, Problem};
use crate::respond::etag;
use cancel_policy::{ItemState, Order, Timestamp};

mod input;
mod merge;

pub use input::{ItemInput, ItemPatch, OrderInput, ShippingInput};
pub use input::{MAX_ID_CHARS, MAX_ITEMS, MAX_QUANTITY, MAX_TEXT_CHARS};
use merge::{merge, move_state};

/// What a write did.
pub struct Synced {
    pub order: Order,
    pub created: bool,
}

fn conflict(detail: impl Into<String>, order: &Order) -> Problem {
    Problem::new(Code::OrderConflict, detail).with("order", order)
}

fn check_precondition(
    precondition: Option<&Precondition>,
    stored: Option<&Order>,
) -> Result<(), Problem> {
    let Some(precondition) = precondition else {
        return Ok(());
    };
    match stored {
        Some(order) if precondition.matches(order.version) => Ok(()),
        Some(order) => Err(Problem::new(
            Code::StaleVersion,
            format!(
                "The order is at version {} now; send If-Match: {}.",
                order.version,
                etag(order.version)
            ),
        )
        .with("order", order)),
        None => Err(Problem::new(
            Code::StaleVersion,
            "If-Match was sent but the order does not exist yet.",
        )),
    }
}

/// `PUT`: creates or replaces the order. The same body twice changes nothing the second time.
pub fn put(
    conn: &mut Conn<'_>,
    order_id: &str,
    input: &OrderInput,
    precondition: Option<&Precondition>,
    now: Timestamp,
) -> Result<Synced, Problem> {
    input.validate(order_id)?;
    db::write(conn, |tx| {
        // The order may not exist yet: nothing to lock `FOR UPDATE` (see lock_order_id).
        db::lock_order_id(tx, order_id)?;
        let stored = db::find_order(tx, order_id)?;
        check_precondition(precondition, stored.as_ref().map(|s| &s.order))?;
        if let Some(s) = stored.as_ref().filter(|s| s.shopper_id != input.shopper_id) {
            return Err(conflict(
                "The order belongs to another shopper; shopper_id cannot change.",
                &s.order,
            ));
        }
        let mut order = merge(order_id, input, stored.as_ref().map(|s| &s.order), now)?;
        let created = stored.is_none();
        if let Some(email) = &input.shopper_email {
            db::contacts::set_email(tx, order_id, email)?;
        }
        if let Some(StoredOrder { order: before, .. }) = &stored {
            if same_content(&order, before) {
                return Ok(Synced {
                    order: before.clone(),
                    created: false,
                });
            }
            order.version = before.version + 1;
        }
        db::save_order(tx, &input.shopper_id, &order, Save::Upsert)?;
        Ok(Synced { order, created })
    })
}

/// Equal apart from when unchanged states were stamped: what "the same body" means.
fn same_content(new: &Order, old: &Order) -> bool {
    let mut new = new.clone();
    for (item, before) in new.items.iter_mut().zip(&old.items) {
        if item.id == before.id && item.state == before.state {
            item.state_changed_at = before.state_changed_at;
        }
    }
    new == *old
}

/// `PATCH`: moves one item to a later state of the fulfilment chain.
pub fn patch_item(
    conn: &mut Conn<'_>,
    order_id: &str,
    item_id: &str,
    patch: &ItemPatch,
    now: Timestamp,
) -> Result<Order, Problem> {
    if matches!(
        patch.state,
        ItemState::Cancelled | ItemState::CancellationRequested
    ) {
        return Err(Problem::invalid(format!(
            "state {} is set by cancellations, not by the store.",
            patch.state.as_str()
        )));
    }
    db::write(conn, |tx| {
        let StoredOrder {
            shopper_id,
            mut order,
        } = db::find_order(tx, order_id)?.ok_or_else(|| Problem::not_found("Order"))?;
        let before = order
            .item(item_id)
            .cloned()
            .ok_or_else(|| Problem::not_found("Item"))?;
        if before.fulfilment_state() == patch.state && before.state != ItemState::Cancelled {
            return Ok(order); // already there: nothing to write
        }
        let mut item = before.clone();
        item.state_changed_at = now;
        move_state(&mut item, &before, patch.state, &order)?;
        *order.item_mut(item_id).expect("found above") = item;
        order.version += 1;
        db::save_order(tx, &shopper_id, &order, Save::Existing)?;
        Ok(order)
    })
}
