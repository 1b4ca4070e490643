//! The store's bodies for orders in, and the shape checks that need no stored order.

use crate::problem::Problem;
use cancel_policy::{ItemState, Money, Seller, Timestamp};
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

fn check_text(field: &str, text: &str, max: usize) -> Result<(), Problem> {
    if text.trim().is_empty() || text.chars().count() > max {
        return Err(Problem::invalid(format!(
            "{field} must be 1 to {max} characters."
        )));
    }
    Ok(())
}

impl OrderInput {
    /// Shape checks that need no stored order (400 when they fail).
    pub(super) fn validate(&self, order_id: &str) -> Result<(), Problem> {
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
