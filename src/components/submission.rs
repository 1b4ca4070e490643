//! One order screen's submissions: each goes through the submit workflow (`crate::submit`),
//! one at a time, and its outcome stays on screen, as the result banner, across reloads of
//! the order. An outcome that may have changed the order has it read again.

use super::result_banner::result_banner;
use crate::dom::{div, El};
use crate::env::Env;
use crate::format;
use crate::submit::{self, Submission, SubmitContext, SubmitResult};
use cancel_policy::Order;
use leptos::prelude::*;

/// `Copy`, so the dialog, the banner and its "Try again" can each hold it.
#[derive(Clone, Copy)]
pub struct Submitter {
    env: Env,
    /// The last submission's outcome.
    pub result: RwSignal<Option<SubmitResult>>,
    /// A submission, first try or retry, is on its way.
    pub busy: RwSignal<bool>,
    /// The last submission is a parcel request, not a cancellation: its outcome says so.
    pub parcel: RwSignal<bool>,
}

impl Submitter {
    pub fn new(env: Env) -> Self {
        Submitter {
            env,
            result: RwSignal::new(None),
            busy: RwSignal::new(false),
            parcel: RwSignal::new(false),
        }
    }

    /// Sends `submission`, then runs `settled`; while one is on its way another press sends
    /// nothing (a double click is one submission, and the host hears each event once).
    pub fn send(self, submission: Submission, settled: impl FnOnce() + 'static) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.parcel.set(submission.call.parcel.is_some());
        leptos::task::spawn_local(async move {
            let outcome = run_submit(self.env, &submission).await;
            self.busy.set(false);
            settled();
            // Done and Changed moved the order on; after no answer nobody knows what the
            // store has. Either way it is read again before the shopper acts on it.
            let reread = !matches!(outcome, SubmitResult::Refused { .. });
            self.result.set(Some(outcome));
            if reread {
                self.env.reload();
            }
        });
    }

    /// The last outcome left it open whether anything was cancelled.
    pub fn outcome_unknown(self) -> bool {
        matches!(*self.result.read(), Some(SubmitResult::Unreachable { .. }))
    }

    /// Where the last outcome shows, with its refunds as `now` (the order as read since, if
    /// it could be) has them: they move on after the submission.
    pub fn banner(self, now: Option<&Order>) -> El {
        let env = self.env;
        let now = now.cloned();
        div("oc-result-slot").slot(
            move || self.result.get(),
            move |r| match r {
                Some(r) => vec![result_banner(env, r, self, now.as_ref()).into()],
                None => Vec::new(),
            },
        )
    }
}

/// Runs the submit workflow with the widget's backend, policy, clocks and host events.
async fn run_submit(env: Env, submission: &Submission) -> SubmitResult {
    let backend = env.backend();
    let policy = env.policy.get_untracked();
    let host = env.events();
    let cx = SubmitContext {
        backend: backend.as_ref(),
        policy: policy.as_ref(),
        now: &format::now,
        emit: &|name, detail| host.emit(name, detail),
        sleep: &|ms| Box::pin(crate::api::sleep(ms)),
        clock_ms: &js_sys::Date::now,
        deadline_ms: crate::api::RetryOptions::default().deadline_ms,
    };
    submit::submit(cx, submission).await
}
