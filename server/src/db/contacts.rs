//! Where an order's emails go and in which language: the address the store sent with the
//! order (`shopper_email`) or, without one, the one in the shopper's JWT (`email` claim,
//! kept from their request for the emails that come later), and the language of the
//! shopper's last request.

use super::{Result, Tx};

/// An order's email address and language, as far as they are known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    pub email: Option<String>,
    pub locale: Option<String>,
}

pub fn contact(tx: &Tx<'_>, order_id: &str) -> Result<Contact> {
    Ok(tx
        .query_opt(
            "SELECT email, locale FROM order_contacts WHERE order_id = $1",
            &[&order_id],
        )?
        .map(|row| -> Result<Contact> {
            Ok(Contact {
                email: row.get(0)?,
                locale: row.get(1)?,
            })
        })
        .transpose()?
        .unwrap_or_default())
}

/// The store's address for the order (its order sync): it replaces any other.
pub fn set_email(tx: &Tx<'_>, order_id: &str, email: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO order_contacts (order_id, email) VALUES ($1, $2)
         ON CONFLICT (order_id) DO UPDATE SET email = excluded.email",
        &[&order_id, &email],
    )?;
    Ok(())
}

/// What a shopper's request tells: their language, and their JWT's address, which is kept
/// only when the order has none yet.
pub fn remember(tx: &Tx<'_>, order_id: &str, email: Option<&str>, locale: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO order_contacts (order_id, email, locale) VALUES ($1, $2, $3)
         ON CONFLICT (order_id) DO UPDATE
         SET email = COALESCE(order_contacts.email, excluded.email), locale = excluded.locale",
        &[&order_id, &email, &locale],
    )?;
    Ok(())
}
