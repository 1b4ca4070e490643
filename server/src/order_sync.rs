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
use cancel_policy::{ItemState, Money, Order, OrderItem, Seller, ShippingCharge, Timestamp};
use serde::Deserialize;
use std::collections::HashSet;

pub const MAX_ID_CHARS: usize = 100;
pub const MAX_TEXT_CHARS: usize = 500;
pub const MAX_ITEMS: usize = 200;
pub const MAX_QUANTITY: u32 = 10_000;

/// The body of `PUT /v1/merchant/orders/{order_id}`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    pub shopper_id: String,
    pub number: String,
    pub placed_at: Timestamp,
    pub currency: String,
    pub items: Vec<ItemInput>,
    #[serde(default)]
    pub discount: i64,
    #[serde(default)]
    pub shipping: Vec<ShippingInput>,
    /// Where the shopper's emails about this order go (kept when a later body leaves it out).
    #[serde(default)]
    pub shopper_email: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    pub id: String,
    pub sku: String,
    pub title: String,
    #[serde(default)]
    pub image_url: Option<String>,
    pub seller: Seller,
    #[serde(default)]
    pub bundle_id: Option<String>,
    pub quantity: u32,
    /// One unit, tax excluded, in the order's currency.
    pub unit_price: Money,
    #[serde(default)]
    pub unit_tax: i64,
    pub state: ItemState,
    #[serde(default)]
    pub personalised: bool,
    #[serde(default)]
    pub not_cancellable: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShippingInput {
    pub seller_id: String,
    pub amount: i64,
}

/// The body of `PATCH /v1/merchant/orders/{order_id}/items/{item_id}`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemPatch {
    pub state: ItemState,
}

/// What a write did.
pub struct Synced {
    pub order: Order,
    pub created: bool,
}

fn conflict(detail: impl Into<String>, order: &Order) -> Problem {
    Problem::new(Code::OrderConflict, detail).with("order", order)
}

fn check_text(field: &str, text: &str, max: usize) -> Result<(), Problem> {
    if text.trim().is_empty() || text.chars().count() > max {
        return Err(Problem::invalid(format!(
            "{field} must be 1 to {max} characters."
        )));
    }
    Ok(())
}

/// Where a state stands in the fulfilment chain; returned comes after delivered.
fn position(state: ItemState) -> Option<usize> {
    match state {
        ItemState::Returned => Some(ItemState::CHAIN.len()),
        s => ItemState::CHAIN.iter().position(|c| *c == s),
    }
}

impl OrderInput {
    /// Shape checks that need no stored order (400 when they fail).
    fn validate(&self, order_id: &str) -> Result<(), Problem> {
        check_text("order_id", order_id, MAX_ID_CHARS)?;
        check_text("shopper_id", &self.shopper_id, MAX_ID_CHARS)?;
        check_text("number", &self.number, MAX_ID_CHARS)?;
        if let Some(email) = self.shopper_email.as_deref() {
            if !crate::mail::is_email_address(email) {
                return Err(Problem::invalid(format!(
                    "shopper_email {email:?} is not an email address (local@domain)."
                )));
            }
        }
        let currency_ok =
            self.currency.len() == 3 && self.currency.bytes().all(|b| b.is_ascii_uppercase());
        if !currency_ok {
            return Err(Problem::invalid(
                "currency must be an ISO 4217 code such as EUR.",
            ));
        }
        if self.items.is_empty() || self.items.len() > MAX_ITEMS {
            return Err(Problem::invalid(format!(
                "items must hold 1 to {MAX_ITEMS} lines."
            )));
        }
        if self.discount < 0 {
            return Err(Problem::invalid("discount may not be negative."));
        }
        let mut ids = HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let at = |field: &str| format!("items[{i}].{field}");
            check_text(&at("id"), &item.id, MAX_ID_CHARS)?;
            if !ids.insert(item.id.as_str()) {
                return Err(Problem::invalid(format!(
                    "{} {:?} appears twice.",
                    at("id"),
                    item.id
                )));
            }
            check_text(&at("sku"), &item.sku, MAX_ID_CHARS)?;
            check_text(&at("title"), &item.title, MAX_TEXT_CHARS)?;
            check_text(&at("seller.id"), &item.seller.id, MAX_ID_CHARS)?;
            check_text(&at("seller.name"), &item.seller.name, MAX_TEXT_CHARS)?;
            if !(1..=MAX_QUANTITY).contains(&item.quantity) {
                return Err(Problem::invalid(format!(
                    "{} must be from 1 to {MAX_QUANTITY}.",
                    at("quantity")
                )));
            }
            if item.unit_price.currency != self.currency
                || item.unit_price.amount < 0
                || item.unit_tax < 0
            {
                return Err(Problem::invalid(format!(
                    "{} must be a non-negative amount in {} and unit_tax non-negative.",
                    at("unit_price"),
                    self.currency
                )));
            }
            if matches!(
                item.state,
                ItemState::Cancelled | ItemState::CancellationRequested
            ) {
                return Err(Problem::invalid(format!(
                    "{}: {} is set by cancellations through this API, not by the store.",
                    at("state"),
                    item.state.as_str()
                )));
            }
        }
        // Every sum the refunds take later is part of this one: if it fits, they do.
        let grand_total = self.items.iter().try_fold(0i64, |sum, i| {
            let unit = i.unit_price.amount.checked_add(i.unit_tax)?;
            sum.checked_add(unit.checked_mul(i64::from(i.quantity))?)
        });
        let grand_total = grand_total.and_then(|items| {
            (self.shipping.iter()).try_fold(items, |sum, c| sum.checked_add(c.amount.max(0)))
        });
        if grand_total.is_none() {
            return Err(Problem::invalid(
                "The order's total (prices and tax times quantities, plus shipping) is too large: it must fit in a 64-bit integer of minor units.",
            ));
        }
        let subtotal: i64 = self
            .items
            .iter()
            .map(|i| i.unit_price.amount * i64::from(i.quantity))
            .sum();
        if self.discount > subtotal {
            return Err(Problem::invalid(
                "discount may not exceed the items' total.",
            ));
        }
        for (i, charge) in self.shipping.iter().enumerate() {
            if charge.amount < 0
                || !self
                    .items
                    .iter()
                    .any(|item| item.seller.id == charge.seller_id)
            {
                return Err(Problem::invalid(format!(
                    "shipping[{i}] must be a non-negative amount for the seller of one of the items."
                )));
            }
        }
        Ok(())
    }
}

/// The order `input` describes, keeping what the server owns from `stored`.
fn merge(
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
            let touched = before.cancelled_quantity + before.requested_quantity > 0;
            if touched && !items.iter().any(|i| i.id == before.id) {
                return Err(conflict(
                    format!(
                        "Item {} has recorded cancellations and cannot be removed from the order.",
                        before.id
                    ),
                    order,
                ));
            }
        }
        if !order.cancellations.is_empty()
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
    })
}

/// Carries the cancelled/requested units and state history of `before` into `item`, or
/// refuses a change that contradicts them.
fn keep_server_fields(
    item: &mut OrderItem,
    before: &OrderItem,
    order: &Order,
) -> Result<(), Problem> {
    let touched = before.cancelled_quantity + before.requested_quantity > 0;
    if touched {
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
    move_state(item, before, wanted, order)
}

/// Moves `item` (a copy of `before`'s server fields) to `wanted`, never backwards and never
/// out of `cancelled`.
fn move_state(
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
