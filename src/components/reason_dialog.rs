//! The reason dialog: an accessible modal with the policy's reasons, the comment when
//! required, the refund quote and its destination, and confirm / keep. In parcel mode the
//! same dialog asks to stop a parcel or gives notice of a refused delivery: its own heading
//! and button, and what happens next.

use super::details_state::Details;
use super::dialog_form::Form;
use super::dialog_quote::{lines_count, quote};
use super::item_row::ask_label;
use super::shared::{reason_text, still_trying, working};
use crate::dom::{
    after_mount, button, div, fieldset, h3, input, label, legend, li, option, select, span, text,
    textarea, ul, El,
};
use crate::focus::trap_focus;
use cancel_policy::{CancelledLine, ParcelRequest, RefundDestination};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The dialog, with its backdrop, for cancelling `lines` of the order `d` shows (bundles
/// already expanded), or for `parcel` about its one line: Keep closes it, Confirm hands `d`
/// the checked request.
pub fn reason_dialog(d: Details, lines: Vec<CancelledLine>, parcel: Option<ParcelRequest>) -> El {
    let (env, submitting) = (d.env, d.submitter.busy);
    // The answers are the order screen's, so a new language keeps them.
    let form = Form {
        lines: RwSignal::new(lines),
        parcel,
        ..d.answers
    };
    let policy = env.policy.get_untracked();
    let reasons = policy
        .as_ref()
        .map(|p| p.reasons.clone())
        .unwrap_or_default();
    let reason_required = policy.as_ref().is_some_and(|p| p.reason_required);
    let destinations = policy
        .as_ref()
        .map(|p| p.refund_destinations.clone())
        .unwrap_or_default();
    let max_chars = policy.as_ref().map_or(500, |p| p.comment_max_chars);
    let comment_required = move || {
        env.policy.with(|p| {
            p.and_then(|p| p.reason(&form.reason.get()))
                .is_some_and(|r| r.comment_required)
        })
    };
    let units = lines_count(&untrack(|| form.plan()));

    let keep = move |_| d.close_dialog();
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            d.close_dialog();
        }
        "Tab" => {
            if let Some(root) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            {
                trap_focus(&root, &ev);
            }
        }
        _ => {}
    };
    let confirm = move |_| {
        form.tried.set(true);
        if !untrack(|| form.problems()).is_empty() {
            return;
        }
        d.confirm(
            untrack(|| form.request()),
            untrack(|| form.plan()).and_then(Result::ok),
        );
    };

    let title = h3("oc-dialog__title")
        .attr("id", "oc-dialog-title")
        .text_with(move || match parcel {
            // The heading is the button that opened it.
            Some(kind) => ask_label(env, kind),
            None => env.locale.tn(
                if form.only_requests() {
                    "dialog.request_title"
                } else {
                    "dialog.title"
                },
                units,
                &[],
            ),
        });
    let reason_field = label("oc-field")
        .child(span("").text(&env.t(if reason_required {
            "dialog.reason"
        } else {
            "dialog.reason_optional"
        })))
        .child(
            select("")
                .child(option("").attr("value", "").text(&env.t("dialog.choose")))
                .each(&reasons, |r| {
                    option("").attr("value", &r.code).text(&reason_text(env, r))
                })
                .prop_with("value", move || form.reason.get().into())
                .on_change(move |ev| form.reason.set(crate::dom::target_value(&ev))),
        );
    let comment_field = label("oc-field")
        .child(span("").text_with(move || {
            env.t(if comment_required() {
                "dialog.comment_required"
            } else {
                "dialog.comment"
            })
        }))
        .child(
            textarea("")
                .attr("rows", "2")
                .attr("maxlength", &max_chars.to_string())
                .prop_with("value", move || form.comment.get().into())
                .on_input(move |ev| form.comment.set(crate::dom::target_value(&ev))),
        );
    let destination_field = (destinations.len() > 1).then(|| {
        let radio = |(i, d): (usize, &RefundDestination)| {
            let choice = i as u32 + 1;
            label("oc-radio")
                .child(
                    input("")
                        .attr("type", "radio")
                        .attr("name", "oc-destination")
                        // The first is the default until the shopper picks another.
                        .prop_with("checked", move || {
                            JsValue::from_bool(form.destination.get().max(1) == choice)
                        })
                        .on_change(move |_| form.destination.set(choice)),
                )
                .text(&env.t(match d {
                    RefundDestination::OriginalPayment => "dest.original_payment",
                    RefundDestination::StoreCredit => "dest.store_credit",
                }))
        };
        fieldset("oc-field")
            .child(legend("").text(&env.t("dialog.refund_to")))
            .each(destinations.iter().enumerate(), radio)
    });
    let quote = quote(form);
    let problems = ul("oc-problems").attr("role", "alert").slot(
        move || form.problems(),
        |problems| {
            let mut items = Vec::new();
            for problem in &problems {
                items.push(li("").text(problem).into());
            }
            items
        },
    );
    let keep_button = button("oc-button")
        .text(&env.t("dialog.keep"))
        .on_click(keep);
    // Red says a cancellation cannot be undone; a parcel request is sent as any request.
    let confirm_button = button(match parcel {
        Some(_) => "oc-button oc-button--primary",
        None => "oc-button oc-button--danger",
    })
    .flag_with("disabled", move || submitting.get())
    .attr_with("aria-busy", move || Some(submitting.get().to_string()))
    .on_click(confirm)
    .slot(
        move || (submitting.get(), form.only_requests()),
        move |(busy, only_requests)| match (busy, parcel, only_requests) {
            (true, _, _) => working(env, parcel.is_some()),
            (false, Some(ParcelRequest::RefusalNotice), _) => {
                vec![text(&env.t("dialog.confirm_notice"))]
            }
            (false, Some(_), _) | (false, None, true) => {
                vec![text(&env.t("dialog.confirm_request"))]
            }
            (false, None, false) => vec![text(&env.locale.tn("dialog.confirm", units, &[]))],
        },
    );
    // Once on the page, the dialog puts the focus on its safe choice (as the focus was in the
    // widget, on what opened it); built again in a new language, only if the focus was in the
    // old one, never taking it from the host page.
    let first_focus = keep_button.element();
    after_mount(move || crate::focus::focus_if_lost(first_focus.unchecked_ref(), true));

    div("oc-modal")
        .child(div("oc-backdrop").on_click(keep))
        .child(
            div("oc-dialog")
                .attr("role", "dialog")
                .attr("aria-modal", "true")
                .attr("aria-labelledby", "oc-dialog-title")
                .on_keydown(on_keydown)
                .child(title)
                .child(reason_field)
                .child(comment_field)
                .maybe(destination_field)
                .child(quote)
                .child(problems)
                .child(
                    div("oc-dialog__actions")
                        .child(keep_button)
                        .child(confirm_button),
                )
                .child(still_trying(env, submitting)),
        )
}
