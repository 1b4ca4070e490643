//! The real backend: the HTTP contract over `fetch` (gloo-net), with bearer auth, timeouts,
//! and retries with backoff for network errors, 5xx and 429 (honouring `Retry-After`).
//!
//! JSON goes through the browser's own `JSON` (read with `crate::decode`, written with
//! serde-wasm-bindgen), so the wasm carries no JSON parser of its own.

use super::{
    ApiError, ApiFuture, Backend, CancelCall, CancellationResult, ErrorKind, Failure, OrdersPage,
    OrdersQuery, Problem, TokenSource,
};
use crate::decode::{decode, member, Decode};
use crate::text::{concat, number};
use cancel_policy::{Order, Policy};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// How hard to try before telling the shopper.
#[derive(Clone, Debug)]
pub struct RetryOptions {
    /// Tries per call, the first included.
    pub attempts: u32,
    /// Wait before the second try; doubles for each further one.
    pub first_backoff_ms: u32,
    /// The longest wait between tries (also caps `Retry-After`).
    pub max_backoff_ms: u32,
    /// The longest one try may take.
    pub timeout_ms: u32,
    /// The longest all tries of one call may take together: a shopper hears within this
    /// time, whatever the backend does.
    pub deadline_ms: u32,
}

impl Default for RetryOptions {
    fn default() -> Self {
        RetryOptions {
            attempts: 3,
            first_backoff_ms: 400,
            max_backoff_ms: 4_000,
            timeout_ms: 10_000,
            deadline_ms: 15_000,
        }
    }
}

/// A try needs at least this long to be worth starting.
const MIN_TRY_MS: u32 = 1_000;

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

/// Builds one attempt's request from the token (if any) and that attempt's abort signal.
type BuildRequest<'a> =
    dyn Fn(Option<&str>, &web_sys::AbortSignal) -> Result<Request, ApiError> + 'a;

impl Inner {
    fn url(&self, path: &str) -> String {
        concat(&[&self.base_url, "/v1", path])
    }

    /// Sends the request `build` makes, again on transient failures, and reads the answer as
    /// a `T`. `build` runs once per attempt so each gets a fresh token and abort signal; the
    /// body and headers stay the same.
    async fn send<T: Decode>(&self, build: &BuildRequest<'_>) -> Result<T, ApiError> {
        parse(self.send_json(build, None).await?)
    }

    /// `send`'s retries, once for every answer type (the JSON as parsed): a generic loop was
    /// a copy per type in the wasm. `problem_order` reads the order a 409 or 412 problem
    /// carries; only a cancellation needs it, so its code stays in the details chunk.
    async fn send_json(
        &self,
        build: &BuildRequest<'_>,
        problem_order: Option<ReadOrder>,
    ) -> Result<JsValue, ApiError> {
        let started = js_sys::Date::now();
        let left =
            || (self.retry.deadline_ms as f64 - (js_sys::Date::now() - started)).max(0.0) as u32;
        let mut attempt = 1;
        loop {
            let token = self.token.current().await?;
            // Each try gets its own abort signal, cut short so the deadline holds.
            let signal =
                web_sys::AbortSignal::timeout_with_u32(self.retry.timeout_ms.min(left()).max(1));
            let result = self
                .once(build(token.as_deref(), &signal)?, &signal, problem_order)
                .await;
            match result {
                Err(e) if e.is_transient() && attempt < self.retry.attempts => {
                    let backoff = self
                        .retry
                        .first_backoff_ms
                        .saturating_mul(1 << (attempt - 1));
                    let wait = e
                        .retry_after_s
                        .map(|s| s.saturating_mul(1000))
                        .unwrap_or(backoff)
                        .min(self.retry.max_backoff_ms);
                    // No time left for a wait and a useful try: tell the shopper now.
                    if wait.saturating_add(MIN_TRY_MS) > left() {
                        return Err(e);
                    }
                    sleep(wait).await;
                    attempt += 1;
                }
                Err(e) => return Err(e),
                Ok(value) => return Ok(value),
            }
        }
    }

