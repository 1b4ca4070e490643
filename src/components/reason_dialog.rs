//! The reason dialog: an accessible modal with the policy's reasons, the comment when
//! required, the refund quote and its destination, and confirm / keep.

use super::shared::{still_trying, working};
use crate::describe;
use crate::dom::{
    after_mount, button, div, fieldset, h3, input, label, legend, li, option, p, select, span,
    strong, text, textarea, ul, El,
};
use crate::env::Env;
use crate::format;
use cancel_policy::{
    plan_items, reason_refusals, CancellationRequest, CancelledLine, Money, Order, Plan,
    RefundQuote, Refusal,
};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Node;

/// What the dialog needs from the screen that opens it.
pub struct DialogProps {
    pub env: Env,
    /// The order as the shopper sees it.
    pub order: StoredValue<Order>,
    /// What is being cancelled (bundles already expanded).
    pub lines: Vec<CancelledLine>,
    /// True while the submission is on its way.
    pub submitting: RwSignal<bool>,
    /// Closes without cancelling.
    pub on_keep: Rc<dyn Fn()>,
    /// Sends the checked request, with the plan the dialog showed for it (`None` without a
    /// policy).
    pub on_confirm: Rc<dyn Fn(CancellationRequest, Option<Plan>)>,
}

/// The shopper's answers so far, and what the policy makes of them.
#[derive(Clone, Copy)]
struct Form {
    env: Env,
    order: StoredValue<Order>,
    lines: StoredValue<Vec<CancelledLine>>,
    reason: RwSignal<String>,
    comment: RwSignal<String>,
    /// 0 until the shopper picks one; then the index in the policy's destinations, plus one.
    destination: RwSignal<u32>,
    /// Confirm was pressed once: from now on the problems show.
    tried: RwSignal<bool>,
}

impl Form {
    fn request(self) -> CancellationRequest {
        let destination = self.destination.get().checked_sub(1);
        CancellationRequest {
            items: self.lines.get_value(),
            reason_code: Some(self.reason.get()).filter(|r| !r.is_empty()),
            comment: Some(self.comment.get()).filter(|c| !c.trim().is_empty()),
            refund_destination: destination.and_then(|i| {
                self.env.policy.with_untracked(|p| {
                    p.and_then(|p| p.refund_destinations.get(i as usize).copied())
                })
            }),
        }
    }

    /// The quote and the split, from the policy, before a reason is chosen.
    fn plan(self) -> Option<Result<Plan, Vec<Refusal>>> {
        let request = self.request();
        self.env.policy.with(|p| {
            p.map(|p| {
                self.order
                    .with_value(|o| plan_items(o, p, &request, self.env.now.get()))
            })
        })
    }

    /// Nothing is cancelled now; all of it becomes a request to the seller.
    fn only_requests(self) -> bool {
        matches!(self.plan(), Some(Ok(p)) if p.cancel_now.is_empty())
    }

    /// What the server's `plan()` would refuse, in words: the items' refusals, then the
    /// reason's. Empty until confirm was pressed.
    fn problems(self) -> Vec<String> {
        if !self.tried.get() {
            return Vec::new();
        }
        let request = self.request();
        let items = self.plan().and_then(Result::err).unwrap_or_default();
        self.env.policy.with(|p| match p {
            Some(p) => items
                .iter()
                .chain(&reason_refusals(p, &request))
                .map(|r| describe::refusal(self.env.locale, &r.into()))
                .collect(),
            None => Vec::new(),
        })
    }
}

