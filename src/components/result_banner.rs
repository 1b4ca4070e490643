//! What happened after a submission, in words: done, requested, changed meanwhile,
//! unreachable, refused. The workflow (`crate::submit`) decides; this only shows it.

use super::parcels::{parcel_sent, refund_sentence};
use super::refunds::refund_for;
use super::shared::{reason_text, still_trying, working};
use super::submission::Submitter;
use crate::api::ErrorKind;
use crate::describe;
use crate::dom::{a, after_mount, button, div, li, p, strong, text, ul, El};
use crate::env::Env;
use crate::format;
use crate::submit::{Reevaluated, SubmitResult};
use cancel_policy::{refunds_standing, Cancellation, CancellationStatus, Order, RefundStatus};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Node;

/// The banner for `result`, its refunds as `now` (the order as read since) has them. Its
/// "Try again" (only offered for `Unreachable`) sends the same submission again through
/// `submitter`, showing the wait while it runs; "Dismiss" hides it.
pub fn result_banner(
    env: Env,
    result: SubmitResult,
    submitter: Submitter,
    now: Option<&Order>,
) -> El {
    let parcel = submitter.parcel.get_untracked();
    let (tone, body): (&str, Vec<Node>) = match result {
        SubmitResult::Asked { request_id, order } => (
            "success",
            parcel_sent(env, &request_id, now.unwrap_or(&order)),
        ),
        SubmitResult::Done {
            cancellations,
            order,
        } => {
            // Green while every refund is on its way or back; once one failed or was called
            // off, the box says so in its tone as its lines do.
            let order = now.unwrap_or(&order);
            let tone = match refunds_standing(order, &cancellations) {
                Some(RefundStatus::Failed) => "error",
                Some(RefundStatus::Canceled) => "warning",
                _ => "success",
            };
            (tone, done(env, &cancellations, order))
        }
        SubmitResult::Changed { items } => {
            // The title's punctuation is the catalog's ("{title}: {now}", "{title}：{now}").
            let line = |r: &Reevaluated| {
                let now = changed(env, r);
                let text = env.tf("result.changed_item", &[("title", "\u{1}"), ("now", &now)]);
                let (before, after) = text.split_once('\u{1}').unwrap_or(("", &text));
                li("")
                    .text(before)
                    .child(strong("").text(&r.item.title))
                    .text(after)
            };
            (
                "warning",
                vec![
                    p("").text(&env.t("result.conflict")).into(),
                    ul("").each(&items, line).into(),
                ],
            )
        }
        SubmitResult::Unreachable { error, retry } => {
            // The store answered, but was still at an earlier copy when the time was up.
            let (what, says_why) = match (error.is_in_flight(), parcel) {
                (true, false) => (env.t("result.in_flight"), true),
                (true, true) => (env.t("result.parcel_in_flight"), true),
                (false, _) => (env.t("result.network"), error.kind == ErrorKind::Network),
            };
            let mut body = vec![p("").text(&what).into()];
            // "Could not reach" says it all; a timeout or an unreadable answer adds why.
            if !says_why {
                body.push(
                    p("oc-muted")
                        .text(&describe::api_error(env.locale, &error))
                        .into(),
                );
            }
            let busy = submitter.busy;
            let again = button("oc-button oc-button--primary")
                .flag_with("disabled", move || busy.get())
                .attr_with("aria-busy", move || Some(busy.get().to_string()))
                .on_click(move |_| submitter.send(retry.clone(), || ()))
                .slot(
                    move || busy.get(),
                    move |busy| match busy {
                        true => working(env, parcel),
                        false => vec![text(&env.t("result.retry"))],
                    },
                );
            body.push(again.into());
            body.push(still_trying(env, busy).into());
            ("error", body)
        }
        SubmitResult::Refused { error } => {
            let messages = if error.refusals.is_empty() {
                vec![describe::api_error(env.locale, &error)]
            } else {
                error
                    .refusals
                    .iter()
                    .map(|r| describe::refusal(env.locale, r))
                    .collect()
            };
            let items = messages
                .iter()
                .map(|m| {
                    let failed = env.tf(
                        match parcel {
                            true => "result.parcel_failed",
                            false => "result.failed",
                        },
                        &[("detail", m)],
                    );
                    li("").text(&failed).into()
                })
                .collect();
            ("error", vec![ul("").children(items).into()])
        }
    };
    let banner = div(&format!("oc-alert oc-alert--{tone} oc-result"))
        .attr("role", "status")
        .attr("tabindex", "-1")
        .children(body)
        .child(
            button("oc-link oc-result__dismiss")
                .text(&env.t("result.dismiss"))
                .on_click(move |_| submitter.result.set(None)),
        );
    // The dialog (or the banner's own "Try again") that had the focus is gone, so the focus is
    // nowhere: the result takes it and is read out. Built again as the order is read again
    // behind it, it takes it back only from nowhere (its previous self had it), never from
    // where the shopper has moved on to meanwhile: the focus moves to a result once.
    let focus = banner.element();
    after_mount(move || crate::focus::focus_if_lost(focus.unchecked_ref(), false));
    banner
}

