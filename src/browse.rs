//! Which orders "My Orders" shows: the status tab, the search and the page (kept while an
//! order's details show). Plain data with
//! the moves a shopper makes, so the list keeps one signal and the rules are tested natively.

use crate::api::OrdersQuery;
use cancel_policy::Tab;

/// The list's position. Choosing a tab or searching starts again at the first page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Browse {
    /// The status tab.
    pub tab: Tab,
    /// The search as submitted (not as being typed).
    pub search: String,
    /// Where this page starts; `None` for the first.
    pub cursor: Option<String>,
    /// The cursors of the pages before this one, so "Previous" can go back.
    before: Vec<Option<String>>,
    /// The order the shopper opened from this page, whose card takes the focus back.
    pub opened: Option<String>,
}

impl Browse {
    /// The first page of `tab`, no search.
    pub fn new(tab: Tab) -> Self {
        Browse {
            tab,
            ..Browse::default()
        }
    }

    /// Shows `tab` from its first page, keeping the search.
    pub fn choose_tab(&mut self, tab: Tab) {
        self.tab = tab;
        self.first_page();
    }

    /// Searches for `text` from the first page.
    pub fn search_for(&mut self, text: String) {
        self.search = text;
        self.first_page();
    }

    /// Goes on to the page starting at `cursor`.
    pub fn next(&mut self, cursor: String) {
        self.before.push(self.cursor.replace(cursor));
    }

    /// Goes back one page (stays on the first).
    pub fn previous(&mut self) {
        self.cursor = self.before.pop().flatten();
    }

    /// There is a page before this one.
    pub fn has_previous(&self) -> bool {
        !self.before.is_empty()
    }

    /// What to ask the backend, `limit` orders per page.
    pub fn query(&self, limit: u32) -> OrdersQuery {
        OrdersQuery {
            tab: self.tab,
            search: self.search.clone(),
            cursor: self.cursor.clone(),
            limit,
        }
    }

    fn first_page(&mut self) {
        self.cursor = None;
        self.before.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_forward_and_back_to_the_first() {
        let mut b = Browse::new(Tab::Shipped);
        assert!(!b.has_previous());
        b.next("10".into());
        b.next("20".into());
        assert_eq!(
            b.query(10),
            OrdersQuery {
                tab: Tab::Shipped,
                search: String::new(),
                cursor: Some("20".into()),
                limit: 10
            }
        );
        b.previous();
        assert_eq!(b.cursor.as_deref(), Some("10"));
        b.previous();
        assert_eq!(b.cursor, None);
        assert!(!b.has_previous());
        b.previous();
        assert_eq!(b.cursor, None, "Previous on the first page stays there");
    }

    #[test]
    fn a_new_tab_or_search_starts_at_the_first_page_and_keeps_the_other() {
        let mut b = Browse::new(Tab::All);
        b.search_for("socks".into());
        b.next("10".into());
        b.choose_tab(Tab::Delivered);
        assert_eq!(
            (b.cursor.clone(), b.has_previous(), b.search.as_str()),
            (None, false, "socks")
        );
        b.next("10".into());
        b.search_for("cup".into());
        assert_eq!(
            (b.cursor.clone(), b.has_previous(), b.tab),
            (None, false, Tab::Delivered)
        );
    }
}