/// The dialog, with its backdrop.
pub fn reason_dialog(props: DialogProps) -> El {
    let DialogProps {
        env,
        order,
        lines,
        submitting,
        on_keep,
        on_confirm,
    } = props;
    let form = Form {
        env,
        order,
        lines: StoredValue::new(lines),
        reason: RwSignal::new(String::new()),
        comment: RwSignal::new(String::new()),
        destination: RwSignal::new(0),
        tried: RwSignal::new(false),
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

    let keep = {
        let on_keep = on_keep.clone();
        move |_| on_keep()
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            on_keep();
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
        if untrack(|| form.problems()).is_empty() {
            on_confirm(
                untrack(|| form.request()),
                untrack(|| form.plan()).and_then(Result::ok),
            );
        }
    };

    let title = h3("oc-dialog__title")
        .attr("id", "oc-dialog-title")
        .text_with(move || {
            env.locale.tn(
                if form.only_requests() {
                    "dialog.request_title"
                } else {
                    "dialog.title"
                },
                units,
                &[],
            )
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
                .children(
                    reasons
                        .iter()
                        .map(|r| {
                            option("")
                                .attr("value", &r.code)
                                .text(&env.t(&r.label_key))
                                .into()
                        })
                        .collect(),
                )
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
        let radios = destinations.iter().enumerate().map(|(i, d)| {
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
                .text(&env.t(&format!("dest.{}", d.as_str())))
                .into()
        });
        fieldset("oc-field")
            .child(legend("").text(&env.t("dialog.refund_to")))
            .children(radios.collect())
    });
    let quote = div("oc-quote").slot(
        move || form.plan().and_then(Result::ok),
        move |plan| {
            let Some(plan) = plan else { return Vec::new() };
            let currency = order.with_value(|o| o.currency.clone());
            let mut nodes = if plan.cancel_now.is_empty() {
                Vec::new()
            } else {
                quote_rows(env, &plan.refund_now, &currency)
            };
            if !plan.request.is_empty() {
                let amount = format::money(env.locale, &plan.refund_if_approved.total);
                let units = plan.request.iter().map(|l| l.quantity).sum();
                nodes.push(
                    p("oc-muted")
                        .text(
                            &env.locale
                                .tn("dialog.request_note", units, &[("amount", &amount)]),
                        )
                        .into(),
                );
            }
            nodes
        },
    );
    let problems = ul("oc-problems").attr("role", "alert").slot(
        move || form.problems(),
        |problems| problems.iter().map(|p| li("").text(p).into()).collect(),
    );
    let keep_button = button("oc-button")
        .text(&env.t("dialog.keep"))
        .on_click(keep.clone());
    let confirm_button = button("oc-button oc-button--danger")
        .flag_with("disabled", move || submitting.get())
        .attr_with("aria-busy", move || Some(submitting.get().to_string()))
        .on_click(confirm)
        .slot(
            move || (submitting.get(), form.only_requests()),
            move |(busy, only_requests)| match (busy, only_requests) {
                (true, _) => working(env),
                (false, true) => vec![text(&env.t("dialog.confirm_request"))],
                (false, false) => vec![text(&env.locale.tn("dialog.confirm", units, &[]))],
            },
        );
    // Once on the page, the dialog puts the focus on its safe choice.
    let first_focus = keep_button.element();
    after_mount(move || {
        let _ = first_focus.unchecked_ref::<web_sys::HtmlElement>().focus();
    });

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

fn lines_count(plan: &Option<Result<Plan, Vec<Refusal>>>) -> u32 {
    match plan {
        Some(Ok(p)) => (p.cancel_now.iter().chain(&p.request))
            .map(|l| l.quantity)
            .sum(),
        _ => 0,
    }
}

/// The refund now: items, discount, tax, shipping (each when not zero), the total, and
/// whether the payment is only voided.
fn quote_rows(env: Env, q: &RefundQuote, currency: &str) -> Vec<Node> {
    let money = |amount: i64| format::money(env.locale, &Money::new(amount, currency));
    let row = |key: &str, amount: &str, class: &str, figure: fn(&str) -> El| {
        div(class)
            .child(span("").text(&env.t(key)))
            .child(figure("").text(amount))
            .into()
    };
    let parts = [
        ("quote.items", q.items),
        ("quote.discount", -q.discount),
        ("quote.tax", q.tax),
        ("quote.shipping", q.shipping),
    ];
    let mut rows: Vec<Node> = parts
        .iter()
        .filter(|(_, amount)| *amount != 0)
        .map(|(key, amount)| row(key, &money(*amount), "oc-quote__row", span))
        .collect();
    rows.push(row(
        "quote.total",
        &money(q.total.amount),
        "oc-quote__row oc-quote__total",
        strong,
    ));
    if q.voided > 0 {
        rows.push(p("oc-muted").text(&env.t("dialog.voided")).into());
    }
    rows
}

/// Keeps Tab and Shift+Tab inside the dialog.
fn trap_focus(root: &web_sys::HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(nodes) =
        root.query_selector_all("button:not([disabled]), select, textarea, input, a[href]")
    else {
        return;
    };
    let focusable: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    // Inside a shadow root the document only knows the host: ask the root node.
    let active = js_sys::Reflect::get(&root.get_root_node(), &"activeElement".into()).ok();
    let is = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == AsRef::<JsValue>::as_ref(el))
    };
    if ev.shift_key() && is(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && is(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
