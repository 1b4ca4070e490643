//! The submit workflow: post one cancellation or parcel request, tell the host page as it
//! goes, and turn every answer into what the shopper should be shown. A plain async function over the [`Backend`]
//! trait, so it is tested natively with a fake backend; the components only call it.

use crate::api::{ApiError, Backend, CancelCall, CancellationResult, ErrorKind};
use crate::events::{self, EventDetail};
use cancel_policy::{
    eligibility, Cancellation, CancellationStatus, Eligibility, Order, OrderItem, Policy,
    RefundQuote, Timestamp,
};
use std::future::Future;
use std::pin::Pin;

/// A submission that can be sent again unchanged: same body, same idempotency key.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    /// The order as the shopper saw it.
    pub order: Order,
    /// The request as posted, with its idempotency key and version.
    pub call: CancelCall,
    /// The refund the shopper was shown for what is cancelled at once.
    pub quote: Option<RefundQuote>,
    /// The events the host page already heard for this confirmation: each is told once,
    /// however often the shopper presses "Try again".
    pub announced: Vec<&'static str>,
}

impl Submission {
    /// A first submission: nothing announced yet.
    pub fn new(order: Order, call: CancelCall, quote: Option<RefundQuote>) -> Self {
        Submission {
            order,
            call,
            quote,
            announced: Vec::new(),
        }
    }
}

/// What a submission came to.
#[derive(Clone, Debug, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "one value per submission, moved once: a box would cost code and save nothing"
)]
pub enum SubmitResult {
    /// Recorded: completed and/or requested cancellations.
    Done {
        cancellations: Vec<Cancellation>,
        order: Order,
    },
    /// A parcel request recorded (its id; the order has it): the store tries to stop the
    /// parcel, or expects it back.
    Asked { request_id: String, order: Order },
    /// The order changed first; what each chosen item allows now.
    Changed { items: Vec<Reevaluated> },
    /// No answer (or none that could be read, or the store still busy with an earlier copy)
    /// within the deadline: it may or may not have gone through, so offer the same
    /// submission, with the same key, again.
    Unreachable { error: ApiError, retry: Submission },
    /// The server refused; the error carries its refusals when it gave them.
    Refused { error: ApiError },
}

/// One chosen item as it is now, and what the policy says of it now.
#[derive(Clone, Debug, PartialEq)]
pub struct Reevaluated {
    /// The item in the fresh order.
    pub item: OrderItem,
    /// The policy's answer for it at the time of the answer.
    pub verdict: Eligibility,
}

/// What the workflow needs besides the submission.
pub struct SubmitContext<'a> {
    /// Where the request goes.
    pub backend: &'a dyn Backend,
    /// The merchant's policy, to re-evaluate the items after a conflict.
    pub policy: Option<&'a Policy>,
    /// The clock, read when the answer arrives.
    pub now: &'a dyn Fn() -> Timestamp,
    /// Tells the host page (event name, detail).
    pub emit: &'a dyn Fn(&str, &EventDetail),
    /// Waits this many milliseconds (a timer in the browser; tests pass a fake clock's).
    pub sleep: &'a dyn Fn(u32) -> Pin<Box<dyn Future<Output = ()>>>,
    /// Milliseconds since some fixed moment, for the deadline.
    pub clock_ms: &'a dyn Fn() -> f64,
    /// The longest one press may take, waits for an earlier copy of the request included:
    /// the backend's own deadline for a call, so the shopper hears within it.
    pub deadline_ms: u32,
}

/// How long to wait for an earlier copy when the store gives no `Retry-After` (a gateway
/// that does not expose it), and the longest wait it may ask for.
const IN_FLIGHT_WAIT_MS: (u32, u32) = (1_000, 4_000);
/// A try needs at least this long to be worth starting after a wait.
const MIN_TRY_MS: f64 = 1_000.0;