    async fn once(
        &self,
        request: Request,
        signal: &web_sys::AbortSignal,
        problem_order: Option<ReadOrder>,
    ) -> Result<JsValue, ApiError> {
        let response = request.send().await.map_err(|e| {
            // Our own signal says whether the time ran out; the error's text is the browser's.
            let (kind, code) = if signal.aborted() {
                (ErrorKind::Timeout, "timeout")
            } else {
                (ErrorKind::Network, "network")
            };
            ApiError::new(kind, code, gloo_text(e))
        })?;
        let status = response.status();
        let body = json_body(&response).await;
        if (200..300).contains(&status) {
            return body;
        }
        let retry_after = response
            .headers()
            .get("Retry-After")
            .and_then(|v| v.trim().parse().ok());
        let body = body.ok();
        let problem: Problem = body
            .as_ref()
            .and_then(|v| decode(v).ok())
            .unwrap_or_default();
        let order = body
            .as_ref()
            .zip(problem_order)
            .and_then(|(v, read)| read(v));
        let error = ApiError::from(Failure {
            kind: ErrorKind::Http(status),
            code: problem
                .code
                .unwrap_or_else(|| concat(&["http_", &number(status)])),
            detail: problem
                .detail
                .or(problem.title)
                .unwrap_or_else(|| response.status_text()),
            order,
            refusals: problem.refusals,
            retry_after_s: retry_after,
        });
        Err(error)
    }

    /// A GET with `query` as its parameters (gloo encodes them; passing them in the URL
    /// instead would leave a stray `&` at its end).
    fn get(
        &self,
        url: &str,
        query: &[(&str, String)],
        token: Option<&str>,
        signal: &web_sys::AbortSignal,
    ) -> Result<Request, ApiError> {
        let builder = Request::get(url).query(query.iter().map(|(k, v)| (*k, v)));
        self.prepare(builder, token, signal)
            .build()
            .map_err(build_error)
    }

    fn prepare(
        &self,
        builder: RequestBuilder,
        token: Option<&str>,
        signal: &web_sys::AbortSignal,
    ) -> RequestBuilder {
        let builder = builder
            .header("Accept", "application/json")
            .abort_signal(Some(signal));
        match token {
            Some(token) => builder.header("Authorization", &concat(&["Bearer ", token])),
            None => builder,
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

fn build_error(e: gloo_net::Error) -> ApiError {
    ApiError::new(ErrorKind::Config, "bad_request", gloo_text(e))
}

/// gloo's error as its text, the same as `to_string()` for what `fetch` and the request
/// builder raise. Matching keeps `gloo_net::Error`'s Display out of the wasm, and with it
/// serde_json's error messages and std's io::Error (-0.7 KB brotli): src/decode.rs reads the
/// answers, so gloo never decodes JSON and its serde variant never happens.
fn gloo_text(e: gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(e) => e.to_string(),
        gloo_net::Error::GlooError(text) => text,
        _ => String::from("cannot read the answer"),
    }
}

async fn json_body(response: &Response) -> Result<JsValue, ApiError> {
    let bad = |detail: String| ApiError::new(ErrorKind::BadResponse, "bad_response", detail);
    let text = response.text().await.map_err(|e| bad(gloo_text(e)))?;
    if text.is_empty() {
        return Ok(JsValue::NULL);
    }
    js_sys::JSON::parse(&text).map_err(|_| bad("the answer is not JSON".into()))
}

fn parse<T: Decode>(value: JsValue) -> Result<T, ApiError> {
    decode(&value).map_err(|e| {
        ApiError::new(
            ErrorKind::BadResponse,
            "bad_response",
            crate::text::concat(&["unexpected answer: ", &e.text()]),
        )
    })
}

/// Serialises with serde-wasm-bindgen, then `JSON.stringify`: no serde_json in the wasm.
/// A parcel request's body is a cancellation's (its reason, comment and destination, no
/// serialiser of its own) with its kind, item and quantity in place of the `items`.
fn to_json(call: &CancelCall) -> Result<String, ApiError> {
    let js = call
        .request
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ApiError::new(ErrorKind::Config, "bad_request", e.to_string()))?;
    if let (Some(kind), Some(line)) = (call.parcel, call.request.items.first()) {
        let set = |name: &str, value: JsValue| js_sys::Reflect::set(&js, &name.into(), &value);
        // `JSON.stringify` leaves out a member whose value is undefined.
        let _ = set("items", JsValue::UNDEFINED);
        let _ = set("kind", kind.as_str().into());
        let _ = set("item_id", line.item_id.as_str().into());
        let _ = set("quantity", line.quantity.into());
    }
    js_sys::JSON::stringify(&js).map(String::from).map_err(|_| {
        ApiError::new(
            ErrorKind::Config,
            "bad_request",
            "cannot encode the request",
        )
    })
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}
