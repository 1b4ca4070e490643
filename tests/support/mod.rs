//! Test helpers: an in-memory backend that enforces the real policy, and DOM helpers.
#![allow(dead_code)]

use cancel_policy::apply::apply_plan;
use cancel_policy::*;
use order_cancel_widget::api::{
    ApiError, ApiFuture, Backend, CancelCall, CancellationResult, ErrorKind, OrdersPage,
    OrdersQuery,
};
use order_cancel_widget::i18n::{Catalog, Locale};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen(inline_js = r#"
// console[level]'s messages from now on, kept in the returned array (and still printed);
// stop_recording() puts console[level] back.
export function record_console(level) {
  const seen = [];
  const print = console[level];
  console[level] = (...args) => { seen.push(args.join(' ')); print.apply(console, args); };
  seen.stop = () => { console[level] = print; };
  return seen;
}
export function stop_recording(seen) { seen.stop(); }
"#)]
extern "C" {
    /// Keeps every message of `console[level]` from now on (still printed).
    fn record_console(level: &str) -> js_sys::Array;
    /// Puts the console method back as it was before `record_warnings` / `record_errors`.
    pub fn stop_recording(seen: &js_sys::Array);
}

/// Keeps every console.warn message from now on (still printed).
pub fn record_warnings() -> js_sys::Array {
    record_console("warn")
}

/// Keeps every console.error message from now on (still printed).
pub fn record_errors() -> js_sys::Array {
    record_console("error")
}

/// What was recorded, one message a line.
pub fn recorded(seen: &js_sys::Array) -> String {
    seen.join("\n").into()
}

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

/// Every catalog of `locales/`, as the widget's files serve them (build.rs lists them).
pub const CATALOG_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

/// The file of catalog `tag` in `locales/`, parsed as the browser parses a fetched one.
pub fn catalog_json(tag: &'static str) -> Option<JsValue> {
    let (_, text) = CATALOG_FILES.iter().find(|(t, _)| *t == tag)?;
    Some(js_sys::JSON::parse(text).expect("a catalog is JSON"))
}

/// Every catalog of `locales/`, parsed, by tag: what a stubbed `fetch` serves for the
/// widget's own files.
pub fn catalogs_object() -> JsValue {
    let catalogs = js_sys::Object::new();
    for (tag, _) in CATALOG_FILES {
        js_sys::Reflect::set(&catalogs, &(*tag).into(), &catalog_json(tag).unwrap()).unwrap();
    }
    catalogs.into()
}

/// The catalog of `tag` in `locales/`, read as the widget reads a fetched one.
pub fn catalog(tag: &'static str) -> Option<Catalog> {
    Some(Catalog::from_js(tag, &catalog_json(tag)?).expect("a catalog reads"))
}

/// The widget's language `tag`, its catalog loaded.
pub fn locale(tag: &'static str) -> Locale {
    Locale::from_catalog(catalog(tag).expect("a catalog in locales/"))
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

fn ready<T: 'static>(value: Result<T, ApiError>) -> ApiFuture<T> {
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

impl FakeBackend {
    /// What the store does with a parcel request call (as the server's
    /// `parcel_requests::create`: the same policy check, recorded on the order), and its answer.
    fn answer_parcel(
        &self,
        call: &CancelCall,
        kind: ParcelRequest,
    ) -> ApiFuture<CancellationResult> {
        // The body the widget posts: the request's one line, its reason, comment and
        // destination.
        let line = call.request.items[0].clone();
        let request = NewParcelRequest {
            kind,
            item_id: line.item_id,
            quantity: line.quantity,
            reason_code: call.request.reason_code.clone(),
            comment: call.request.comment.clone(),
            refund_destination: call.request.refund_destination,
        };
        let mut s = self.state.borrow_mut();
        s.cancel_keys.push(call.idempotency_key.clone());
        s.parcel_bodies.push(request.clone());
        let key = &call.idempotency_key;
        ready(
            s.answer_write(key, &call.order_id, call.version, |order, policy, now| {
                record_parcel_request(order, policy, &request, now)
            }),
        )
    }

    /// The store moves parcel request `index` of order `id` to `status`, as the merchant's
    /// `PATCH /v1/merchant/parcel-requests/{id}` does: a return cancels its units and opens
    /// their refund, pending.
    pub fn move_parcel(&self, id: &str, index: usize, status: ParcelRequestStatus) {
        let mut s = self.state.borrow_mut();
        let times = s.policy.refund_times;
        let order = s.orders.iter_mut().find(|o| o.id == id).unwrap();
        let request_id = order.parcel_requests[index].id.clone();
        let n = order.cancellations.len() + 1;
        let moved = move_parcel_request(order, &request_id, status, now(), || format!("c{n}"))
            .expect("a move the request allows");
        if let Some(c) = &moved.cancellation {
            open_refund(order, c, &times, now(), format!("r-{}", c.id));
        }
    }
}

impl FakeState {
    /// The order a write is about, at the version the shopper saw: 404 or 412 otherwise.
    fn write_target(&mut self, order_id: &str, version: u64) -> Result<&mut Order, ApiError> {
        let Some(order) = self.orders.iter_mut().find(|o| o.id == order_id) else {
            return Err(ApiError::new(
                ErrorKind::Http(404),
                "not_found",
                "no such order",
            ));
        };
        if order.version != version {
            let mut e = ApiError::new(ErrorKind::Http(412), "stale_version", "the order changed");
            e.order = Some(Box::new(order.clone()));
            return Err(e);
        }
        Ok(order)
    }

    /// A write's answer, as the server gives it: a failure set up for it; the first answer
    /// again for a key already answered; 404 or 412 for a missing or changed order; else
    /// what `decide` makes of the order (kept for replays), unless a failure is set up to
    /// come after the commit.
    fn answer_write(
        &mut self,
        key: &str,
        order_id: &str,
        version: u64,
        decide: impl FnOnce(&mut Order, &Policy, Timestamp) -> Result<CancellationResult, ApiError>,
    ) -> Result<CancellationResult, ApiError> {
        if let Some(error) = self.cancel_failures.pop_front() {
            return Err(error);
        }
        if let Some((_, replay)) = self.answered.iter().find(|(k, _)| k == key) {
            return Ok(replay.clone());
        }
        let policy = self.policy.clone();
        let order = self.write_target(order_id, version)?;
        let result = decide(order, &policy, now());
        if let Ok(done) = &result {
            self.answered.push((key.to_string(), done.clone()));
        }
        if let Some(error) = self.failures_after_commit.pop_front() {
            return Err(error);
        }
        result
    }
}

impl FakeBackend {
    /// What the store does with a cancel call, and its answer.
    fn answer_cancel(&self, call: &CancelCall) -> ApiFuture<CancellationResult> {
        let (order_id, version, request, key) = (
            &call.order_id,
            call.version,
            &call.request,
            &call.idempotency_key,
        );
        let mut s = self.state.borrow_mut();
        s.expect_cancel_now.push(call.expect_cancel_now);
        s.cancel_keys.push(key.to_string());
        s.cancel_bodies.push(request.clone());
        ready(
            s.answer_write(key, order_id, version, |order, policy, now| {
                record_cancellation(order, policy, request, now)
            }),
        )
    }
}

/// A cancellation the store records (as the server's `cancellations::create`: plan, apply, and
/// a refund for what is owed), and its answer.
fn record_cancellation(
    order: &mut Order,
    policy: &Policy,
    request: &CancellationRequest,
    now: Timestamp,
) -> Result<CancellationResult, ApiError> {
    match plan(order, policy, request, now) {
        Ok(p) => {
            let mut n = order.cancellations.len();
            let applied = apply_plan(
                order,
                &p,
                request.reason_code.as_deref().unwrap_or("unspecified"),
                request.comment.as_deref(),
                now,
                || {
                    n += 1;
                    format!("c{n}")
                },
            );
            // As the server does in the same transaction: what is owed is a refund.
            for c in &applied.cancellations {
                let id = format!("r-{}", c.id);
                open_refund(order, c, &policy.refund_times, now, id);
            }
            Ok(CancellationResult {
                order: order.clone(),
                cancellations: applied.cancellations,
                parcel_request: None,
            })
        }
        Err(refusals) => {
            let mut e = ApiError::new(ErrorKind::Http(400), "invalid_request", "refused");
            e.refusals = refusals.iter().map(Into::into).collect();
            Err(e)
        }
    }
}

/// A parcel request the store records (as the server's `parcel_requests::create`: the same
/// policy check, recorded on the order), and its answer.
fn record_parcel_request(
    order: &mut Order,
    policy: &Policy,
    request: &NewParcelRequest,
    now: Timestamp,
) -> Result<CancellationResult, ApiError> {
    match check_parcel_request(order, policy, request, now) {
        Ok(quote) => {
            let reason = request.reason_code.as_deref().unwrap_or("unspecified");
            let id = format!("pr{}", order.parcel_requests.len() + 1);
            let recorded = open_parcel_request(order, request, &quote, reason, now, id);
            Ok(CancellationResult {
                order: order.clone(),
                cancellations: Vec::new(),
                parcel_request: Some(recorded),
            })
        }
        Err(refusals) => {
            let conflict = refusals
                .iter()
                .any(|r| r.code() == "parcel_request_not_offered");
            let mut e = match conflict {
                true => {
                    let mut e = ApiError::new(ErrorKind::Http(409), "state_changed", "moved");
                    e.order = Some(Box::new(order.clone()));
                    e
                }
                false => ApiError::new(ErrorKind::Http(400), "invalid_request", "refused"),
            };
            e.refusals = refusals.iter().map(Into::into).collect();
            Err(e)
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use order_cancel_widget::format::now;

/// The clock, natively (the widget's own reads the browser's).
#[cfg(not(target_arch = "wasm32"))]
pub fn now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    Timestamp::from_unix(secs as i64)
}

/// One unit of `title` at `price` cents, in `state` since now.
pub fn item(id: &str, title: &str, state: ItemState, price: i64) -> OrderItem {
    testing::item(id, state)
        .titled(title)
        .priced(price)
        .changed_at(now())
}

/// An order placed `minutes_ago`.
pub fn order(id: &str, number: &str, minutes_ago: i64, items: Vec<OrderItem>) -> Order {
    testing::order(items)
        .numbered(id, number)
        .placed(Timestamp::from_unix(now().unix() - minutes_ago * 60))
}

// ---- DOM helpers ----

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page.
pub fn container() -> web_sys::HtmlElement {
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

/// Lets futures, timers and the reactive system run.
pub async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
        order_cancel_widget::api::sleep(10).await;
    }
}

/// Waits until `check` holds (16 s at least, for a busy CI machine); panics with `what` otherwise.
pub async fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..400 {
        if check() {
            return;
        }
        settle().await;
    }
    panic!("timed out waiting for {what}");
}

pub fn text(root: &web_sys::Element) -> String {
    root.text_content().unwrap_or_default()
}

pub fn query(root: &web_sys::Element, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

pub fn query_all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// The first button whose text contains `label`.
pub fn button(root: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    query_all(root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().contains(label))
        .unwrap_or_else(|| panic!("no button {label:?} in: {}", text(root)))
}

pub fn key(target: &web_sys::EventTarget, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Types `words` into the list's search field and submits it, as a shopper does.
pub fn search(root: &web_sys::Element, words: &str) {
    let input: web_sys::HtmlInputElement =
        query(root, "input[type=search]").unwrap().unchecked_into();
    input.set_value(words);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    button(root, "Search").click();
}

/// Sets a `<select>`'s value and fires `change`, as a shopper picking an option does.
pub fn choose(select: &web_sys::HtmlElement, value: &str) {
    js_sys::Reflect::set(select, &"value".into(), &value.into()).unwrap();
    let event = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    select.dispatch_event(&event).unwrap();
}
