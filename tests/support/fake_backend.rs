//! The backend in memory the widget's tests run against: its state, what a test sets up,
//! and its answers to reads (writes: `fake_writes.rs`).

use super::catalog_json;
use cancel_policy::*;
use order_cancel_widget::api::{
    ApiError, ApiFuture, Backend, CancelCall, CancellationResult, ErrorKind, OrdersPage,
    OrdersQuery,
};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// A backend in memory: the same policy crate decides, like the real server does.
#[derive(Clone)]
pub struct FakeBackend {
    pub state: Rc<RefCell<FakeState>>,
}

pub struct FakeState {
    pub policy: Policy,
    pub orders: Vec<Order>,
    /// Idempotency keys of every write (cancel and parcel request calls), in order.
    pub cancel_keys: Vec<String>,
    pub cancel_bodies: Vec<CancellationRequest>,
    pub parcel_bodies: Vec<NewParcelRequest>,
    /// What each call said about `Expect-Outcome: cancel_now`.
    pub expect_cancel_now: Vec<bool>,
    /// Errors to answer the next writes with, before behaving normally.
    pub cancel_failures: VecDeque<ApiError>,
    /// Errors to answer the next cancel calls with after doing them: an answer lost after
    /// the store committed, or a duplicate's `request_in_flight` while the first copy runs.
    pub failures_after_commit: VecDeque<ApiError>,
    /// Answered idempotency keys (cancellations and parcel requests), so a retry replays
    /// instead of cancelling twice.
    pub answered: Vec<(String, CancellationResult)>,
    /// How late cancel calls are answered, in the browser (a slow store).
    pub cancel_delay_ms: u32,
    /// How late order reads are answered, in the browser (a re-read that takes a while).
    pub order_delay_ms: u32,
    /// Catalog fetches to fail (as a network error) before answering, by tag.
    pub catalog_failures: Vec<(&'static str, u32)>,
    /// The tags of every catalog fetched, in order.
    pub catalogs_fetched: Vec<&'static str>,
}

impl FakeBackend {
    pub fn new(policy: Policy, orders: Vec<Order>) -> Self {
        FakeBackend {
            state: Rc::new(RefCell::new(FakeState {
                policy,
                orders,
                cancel_keys: Vec::new(),
                cancel_bodies: Vec::new(),
                parcel_bodies: Vec::new(),
                expect_cancel_now: Vec::new(),
                cancel_failures: VecDeque::new(),
                failures_after_commit: VecDeque::new(),
                answered: Vec::new(),
                cancel_delay_ms: 0,
                order_delay_ms: 0,
                catalog_failures: Vec::new(),
                catalogs_fetched: Vec::new(),
            })),
        }
    }

    /// The next `times` fetches of catalog `tag` fail as the network would.
    pub fn fail_catalog(&self, tag: &'static str, times: u32) {
        self.state.borrow_mut().catalog_failures.push((tag, times));
    }

    pub fn fail_next_cancel(&self, error: ApiError) {
        self.state.borrow_mut().cancel_failures.push_back(error);
    }

    /// The next cancel call is done, but answered with `error`.
    pub fn commit_then_fail_next_cancel(&self, error: ApiError) {
        self.state
            .borrow_mut()
            .failures_after_commit
            .push_back(error);
    }

    pub fn order(&self, id: &str) -> Order {
        self.state
            .borrow()
            .orders
            .iter()
            .find(|o| o.id == id)
            .cloned()
            .unwrap()
    }

