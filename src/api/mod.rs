//! The backend the widget talks to, behind a trait so tests can swap it.

mod catalog;
mod http;
mod token;

pub use catalog::{fetch_catalog, overlay};
pub use http::{sleep, HttpBackend, RetryOptions};
pub use token::{TokenSource, TOKEN_FAILED};

use crate::decode::decode_struct;
use cancel_policy::{
    Cancellation, CancellationRequest, Order, ParcelRequest, ParcelRequestRecord,
    ParcelRequestStatus, Policy, RefundAmounts, Tab,
};
use std::future::Future;
use std::pin::Pin;

/// Futures in the browser are not `Send`.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// What the shopper asks of "My Orders".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrdersQuery {
    pub tab: Tab,
    pub search: String,
    pub cursor: Option<String>,
    pub limit: u32,
}

/// One page of `GET /v1/orders`.
#[derive(Clone, Debug, PartialEq)]
pub struct OrdersPage {
    /// The orders as their cards need them: read from an answer, without their
    /// `cancellations` (the details load the order again, history included).
    pub orders: Vec<Order>,
    /// Where the next page starts; `None` on the last.
    pub next_cursor: Option<String>,
    /// For each order, its refunds' amounts by status ("Refund pending", "€32.85 refunded"
    /// on its card): read without decoding the refunds, which only the details need.
    pub refunds: Vec<RefundAmounts>,
    /// For each order, the status of its newest open parcel request, if it has one
    /// ("Stopping the parcel" on its card): read without decoding the requests.
    pub parcel_badges: Vec<Option<ParcelRequestStatus>>,
}

impl crate::decode::Decode for OrdersPage {
    fn decode(value: &wasm_bindgen::JsValue) -> Result<Self, crate::decode::DecodeError> {
        use crate::decode::{member, object, parcel_badge, refund_amounts, CardOrder};
        let value = object(value)?;
        let orders: Vec<CardOrder> = member(value, "orders")?;
        let raw = js_sys::Reflect::get(value, &"orders".into()).unwrap_or_default();
        // Each order's card notes in one loop, not a collected iterator per list.
        let (mut refunds, mut parcel_badges) = (Vec::new(), Vec::new());
        for o in js_sys::Array::from(&raw).iter() {
            refunds.push(refund_amounts(&o));
            parcel_badges.push(parcel_badge(&o));
        }
        Ok(OrdersPage {
            refunds,
            parcel_badges,
            orders: orders.into_iter().map(|o| o.0).collect(),
            next_cursor: member(value, "next_cursor")?,
        })
    }
}

/// The answer to a cancellation (what was recorded), or to a parcel request (the request as
/// recorded), and the order as it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct CancellationResult {
    pub order: Order,
    pub cancellations: Vec<Cancellation>,
    pub parcel_request: Option<ParcelRequestRecord>,
}
decode_struct!(CancellationResult {
    order;
    cancellations,
    parcel_request
});

/// One cancellation as posted, and re-posted unchanged on every retry; or, with `parcel`, a
/// request about the parcel of its one line (`POST …/parcel-requests`: to stop it, or notice
/// that the delivery will be refused), posted, retried and answered the same way.
#[derive(Clone, Debug, PartialEq)]
pub struct CancelCall {
    pub order_id: String,
    /// The order version the shopper decided on (`If-Match`).
    pub version: u64,
    pub request: CancellationRequest,
    /// Stays the same for every retry of one submission.
    pub idempotency_key: String,
    /// The shopper was told everything is cancelled at once: the server must refuse (409)
    /// rather than quietly turn a line into a seller request (`Expect-Outcome: cancel_now`).
    pub expect_cancel_now: bool,
    /// The shopper's language (`Accept-Language`), for the emails the store sends about it.
    pub locale: &'static str,
    /// A parcel request of this kind, rather than a cancellation.
    pub parcel: Option<ParcelRequest>,
}

