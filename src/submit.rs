//! The submit workflow: post one cancellation, tell the host page as it goes, and turn every
//! answer into what the shopper should be shown. A plain async function over the [`Backend`]
//! trait, so it is tested natively with a fake backend; the components only call it.

use crate::api::{ApiError, Backend, CancelCall, ErrorKind};
use crate::events::{self, EventDetail};
use cancel_policy::{
    eligibility, Cancellation, CancellationStatus, Eligibility, Order, OrderItem, Policy,
    RefundQuote, Timestamp,
};

/// A submission that can be sent again unchanged: same body, same idempotency key.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    /// The order as the shopper saw it.
    pub order: Order,
    /// The request as posted, with its idempotency key and version.
    pub call: CancelCall,
    /// The refund the shopper was shown for what is cancelled at once.
    pub quote: Option<RefundQuote>,
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
    /// The order changed first; what each chosen item allows now.
    Changed { items: Vec<Reevaluated> },
    /// No answer (or none that could be read) after retries: it may or may not have gone
    /// through, so offer the same submission, with the same key, again.
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
}

/// Posts the submission and decides what the shopper should see; emits `submitted`, then
/// `completed`/`requested` per recorded cancellation or `failed`.
pub async fn submit(cx: SubmitContext<'_>, s: &Submission) -> SubmitResult {
    let request = &s.call.request;
    let mut submitted = EventDetail::new(&s.order, &request.items, request.reason_code.as_deref());
    if let Some(q) = &s.quote {
        submitted = submitted.with_refund(&q.total, q.destination);
    }
    (cx.emit)(events::SUBMITTED, &submitted);
    match cx.backend.cancel(&s.call).await {
        Ok(done) => {
            for c in &done.cancellations {
                let name = if c.status == CancellationStatus::Requested {
                    events::REQUESTED
                } else {
                    events::COMPLETED
                };
                (cx.emit)(name, &EventDetail::of_cancellation(&done.order, c));
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
                ..EventDetail::new(&s.order, &request.items, request.reason_code.as_deref())
            };
            (cx.emit)(events::FAILED, &failed);
            explain_failure(&cx, e, s)
        }
    }
}

fn explain_failure(cx: &SubmitContext<'_>, e: ApiError, s: &Submission) -> SubmitResult {
    // An answer that cannot be read may come after the store recorded it, like no answer.
    if e.is_transient() || e.kind == ErrorKind::BadResponse {
        return SubmitResult::Unreachable {
            error: e,
            retry: s.clone(),
        };
    }
    if e.is_conflict() {
        // Re-run the policy on the order as it is now, for the items the shopper chose.
        let fresh = e.order.map(|o| *o).unwrap_or_else(|| s.order.clone());
        let now = (cx.now)();
        let items = cx
            .policy
            .map(|policy| {
                s.call
                    .request
                    .items
                    .iter()
                    .filter_map(|line| fresh.item(&line.item_id))
                    .map(|item| Reevaluated {
                        item: item.clone(),
                        verdict: eligibility(&fresh, item, policy, now),
                    })
                    .collect()
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
        (0..4)
            .map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_295.0) as u32))
            .collect::<Vec<_>>()
            .join("-")
    })
}