    /// The store moves line `index` of order `id` on to `state` behind the shopper's back:
    /// the order gets a new version, as the store's own update would give it.
    pub fn move_item(&self, id: &str, index: usize, state: ItemState) {
        let mut s = self.state.borrow_mut();
        let order = s.orders.iter_mut().find(|o| o.id == id).unwrap();
        order.items[index].state = state;
        order.version += 1;
    }
}

/// When the tests' refunds settle: 3 Dec 2026, 10:00 UTC (that date in every time zone).
pub const SETTLED: Timestamp = Timestamp(1_796_292_000);

impl FakeBackend {
    /// The store's payment side moves refund `index` of order `id` to `status`.
    pub fn settle_refund(&self, id: &str, index: usize, status: RefundStatus) {
        let mut s = self.state.borrow_mut();
        let order = s.orders.iter_mut().find(|o| o.id == id).unwrap();
        order.refunds[index].status = status;
        order.refunds[index].updated_at = SETTLED;
    }
}

pub(super) fn ready<T: 'static>(value: Result<T, ApiError>) -> ApiFuture<T> {
    Box::pin(async move {
        // Let the widget show its progress state first, as a real network would.
        #[cfg(target_arch = "wasm32")]
        order_cancel_widget::api::sleep(5).await;
        value
    })
}

impl Backend for FakeBackend {
    fn policy(&self) -> ApiFuture<Policy> {
        ready(Ok(self.state.borrow().policy.clone()))
    }

    /// The whole file, as the demo serves it.
    fn catalog(&self, tag: &'static str) -> ApiFuture<JsValue> {
        let mut s = self.state.borrow_mut();
        s.catalogs_fetched.push(tag);
        if let Some((_, times)) = s
            .catalog_failures
            .iter_mut()
            .find(|(t, n)| *t == tag && *n > 0)
        {
            *times -= 1;
            return ready(Err(ApiError::new(ErrorKind::Network, "catalog", "offline")));
        }
        ready(
            catalog_json(tag)
                .ok_or_else(|| ApiError::new(ErrorKind::Http(404), "catalog", "no such file")),
        )
    }

    fn orders(&self, query: OrdersQuery) -> ApiFuture<OrdersPage> {
        let s = self.state.borrow();
        let q = query.search.to_lowercase();
        let matching: Vec<Order> = s
            .orders
            .iter()
            .filter(|o| query.tab.includes(o))
            .filter(|o| {
                q.is_empty()
                    || o.number.to_lowercase().contains(&q)
                    || o.items.iter().any(|i| i.title.to_lowercase().contains(&q))
            })
            .cloned()
            .collect();
        let start: usize = query
            .cursor
            .as_deref()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let end = (start + query.limit as usize).min(matching.len());
        let next_cursor = (end < matching.len()).then(|| end.to_string());
        let orders = matching[start..end].to_vec();
        let refunds = orders
            .iter()
            .map(|o| RefundAmounts::of(&o.refunds))
            .collect();
        let parcel_badges = orders
            .iter()
            .map(|o| {
                (o.parcel_requests.iter().rev())
                    .find(|r| !r.status.is_final())
                    .map(|r| r.status)
            })
            .collect();
        ready(Ok(OrdersPage {
            orders,
            next_cursor,
            refunds,
            parcel_badges,
        }))
    }

    fn order(&self, id: &str) -> ApiFuture<Order> {
        let found = self
            .state
            .borrow()
            .orders
            .iter()
            .find(|o| o.id == id)
            .cloned();
        let answer = ready(
            found.ok_or_else(|| ApiError::new(ErrorKind::Http(404), "not_found", "no such order")),
        );
        let delay = self.state.borrow().order_delay_ms;
        answered_after(delay, answer)
    }

    fn cancel(&self, call: &CancelCall) -> ApiFuture<CancellationResult> {
        let answer = match call.parcel {
            Some(kind) => self.answer_parcel(call, kind),
            None => self.answer_cancel(call),
        };
        let delay = self.state.borrow().cancel_delay_ms;
        answered_after(delay, answer)
    }
}

/// `answer`, `delay_ms` late (as the store's answers to the order's reads and to writes are
/// set up to be).
fn answered_after<T: 'static>(delay_ms: u32, answer: ApiFuture<T>) -> ApiFuture<T> {
    #[cfg(target_arch = "wasm32")]
    if delay_ms > 0 {
        return Box::pin(async move {
            order_cancel_widget::api::sleep(delay_ms).await;
            answer.await
        });
    }
    let _ = delay_ms; // natively, answers are never late
    answer
}
