//! An order as the store sends it, merged with what the server owns of the stored one.

use super::{conflict, OrderInput};
use crate::problem::Problem;
use cancel_policy::{ItemState, Order, OrderItem, ShippingCharge, Timestamp};

/// Where a state stands in the fulfilment chain; returned comes after delivered.
fn position(state: ItemState) -> Option<usize> {
    match state {
        ItemState::Returned => Some(ItemState::CHAIN.len()),
        s => ItemState::CHAIN.iter().position(|c| *c == s),
    }
}

/// Whether the server recorded something about the item's units (cancelled, or in a
/// request to the seller or about the parcel): its terms are then fixed.
fn touched(item: &OrderItem) -> bool {
    item.cancelled_quantity + item.requested_quantity + item.parcel_requested_quantity > 0
}

/// The order `input` describes, keeping what the server owns from `stored`.
pub(super) fn merge(
    order_id: &str,
    input: &OrderInput,
    stored: Option<&Order>,
    now: Timestamp,
) -> Result<Order, Problem> {
    let mut items = Vec::with_capacity(input.items.len());
    for line in &input.items {
        let before = stored.and_then(|o| o.item(&line.id));
        let mut item = OrderItem {
            id: line.id.clone(),
            sku: line.sku.clone(),
            title: line.title.clone(),
            image_url: line.image_url.clone(),
            seller: line.seller.clone(),
            bundle_id: line.bundle_id.clone(),
            quantity: line.quantity,
            cancelled_quantity: 0,
            requested_quantity: 0,
            parcel_requested_quantity: 0,
            unit_price: line.unit_price.clone(),
            unit_tax: line.unit_tax,
            state: line.state,
            state_before_request: None,
            state_changed_at: now,
            personalised: line.personalised,
            not_cancellable: line.not_cancellable,
        };
        if let (Some(before), Some(order)) = (before, stored) {
            keep_server_fields(&mut item, before, order)?;
        }
        items.push(item);
    }
    if let Some(order) = stored {
        for before in &order.items {
            if touched(before) && !items.iter().any(|i| i.id == before.id) {
                return Err(conflict(
                    format!(
                        "Item {} has recorded cancellations and cannot be removed from the order.",
                        before.id
                    ),
                    order,
                ));
            }
        }
        if !(order.cancellations.is_empty() && order.parcel_requests.is_empty())
            && (input.currency != order.currency || input.discount != order.discount)
        {
            return Err(conflict(
                "The order has recorded cancellations: its currency and discount can no longer change.",
                order,
            ));
        }
    }
    let shipping = input
        .shipping
        .iter()
        .map(|charge| {
            let before =
                stored.and_then(|o| o.shipping.iter().find(|c| c.seller_id == charge.seller_id));
            match before {
                Some(b) if b.refunded && b.amount != charge.amount => Err(conflict(
                    format!(
                        "Shipping of seller {} was refunded; its amount can no longer change.",
                        charge.seller_id
                    ),
                    stored.expect("before comes from stored"),
                )),
                _ => Ok(ShippingCharge {
                    seller_id: charge.seller_id.clone(),
                    amount: charge.amount,
                    refunded: before.is_some_and(|b| b.refunded),
                }),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Order {
        id: order_id.to_string(),
        number: input.number.clone(),
        placed_at: input.placed_at,
        currency: input.currency.clone(),
        items,
        discount: input.discount,
        shipping,
        refunded: stored.map_or(0, |o| o.refunded),
        version: stored.map_or(1, |o| o.version),
        cancellations: stored.map_or_else(Vec::new, |o| o.cancellations.clone()),
        refunds: stored.map_or_else(Vec::new, |o| o.refunds.clone()),
        parcel_requests: stored.map_or_else(Vec::new, |o| o.parcel_requests.clone()),
    })
}

/// Carries the cancelled/requested units and state history of `before` into `item`, or
/// refuses a change that contradicts them.
fn keep_server_fields(
    item: &mut OrderItem,
    before: &OrderItem,
    order: &Order,
) -> Result<(), Problem> {
    if touched(before) {
        let same_terms = item.quantity == before.quantity
            && item.unit_price == before.unit_price
            && item.unit_tax == before.unit_tax
            && item.seller.id == before.seller.id
            && item.bundle_id == before.bundle_id;
        if !same_terms {
            return Err(conflict(
                format!(
                    "Item {} has recorded cancellations: its quantity, price, tax, seller and bundle must stay as they were.",
                    item.id
                ),
                order,
            ));
        }
    }
    let wanted = item.state;
    item.cancelled_quantity = before.cancelled_quantity;
    item.requested_quantity = before.requested_quantity;
    item.parcel_requested_quantity = before.parcel_requested_quantity;
    move_state(item, before, wanted, order)
}

/// Moves `item` (a copy of `before`'s server fields) to `wanted`, never backwards and never
/// out of `cancelled`.
pub(super) fn move_state(
    item: &mut OrderItem,
    before: &OrderItem,
    wanted: ItemState,
    order: &Order,
) -> Result<(), Problem> {
    if before.state == ItemState::Cancelled {
        return Err(conflict(
            format!(
                "Item {}: every unit is cancelled; it cannot become {} again.",
                item.id,
                wanted.as_str()
            ),
            order,
        ));
    }
    let current = before.fulfilment_state();
    match (position(current), position(wanted)) {
        (Some(from), Some(to)) if to < from => {
            return Err(conflict(
                format!(
                    "Item {} is {}; it cannot move back to {}.",
                    item.id,
                    current.as_str(),
                    wanted.as_str()
                ),
                order,
            ))
        }
        _ => {}
    }
    let changed = wanted != current;
    if before.state == ItemState::CancellationRequested {
        // The request stays pending; the warehouse's progress is where a denial returns to.
        item.state = ItemState::CancellationRequested;
        item.state_before_request = Some(wanted);
    } else {
        item.state = wanted;
        item.state_before_request = None;
    }
    item.state_changed_at = if changed {
        item.state_changed_at
    } else {
        before.state_changed_at
    };
    Ok(())
}
