//! The real backend: the HTTP contract over `fetch` (gloo-net), with bearer auth, timeouts,
//! and retries with backoff for network errors, 5xx and 429 (honouring `Retry-After`).
//!
//! JSON goes through the browser's own `JSON` (read with `crate::decode`, written with
//! serde-wasm-bindgen), so the wasm carries no JSON parser of its own.

mod body;
mod request;

pub use request::{sleep, RetryOptions};

use super::{
    ApiError, ApiFuture, Backend, CancelCall, CancellationResult, ErrorKind, OrdersPage,
    OrdersQuery, TokenSource,
};
use crate::decode::member;
use crate::text::{concat, number};
use body::{build_error, encode, parse, to_json};
use cancel_policy::{Order, Policy};
use gloo_net::http::Request;
use std::rc::Rc;
use wasm_bindgen::JsValue;

#[derive(Clone)]
pub struct HttpBackend {
    inner: Rc<Inner>,
}

struct Inner {
    base_url: String,
    token: TokenSource,
    retry: RetryOptions,
}

impl HttpBackend {
    pub fn new(base_url: &str, token: TokenSource, retry: RetryOptions) -> Self {
        let base_url = base_url.trim_end_matches('/').to_string();
        HttpBackend {
            inner: Rc::new(Inner {
                base_url,
                token,
                retry,
            }),
        }
    }
}

impl Backend for HttpBackend {
    fn policy(&self) -> ApiFuture<Policy> {
        let inner = self.inner.clone();
        Box::pin(async move {
            inner
                .send(&|token, signal| inner.get(&inner.url("/policy"), &[], token, signal))
                .await
        })
    }

    fn orders(&self, query: OrdersQuery) -> ApiFuture<OrdersPage> {
        let inner = self.inner.clone();
        Box::pin(async move {
            let url = inner.url("/orders");
            let mut params = vec![
                ("status", query.tab.as_str().to_string()),
                ("limit", number(query.limit.max(1))),
            ];
            if !query.search.trim().is_empty() {
                params.push(("q", query.search.trim().to_string()));
            }
            if let Some(cursor) = query.cursor {
                params.push(("cursor", cursor));
            }
            inner
                .send(&|token, signal| inner.get(&url, &params, token, signal))
                .await
        })
    }

    fn order(&self, id: &str) -> ApiFuture<Order> {
        let (inner, id) = (self.inner.clone(), id.to_string());
        Box::pin(async move {
            get_order::call(inner, id)
                .await
                .map_err(chunk_missing)?
                .await
        })
    }

    fn cancel(&self, call: &CancelCall) -> ApiFuture<CancellationResult> {
        let (inner, call) = (self.inner.clone(), call.clone());
        Box::pin(async move {
            post_cancellation::call(inner, call)
                .await
                .map_err(chunk_missing)?
                .await
        })
    }

    fn catalog(&self, tag: &'static str) -> ApiFuture<JsValue> {
        super::fetch_catalog(tag)
    }
}

/// Reads the order out of a problem body.
type ReadOrder = fn(&JsValue) -> Option<Box<Order>>;

/// The details chunk is here whenever the details ask for an order or a shopper submits;
/// if not, fetching it failed like any request would.
fn chunk_missing(_: crate::chunk::ChunkError) -> ApiError {
    ApiError::new(
        ErrorKind::Network,
        "network",
        "the widget's code could not be loaded",
    )
}

crate::chunk::split_point!(
    /// One order with its history: only the details read it, so the decoding of
    /// cancellations travels with their chunk (the list's cards do without).
    get_order in details,
    fn get(inner: Rc<Inner>, id: String) -> ApiFuture<Order> {
        let url = inner.url(&concat(&["/orders/", &encode(&id)]));
        let future: ApiFuture<Order> = Box::pin(async move { inner.send(&|token, signal| inner.get(&url, &[], token, signal)).await });
        future
    }
);

crate::chunk::split_point!(
    /// Posting a cancellation, or a parcel request (`call.parcel`): only the order details do
    /// it, so its code (the request body, the answer's type) travels with their chunk rather
    /// than the first screen's. Both are one path: the same headers, retries and answer.
    post_cancellation in details,
    fn post(inner: Rc<Inner>, call: CancelCall) -> ApiFuture<CancellationResult> {
        let collection = match call.parcel {
            Some(_) => "/parcel-requests",
            None => "/cancellations",
        };
        let url = inner.url(&concat(&["/orders/", &encode(&call.order_id), collection]));
        let body = to_json(&call);
        let future: ApiFuture<CancellationResult> = Box::pin(async move {
            let body = body?;
            let if_match = format!("\"{}\"", call.version);
            let build = |token: Option<&str>, signal: &web_sys::AbortSignal| {
                let mut builder = inner
                    .prepare(Request::post(&url), token, signal)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", &call.idempotency_key)
                    .header("If-Match", &if_match)
                    .header("Accept-Language", call.locale);
                if call.expect_cancel_now {
                    builder = builder.header("Expect-Outcome", "cancel_now");
                }
                builder.body(body.as_str()).map_err(build_error)
            };
            // A 409 or 412 carries the order as it is now, for the shopper's next decision.
            let problem_order: ReadOrder = |problem| member::<Option<Order>>(problem, "order").ok().flatten().map(Box::new);
            parse(inner.send_json(&build, Some(problem_order)).await?)
        });
        future
    }
);
