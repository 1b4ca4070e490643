//! One call's requests: the URL, the headers, a try and its answer, and the retries with
//! backoff within the call's deadline.

use super::body::{build_error, gloo_text, json_body, parse};
use super::{Inner, ReadOrder};
use crate::api::{ApiError, ErrorKind, Failure, Problem};
use crate::decode::{decode, Decode};
use crate::text::{concat, number};
use gloo_net::http::{Request, RequestBuilder};
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

/// Builds one attempt's request from the token (if any) and that attempt's abort signal.
type BuildRequest<'a> =
    dyn Fn(Option<&str>, &web_sys::AbortSignal) -> Result<Request, ApiError> + 'a;

impl Inner {
    pub(super) fn url(&self, path: &str) -> String {
        concat(&[&self.base_url, "/v1", path])
    }

    /// Sends the request `build` makes, again on transient failures, and reads the answer as
    /// a `T`. `build` runs once per attempt so each gets a fresh token and abort signal; the
    /// body and headers stay the same.
    pub(super) async fn send<T: Decode>(&self, build: &BuildRequest<'_>) -> Result<T, ApiError> {
        parse(self.send_json(build, None).await?)
    }

    /// `send`'s retries, once for every answer type (the JSON as parsed): a generic loop was
    /// a copy per type in the wasm. `problem_order` reads the order a 409 or 412 problem
    /// carries; only a cancellation needs it, so its code stays in the details chunk.
    pub(super) async fn send_json(
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
    pub(super) fn get(
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

    pub(super) fn prepare(
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
