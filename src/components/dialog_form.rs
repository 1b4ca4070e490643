//! The reason dialog's answers so far, and what the policy makes of them: the request, its
//! plan (quote and split), and the problems to show once confirm was pressed.

use crate::describe;
use crate::env::Env;
use cancel_policy::{
    parcel_refund, plan_items, reason_refusals, CancellationRequest, CancelledLine, Order,
    ParcelRequest, Plan, Refusal,
};
use leptos::prelude::*;

/// The shopper's answers so far, and what the policy makes of them.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub env: Env,
    pub order: StoredValue<Order>,
    pub lines: RwSignal<Vec<CancelledLine>>,
    pub reason: RwSignal<String>,
    pub comment: RwSignal<String>,
    /// 0 until the shopper picks one; then the index in the policy's destinations, plus one.
    pub destination: RwSignal<u32>,
    /// Confirm was pressed once: from now on the problems show.
    pub tried: RwSignal<bool>,
    /// In parcel mode: the request the dialog sends instead of a cancellation.
    pub parcel: Option<ParcelRequest>,
}

impl Form {
    pub(super) fn request(self) -> CancellationRequest {
        let destination = self.destination.get().checked_sub(1);
        CancellationRequest {
            items: self.lines.get_untracked(),
            reason_code: Some(self.reason.get()).filter(|r| !r.is_empty()),
            comment: Some(self.comment.get()).filter(|c| !c.trim().is_empty()),
            refund_destination: destination.and_then(|i| {
                self.env.policy.with_untracked(|p| {
                    p.and_then(|p| p.refund_destinations.get(i as usize).copied())
                })
            }),
        }
    }

    /// The quote and the split, from the policy, before a reason is chosen. In parcel mode,
    /// what its line refunds once the parcel is back (`parcel_refund`): the dialog then shows
    /// and checks it as it does a cancellation's.
    pub(super) fn plan(self) -> Option<Result<Plan, Vec<Refusal>>> {
        let request = self.request();
        self.env.policy.with(|p| {
            p.map(|p| {
                let order = self.order.read_value();
                match self.parcel {
                    Some(_) => parcel_refund(&order, p, &request.items, request.refund_destination)
                        .map(|q| Plan {
                            cancel_now: request.items.clone(),
                            request: Vec::new(),
                            refund_now: q.clone(),
                            refund_if_approved: q,
                        })
                        .map_err(|r| vec![r]),
                    None => plan_items(&order, p, &request, self.env.now.get()),
                }
            })
        })
    }

    /// Nothing is cancelled now; all of it becomes a request to the seller.
    pub(super) fn only_requests(self) -> bool {
        matches!(self.plan(), Some(Ok(p)) if p.cancel_now.is_empty())
    }

    /// What the server's `plan()` (or parcel request check: the same two parts) would
    /// refuse, in words: the items' refusals, then the reason's. Empty until confirm was
    /// pressed.
    pub(super) fn problems(self) -> Vec<String> {
        if !self.tried.get() {
            return Vec::new();
        }
        let request = self.request();
        let items = self.plan().and_then(Result::err).unwrap_or_default();
        let mut problems = Vec::new();
        self.env.policy.with(|p| {
            if let Some(p) = p {
                for r in items.iter().chain(&reason_refusals(p, &request)) {
                    problems.push(describe::refusal(self.env.locale, &r.into()));
                }
            }
        });
        problems
    }
}