/// The contract's endpoints. Implementations retry what is safe to retry.
pub trait Backend {
    fn policy(&self) -> ApiFuture<Policy>;
    fn orders(&self, query: OrdersQuery) -> ApiFuture<OrdersPage>;
    fn order(&self, id: &str) -> ApiFuture<Order>;
    /// Posts a cancellation (`POST …/cancellations`), or with `call.parcel` a parcel request
    /// (`POST …/parcel-requests`).
    fn cancel(&self, call: &CancelCall) -> ApiFuture<CancellationResult>;
    /// The texts of language `tag` (one of `i18n::LOCALES`), as parsed: from wherever the
    /// widget's files are, not an endpoint of the store's API, but fetched beside its calls.
    fn catalog(&self, tag: &'static str) -> ApiFuture<wasm_bindgen::JsValue>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request never got an answer (offline, DNS, CORS, server down).
    Network,
    Timeout,
    /// The server answered with a problem.
    Http(u16),
    /// The answer was not what the contract says.
    BadResponse,
    /// The widget is not configured to make the call (no token…).
    Config,
}

/// A failed call, with the RFC 9457 problem the server sent when it sent one: its members
/// are [`Failure`]'s, read and written through it (`e.code`, `e.order = …`).
///
/// Boxed: every call's `Result` carries it, through the retries, the loads and the
/// components, so a one-word error keeps every `Result` small to move (main module -283 B
/// brotli, details chunk -119, 2026-12-05).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError(Box<Failure>);

/// What an [`ApiError`] says.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub kind: ErrorKind,
    /// The problem's stable `code`, e.g. `state_changed`.
    pub code: String,
    pub detail: String,
    /// The order as it is now, sent with 409 and 412 (boxed: errors travel in every `Result`).
    pub order: Option<Box<Order>>,
    pub refusals: Vec<RefusalNote>,
    /// `Retry-After` in seconds, when the answer had one the page may read (CORS).
    pub retry_after_s: Option<u32>,
}

/// A refusal as the server reports it: its stable code and the parameter the words need.
/// (Decoding the full tagged `Refusal` enum would cost the wasm ~30 KB for no more words.)
#[derive(Clone, Debug, PartialEq)]
pub struct RefusalNote {
    pub code: String,
    pub max_chars: Option<u32>,
}
decode_struct!(RefusalNote { code, max_chars });

impl From<&cancel_policy::Refusal> for RefusalNote {
    fn from(r: &cancel_policy::Refusal) -> Self {
        let max_chars = match r {
            cancel_policy::Refusal::CommentTooLong { max_chars } => Some(*max_chars),
            _ => None,
        };
        RefusalNote {
            code: r.code().to_string(),
            max_chars,
        }
    }
}

impl std::ops::Deref for ApiError {
    type Target = Failure;
    fn deref(&self) -> &Failure {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut Failure {
        &mut self.0
    }
}

impl From<Failure> for ApiError {
    fn from(failure: Failure) -> Self {
        ApiError(Box::new(failure))
    }
}

impl ApiError {
    pub fn new(kind: ErrorKind, code: &str, detail: impl Into<String>) -> Self {
        ApiError::from(Failure {
            kind,
            code: code.to_string(),
            detail: detail.into(),
            order: None,
            refusals: Vec::new(),
            retry_after_s: None,
        })
    }

    /// Worth trying again with the same idempotency key.
    pub fn is_transient(&self) -> bool {
        match self.kind {
            ErrorKind::Network | ErrorKind::Timeout => true,
            ErrorKind::Http(status) => status == 429 || status >= 500,
            _ => false,
        }
    }

    /// The order really changed under the shopper and the store wrote nothing: refetch and
    /// re-run the policy. Told by the problem's `code`: a 409 may also mean
    /// `request_in_flight`, which says nothing about the order.
    pub fn is_conflict(&self) -> bool {
        matches!(self.code.as_str(), "state_changed" | "stale_version")
    }

    /// An earlier copy of this request (the same key) is still running at the store: its
    /// answer is the one to show, once it is there.
    pub fn is_in_flight(&self) -> bool {
        self.code == "request_in_flight"
    }
}

/// The problem+json body; unknown members are ignored.
#[derive(Default)]
pub(crate) struct Problem {
    pub code: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
    pub refusals: Vec<RefusalNote>,
}
decode_struct!(Problem { code, title, detail; refusals });
