//! News while a screen stays open: a refund paid out or a request decided while the shopper
//! looked elsewhere. A screen that waits for news reads its data again when the shopper comes
//! back to the page (it becomes visible again, or its window gets the focus back) and, while
//! the page is visible, every [`POLL`]; never while the page is hidden.

use crate::load::Reload;
use cancel_policy::{ItemState, Order, RefundStatus};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// How often a screen that waits for news reads again while the page is visible.
pub const POLL: Duration = Duration::from_secs(30);

/// Coming back fires both `visibilitychange` and `focus`: one read for both.
const SAME_RETURN_MS: f64 = 2_000.0;

/// Asks `again` when the shopper returns to the page, and every [`POLL`] while the page is
/// visible, as long as `waiting()` (read untracked) says news is due; until the current
/// owner is cleaned up. Never while the page is hidden, and the timer never within [`POLL`]
/// of the last read (the screen was built from one just now). The order details call it;
/// the list, whose first screen has no room for it, uses [`reread_on_return_later`].
///
/// ```no_run
/// # use order_cancel_widget::{load::{load, Load}, api::ApiFuture, watch::reread_on_return};
/// let order: Load<u32> = load(|| Box::pin(async { Ok(1u32) }) as ApiFuture<u32>);
/// reread_on_return(order.reloader(), move || order.with_untracked(|o| o.is_some()));
/// ```
#[inline]
pub fn reread_on_return(again: Reload, waiting: impl Fn() -> bool + 'static) {
    watch(again, Box::new(waiting));
}

/// [`reread_on_return`] for the screen `owner` (the list's), from the details' chunk once the
/// browser is idle, as the chunk's own prefetch (call it once the first screen is shown): the
/// watching code stays out of the first screen, and its fetch does not delay it. Nothing is
/// watched if the screen is gone by then.
///
/// ```no_run
/// # use leptos::prelude::Owner;
/// # use order_cancel_widget::{load::{load, Load}, api::ApiFuture, watch::reread_on_return_later};
/// let page: Load<u32> = load(|| Box::pin(async { Ok(1u32) }) as ApiFuture<u32>);
/// reread_on_return_later(Owner::current(), page.reloader(), move || page.with_untracked(|p| p.is_some()));
/// ```
#[inline]
pub fn reread_on_return_later(
    owner: Option<Owner>,
    again: Reload,
    waiting: impl Fn() -> bool + 'static,
) {
    later(owner, again, Box::new(waiting));
}

fn later(owner: Option<Owner>, again: Reload, waiting: Box<dyn Fn() -> bool>) {
    let once = Cell::new(Some((owner, again, waiting)));
    let start = Rc::new(move || {
        if let Some((owner, again, waiting)) = once.take() {
            leptos::task::spawn_local(async move {
                let _ = watch_from_chunk::call(owner, again, waiting).await;
            });
        }
    });
    let idle = start.clone();
    if request_idle_callback_with_handle(move || idle()).is_err() {
        set_timeout(move || start(), Duration::from_millis(50));
    }
}

crate::chunk::split_point!(
    /// The watching, in the details' chunk.
    watch_from_chunk in details,
    fn start(owner: Option<Owner>, again: Reload, waiting: Box<dyn Fn() -> bool>) -> () {
        if let (Some(owner), true) = (owner, again.alive()) {
            owner.with(|| watch(again, waiting));
        }
    }
);

/// What a watch shares between the page's events and its timer.
struct Watched {
    again: Reload,
    waiting: Box<dyn Fn() -> bool>,
    /// When the screen last read its data.
    last: Cell<f64>,
}

impl Watched {
    /// Reads again if the page is visible, news is due and `since` ms passed since the last read.
    fn read_after(&self, since: f64) {
        let now = js_sys::Date::now();
        let visible = !document().hidden();
        if visible && now - self.last.get() >= since && untrack(&self.waiting) {
            self.last.set(now);
            self.again.reload();
        }
    }
}

/// [`reread_on_return`]'s one compiled copy.
fn watch(again: Reload, waiting: Box<dyn Fn() -> bool>) {
    // The screen was just built from an answer, but a return right away still reads.
    let watched = Rc::new(Watched {
        again,
        waiting,
        last: Cell::new(js_sys::Date::now() - SAME_RETURN_MS),
    });
    let returned = {
        let watched = watched.clone();
        move |_| watched.read_after(SAME_RETURN_MS)
    };
    let listeners = [
        window_event_listener_untyped("visibilitychange", returned.clone()),
        window_event_listener_untyped("focus", returned),
    ];
    // A read on return a moment before the tick counts: the timer never adds one within POLL.
    let poll = set_interval_with_handle(
        move || watched.read_after(POLL.as_millis() as f64 - SAME_RETURN_MS),
        POLL,
    );
    on_cleanup(move || {
        listeners.into_iter().for_each(|l| l.remove());
        if let Ok(poll) = poll {
            poll.clear();
        }
    });
}

/// The shopper waits to hear about the order: a refund on its way, a request the seller
/// has not answered yet, or a parcel request the store has not settled (its units are held).
/// (A card's order carries no refunds: its page says which are pending,
/// `OrdersPage::refunds`.)
///
/// ```
/// # use order_cancel_widget::watch::awaits_news;
/// use cancel_policy::{testing::{item, order}, ItemState};
/// assert!(!awaits_news(&order(vec![item("a", ItemState::Paid)])));
/// assert!(awaits_news(&order(vec![item("a", ItemState::CancellationRequested)])));
/// let mut stopping = item("a", ItemState::Shipped);
/// stopping.parcel_requested_quantity = 1;
/// assert!(awaits_news(&order(vec![stopping])));
/// ```
pub fn awaits_news(order: &Order) -> bool {
    order
        .refunds
        .iter()
        .any(|r| r.status == RefundStatus::Pending)
        || order
            .items
            .iter()
            .any(|i| i.state == ItemState::CancellationRequested || i.parcel_requested_quantity > 0)
}
