//! A shopper's orders, newest first, a page at a time from an opaque cursor.

use super::orders::parse_order;
use super::{Result, Tx};
use cancel_policy::{Order, Tab};
use std::fmt;

/// Position in the newest-first order list: the last order of the previous page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub placed_at: i64,
    pub id: String,
}

impl Cursor {
    /// The wire form is `"<placed_at>:<id>"`; clients treat it as opaque.
    pub fn parse(text: &str) -> Option<Cursor> {
        let (placed_at, id) = text.split_once(':')?;
        let placed_at = placed_at.parse().ok()?;
        (!id.is_empty()).then(|| Cursor {
            placed_at,
            id: id.to_string(),
        })
    }

    /// Before every order: where the first page starts.
    fn start() -> Cursor {
        Cursor {
            placed_at: i64::MAX,
            id: String::new(),
        }
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.placed_at, self.id)
    }
}

pub struct OrderQuery {
    pub shopper_id: String,
    pub tab: Tab,
    /// Matched case-insensitively against the number, titles and SKUs.
    pub search: Option<String>,
    pub after: Option<Cursor>,
    pub limit: u32,
}

pub struct OrderPage {
    pub orders: Vec<Order>,
    pub next_cursor: Option<Cursor>,
}

/// Escapes `%`, `_` and the escape character itself for `LIKE … ESCAPE '\'`.
fn like_contains(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// No tab and no search are patterns that match every row (`%`), and the first page's
/// cursor is before every order: one statement for every query.
const PAGE: &str = "SELECT json FROM orders
    WHERE shopper_id = $1 AND tabs LIKE $2 AND search_text LIKE $3 ESCAPE '\\'
      AND (placed_at, id) < ($4, $5)
    ORDER BY placed_at DESC, id DESC LIMIT $6";

/// One page of a shopper's orders, newest first. Walks the `(shopper_id, placed_at, id)`
/// index from the cursor, so every page costs the same however deep it is.
pub fn list_orders(tx: &Tx<'_>, query: &OrderQuery) -> Result<OrderPage> {
    let tabs = match query.tab {
        Tab::All => "%".to_string(),
        tab => format!("%|{}|%", tab.as_str()),
    };
    let search = query
        .search
        .as_deref()
        .map_or_else(|| "%".to_string(), |s| like_contains(&s.to_lowercase()));
    let after = query.after.clone().unwrap_or_else(Cursor::start);
    // One extra row tells whether there is a next page.
    let rows = tx.query(
        PAGE,
        &[
            &query.shopper_id,
            &tabs,
            &search,
            &after.placed_at,
            &after.id,
            &(i64::from(query.limit) + 1),
        ],
    )?;
    let mut orders = rows
        .iter()
        .map(|row| parse_order(&row.get::<String>(0)?))
        .collect::<Result<Vec<_>>>()?;
    let next_cursor = if orders.len() > query.limit as usize {
        orders.truncate(query.limit as usize);
        orders.last().map(|o| Cursor {
            placed_at: o.placed_at.unix(),
            id: o.id.clone(),
        })
    } else {
        None
    };
    Ok(OrderPage {
        orders,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor {
            placed_at: 1_795_500_000,
            id: "ord_ab:c".into(),
        };
        assert_eq!(Cursor::parse(&c.to_string()), Some(c));
        for bad in ["", "abc", "12", "12:", "x:ord_1", ":ord_1"] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_contains("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
