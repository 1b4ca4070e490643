//! Money as integer minor units with an ISO 4217 currency: never floats.

use serde::{Deserialize, Serialize};

/// An amount in a currency, `{"amount": 1299, "currency": "EUR"}` in JSON (12.99 EUR).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Minor units (cents for EUR/USD, yen for JPY).
    pub amount: i64,
    /// ISO 4217 code, e.g. `"EUR"`.
    pub currency: String,
}

impl Money {
    /// `amount` minor units of `currency` (an ISO 4217 code).
    pub fn new(amount: i64, currency: impl Into<String>) -> Self {
        Money {
            amount,
            currency: currency.into(),
        }
    }
}