/// Posts the submission and decides what the shopper should see; emits `submitted`, then
/// `completed`/`requested` per recorded cancellation, `parcel-requested` for a recorded
/// parcel request, or `failed`, each at most once per confirmation (see
/// [`Submission::announced`]).
pub async fn submit(cx: SubmitContext<'_>, s: &Submission) -> SubmitResult {
    let mut announced = s.announced.clone();
    let mut emit = |name: &'static str, detail: &EventDetail| {
        if !announced.contains(&name) {
            announced.push(name);
            (cx.emit)(name, detail);
        }
    };
    let request = &s.call.request;
    let about = || EventDetail::new(&s.order, &request.items, request.reason_code.as_deref());
    let submitted = match &s.quote {
        Some(q) => about().with_refund(&q.total, q.destination),
        None => about(),
    };
    emit(events::SUBMITTED, &submitted);
    match send_until_answered(&cx, &s.call).await {
        Ok(done) => {
            if let Some(asked) = &done.parcel_request {
                // What was sent (its refund: what the dialog quoted for once the parcel is
                // back), with the request's id and kind.
                let detail = EventDetail {
                    parcel_request_id: Some(asked.id.clone()),
                    parcel_request_kind: Some(asked.kind.as_str().into()),
                    ..submitted
                };
                emit(events::PARCEL_REQUESTED, &detail);
                return SubmitResult::Asked {
                    request_id: asked.id.clone(),
                    order: done.order,
                };
            }
            for c in &done.cancellations {
                let name = if c.status == CancellationStatus::Requested {
                    events::REQUESTED
                } else {
                    events::COMPLETED
                };
                emit(name, &EventDetail::of_cancellation(&done.order, c));
            }
            SubmitResult::Done {
                cancellations: done.cancellations,
                order: done.order,
            }
        }
        Err(e) => {
            let failed = EventDetail {
                error: Some(events::EventError {
                    code: e.code.clone(),
                    detail: e.detail.clone(),
                }),
                ..about()
            };
            emit(events::FAILED, &failed);
            let retry = Submission {
                announced,
                ..s.clone()
            };
            explain_failure(&cx, e, retry)
        }
    }
}

/// Sends the call; while the store answers that an earlier copy of it (the same key: a
/// double send by a proxy or the browser) is still running, waits as long as it asks and
/// sends it again, within the deadline. The store then replays the first copy's answer.
async fn send_until_answered(
    cx: &SubmitContext<'_>,
    call: &CancelCall,
) -> Result<CancellationResult, ApiError> {
    let started = (cx.clock_ms)();
    loop {
        let e = match cx.backend.cancel(call).await {
            Err(e) if e.is_in_flight() => e,
            answer => return answer,
        };
        let (default, longest) = IN_FLIGHT_WAIT_MS;
        let wait = e
            .retry_after_s
            .map_or(default, |s| s.saturating_mul(1000))
            .min(longest);
        let spent = (cx.clock_ms)() - started;
        if spent + f64::from(wait) + MIN_TRY_MS > f64::from(cx.deadline_ms) {
            return Err(e);
        }
        (cx.sleep)(wait).await;
    }
}

fn explain_failure(cx: &SubmitContext<'_>, mut e: ApiError, s: Submission) -> SubmitResult {
    // An answer that cannot be read may come after the store recorded it, like no answer;
    // an earlier copy still running at the deadline may yet go through.
    if e.is_transient() || e.kind == ErrorKind::BadResponse || e.is_in_flight() {
        return SubmitResult::Unreachable { error: e, retry: s };
    }
    if e.is_conflict() {
        // Re-run the policy on the order as it is now, for the items the shopper chose.
        let fresh = e
            .order
            .take()
            .map(|o| *o)
            .unwrap_or_else(|| s.order.clone());
        let now = (cx.now)();
        let items = cx
            .policy
            .map(|policy| {
                let mut items = Vec::new();
                for line in &s.call.request.items {
                    if let Some(item) = fresh.item(&line.item_id) {
                        items.push(Reevaluated {
                            item: item.clone(),
                            verdict: eligibility(&fresh, item, policy, now),
                        });
                    }
                }
                items
            })
            .unwrap_or_default();
        return SubmitResult::Changed { items };
    }
    SubmitResult::Refused { error: e }
}

/// A fresh key for one submission; every retry of it reuses the key.
pub fn new_idempotency_key() -> String {
    let uuid = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid());
    uuid.unwrap_or_else(|| {
        // crypto.randomUUID needs a secure context; plain-http hosts get a random fallback.
        let mut key = String::new();
        for part in 0..4 {
            if part > 0 {
                key.push('-');
            }
            let random = (js_sys::Math::random() * 4_294_967_295.0) as u32;
            key.push_str(&format!("{random:08x}"));
        }
        key
    })
}