/// "Packed, awaiting carrier pickup: the seller decides… (since 09:12)": the item's state now,
/// its options, and when it changed.
fn changed(env: Env, r: &Reevaluated) -> String {
    let now = env.now.get_untracked();
    let when = format::time(env.locale, r.item.state_changed_at);
    let guidance = describe::guidance(env.locale, &r.item, &r.verdict, now).text;
    let state = env.state_label(r.item.state);
    // Most guidance already opens with the state's words; say them once.
    let text = if guidance.starts_with(&state) {
        guidance
    } else {
        let parts = [("state", state.as_str()), ("guidance", &guidance)];
        env.tf("result.changed_state", &parts)
    };
    let since = env.tf("result.since", &[("when", &when)]);
    env.locale.sentences(&text, &since)
}

/// A cancellation whose refund the order does not list yet: the amount quoted and where to.
fn completed(env: Env, c: &Cancellation) -> String {
    refund_sentence(env, false, &c.refund, c.refund_destination)
}

/// What was cancelled or requested; `order` is the order as read last, so each refund shows
/// where it stands now.
fn done(env: Env, cancellations: &[Cancellation], order: &Order) -> Vec<Node> {
    let line = |text: String| -> Node { p("").text(&text).into() };
    let mut nodes: Vec<Node> = Vec::new();
    for c in cancellations {
        match c.status {
            CancellationStatus::Requested => {
                nodes.push(line(match describe::seller_deadline(env.locale, c) {
                    Some(deadline) => env.locale.sentences(&env.t("result.requested"), &deadline),
                    None => env.t("result.requested"),
                }))
            }
            _ if c.refund.amount == 0 => nodes.push(line(env.t("result.completed_free"))),
            _ => match refund_for(env, order, &c.id) {
                Some(refund) => {
                    nodes.push(line(env.t("result.cancelled")));
                    nodes.push(refund.into());
                }
                None => nodes.push(line(completed(env, c))),
            },
        }
    }
    if let Some(first) = cancellations.first() {
        let when = env.tf(
            "result.recorded",
            &[("when", &format::date_and_time(env.locale, first.created_at))],
        );
        nodes.push(p("oc-muted").text(&when).into());
        // The reason picked, in the words the dialog showed.
        let reason = env.policy.with_untracked(|policy| {
            let reason = policy?.reason(&first.reason_code)?;
            Some(env.tf("reason.given", &[("reason", &reason_text(env, reason))]))
        });
        if let Some(reason) = reason {
            nodes.push(p("oc-muted").text(&reason).into());
        }
    }
    let mut links = div("oc-result__links");
    for c in cancellations {
        if c.status != CancellationStatus::Completed {
            continue;
        }
        for item in c.items.iter().filter_map(|line| order.item(&line.item_id)) {
            if let Some(href) = env.buy_again_link(&item.sku) {
                links = links.child(
                    a("oc-button")
                        .attr("href", &href)
                        .attr("target", "_top")
                        .text(&env.t("link.buy_again"))
                        .text(" · ")
                        .text(&item.title),
                );
            }
        }
    }
    nodes.push(links.into());
    nodes
}
